// Video files that are not what they seem (issue 19): playlists and file lists that make FFmpeg
// read other files, loop or wait forever; damaged streams; and the messages for each, from the
// decoder and the CLI. Every file is made here, in a temporary folder, with the ffmpeg CLI or
// byte by byte. Timestamps and live mode's side: tst_video_live.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QVector>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "fixtures.h"
#include "frame_schedule.h"
#include "video_decoder.h"
#include "video_file_source.h"
#include "video_test_util.h"

using namespace videotest;

namespace {

// The files opened in a folder while it lives (Linux inotify): proof that a file was not read.
class OpenWatch {
public:
    explicit OpenWatch(const QString& dir) : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
        if (m_fd >= 0) inotify_add_watch(m_fd, QFile::encodeName(dir).constData(), IN_OPEN | IN_ACCESS);
    }
    ~OpenWatch() {
        if (m_fd >= 0) close(m_fd);
    }
    bool ok() const { return m_fd >= 0; }
    QStringList opened() {
        QStringList names;
        alignas(inotify_event) char buffer[4096];
        ssize_t n;
        while ((n = read(m_fd, buffer, sizeof buffer)) > 0) {
            for (char* p = buffer; p < buffer + n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(p);
                if (e->len) names << QString::fromUtf8(e->name);
                p += sizeof(inotify_event) + e->len;
            }
        }
        names.removeDuplicates();
        return names;
    }

private:
    int m_fd;
};

// Opens the file and decodes at most `maxFrames`; the VideoError's message, or "".
QString decodeSome(const QString& path, int maxFrames = 1000, int* frames = nullptr) {
    ds::VideoDecoder decoder;
    int n = 0;
    QString message;
    try {
        decoder.open(path);
        ds::VideoFrame frame;
        while (n < maxFrames && decoder.next(frame)) ++n;
    } catch (const ds::VideoError& e) {
        message = QString::fromUtf8(e.what());
    }
    if (frames) *frames = n;
    return message;
}

}  // namespace

class TestVideoHostile : public QObject, private videotest::Files {
    Q_OBJECT

private slots:
    void initTestCase() { setUpTestCase(); }

    // Playlists and lists of files (issue 19): the decoder and the CLI refuse each at once,
    // saying what it is, and never open the file it names (other/secret.mkv, watched).
    void playlistsAreRefused_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QDir().mkpath(m_tmp.filePath("other"));
        QFile::copy(lossless(), m_tmp.filePath("other/secret.mkv"));  // a real video: it would play
        const QByteArray secret = QFile::encodeName(m_tmp.filePath("other/secret.mkv"));
        QTest::newRow("hls naming itself") << write("loop.m3u8", "#EXTM3U\n#EXTINF:1,\nloop.m3u8\n") << "playlist";
        QTest::newRow("hls naming itself as .mp4") << write("loop.mp4", "#EXTM3U\n#EXTINF:1,\nloop.mp4\n") << "playlist";
        QTest::newRow("live hls without ENDLIST")
            << write("live.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1,\n" + secret + "\n")
            << "playlist";
        QTest::newRow("hls disguised as .mp4")
            << write("holiday.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + secret + "\n#EXT-X-ENDLIST\n")
            << "playlist";
        QTest::newRow("ffconcat") << write("list.ffconcat", "ffconcat version 1.0\nfile other/secret.mkv\n") << "playlist";
        QTest::newRow("ffconcat as .mkv") << write("list.mkv", "ffconcat version 1.0\nfile other/secret.mkv\n")
                                          << "playlist";
        QTest::newRow("dash")
            << write("stream.mpd",
                     "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
                     "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\" type=\"static\">\n<Period>"
                     "<AdaptationSet><Representation id=\"1\" bandwidth=\"1\"><BaseURL>other/secret.mkv"
                     "</BaseURL></Representation></AdaptationSet></Period></MPD>\n")
            << "playlist";
    }

    void playlistsAreRefused() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        OpenWatch watch(m_tmp.filePath("other"));
        QVERIFY(watch.ok());
        QElapsedTimer t;
        t.start();
        int frames = -1;
        const QString message = decodeSome(path, 100, &frames);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(frames, 0);
        QVERIFY2(message.contains(path) && message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains("self-contained"), qPrintable(message));  // says why and what to do
        // The quick check the window makes on its thread says the same.
        QString checked;
        try {
            ds::VideoDecoder::check(path);
        } catch (const ds::VideoError& e) {
            checked = QString::fromUtf8(e.what());
        }
        QCOMPARE(checked, message);
        QVERIFY2(watch.opened().isEmpty(), qPrintable(watch.opened().join(' ')));
        // The CLI for the cases that hung it, grew it or played another file (each run ~1 s).
        if (QStringList{"hls naming itself as .mp4", "ffconcat as .mkv", "dash"}.contains(QTest::currentDataTag()))
            return;
        const Run cli = runBounded("densescope-cli", QStringList{"classify", "--video", path} + tinyArgs(), 20000);
        QVERIFY2(cli.code == 1, qPrintable(QString("exit %1 after %2 ms: %3").arg(cli.code).arg(cli.ms).arg(cli.err)));
        QVERIFY2(cli.err.contains(path) && cli.err.contains(expected), qPrintable(cli.err));
        QVERIFY2(watch.opened().isEmpty(), qPrintable(watch.opened().join(' ')));
    }

    // Messages (issue 19): each bad size or file kind gets its own message, through the
    // decoder and the CLI (and the app's --video for the pipe).
    void messages_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("wrong");  // what the message said before
        // An 8192 x 4992 picture in the middle of a 320 x 240 raw H.264 stream (two streams
        // joined): over the limit, said with its size, not "impossible".
        const QString small = clip("small.h264", {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=0.2",
                                                  "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "h264"});
        const QString big = clip("big.h264", {"-f", "lavfi", "-i", "color=black:size=8192x4992:rate=10:duration=0.1",
                                              "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "h264"});
        QFile a(small), b(big);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QTest::newRow("8192x4992 frame") << write("joined.h264", a.readAll() + b.readAll())
                                         << "8192 x 4992 pixels, over the 40-megapixel limit" << "impossible";
        // An IVF header that says 0 x 0, and no decodable picture.
        QByteArray ivf("DKIF");
        const auto le = [&](quint64 v, int bytes) { for (int i = 0; i < bytes; ++i) ivf.append(char(v >> (8 * i))); };
        le(0, 2), le(32, 2), ivf.append("VP80"), le(0, 2), le(0, 2), le(30, 4), le(1, 4), le(1, 4), le(0, 4);
        le(100, 4), le(0, 8), ivf.append(QByteArray(100, '\0'));
        QTest::newRow("0x0") << write("zero.ivf", ivf) << "no frame size (0 x 0)" << "megapixels";
        // A picture size FFmpeg refuses (av_image_check_size): the size, not "Device or resource busy".
        QTest::newRow("invalid picture size")
            << write("tall.y4m", "YUV4MPEG2 W1 H3000000 F25:1 C420jpeg\nFRAME\n" + QByteArray(100, '\x80'))
            << "1 x 3000000 pixels, a size FFmpeg cannot decode" << "busy";
        const QString fifo = m_tmp.filePath("pipe.mp4");
        QVERIFY(QFile::exists(fifo) || mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        QTest::newRow("fifo") << fifo << "not a regular file" << "no such file";
    }

    void messages() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QFETCH(QString, wrong);
        const QString message = decodeSome(path, 10);
        QVERIFY2(message.contains(path) && message.contains(expected), qPrintable(message));
        QVERIFY2(!message.contains(wrong, Qt::CaseInsensitive), qPrintable(message));
        const Run cli = runBounded("densescope-cli", QStringList{"classify", "--video", path} + tinyArgs(), 30000);
        QCOMPARE(cli.code, 1);
        QVERIFY2(cli.err.contains(expected) && !cli.err.contains(wrong, Qt::CaseInsensitive), qPrintable(cli.err));
        if (QTest::currentDataTag() != QLatin1String("fifo")) return;
        DS_SKIP_WINDOW_PROGRAM_WHEN_SANITIZED();
        const Run app = runBounded("densescope", QStringList{"--video", path} + tinyArgs(), 30000,
                                   {"QT_QPA_PLATFORM=offscreen", "DENSESCOPE_SETTINGS=" + m_tmp.filePath("fifo.ini")});
        QVERIFY(app.code != 0 && app.code != -2);
        QVERIFY2(app.err.contains(expected) && !app.err.contains(wrong, Qt::CaseInsensitive), qPrintable(app.err));
    }

    // Damaged streams (issue 19, VideoDecoder::next): clips with bytes flipped all through end
    // or fail cleanly within a time bound, every time; the failures are counted, not spun on.
    void damagedStreamsEnd_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("seed");
        const QString h264 = clip("damaged-src.mp4", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=25:duration=1",
                                                      "-c:v", "libx264", "-pix_fmt", "yuv420p", "-bf", "2", "-g", "5"});
        const QString vp9 = clip("damaged-src.webm", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=25:duration=1",
                                                      "-c:v", "libvpx-vp9", "-b:v", "200k"});
        for (const QString& src : {h264, vp9})
            for (int seed = 1; seed <= 4; ++seed)
                QTest::addRow("%s %d", qPrintable(QFileInfo(src).suffix()), seed) << src << seed;
    }

    void damagedStreamsEnd() {
        QFETCH(QString, path);
        QFETCH(int, seed);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        quint32 x = quint32(seed) * 2654435761u;
        // Past the first kilobyte (the header, so that the file still opens), one byte in 64.
        for (int i = 1024; i < bytes.size(); i += 1 + int((x = x * 1664525u + 1013904223u) >> 26))
            bytes[i] = char(bytes[i] ^ (1 << (x >> 29)));
        const QString damaged = write(QString("damaged-%1.%2").arg(seed).arg(QFileInfo(path).suffix()), bytes);
        QElapsedTimer t;
        t.start();
        ds::VideoDecoder decoder;
        int frames = 0;
        try {
            decoder.open(damaged);
            ds::VideoFrame frame;
            while (decoder.next(frame)) QVERIFY(++frames <= 200);
        } catch (const ds::VideoError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(damaged), e.what());
        }
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestVideoHostile)
#include "tst_video_hostile.moc"
