// Video times and live mode's side (issue 19): timestamps that jump by hours or overflow (the
// frame schedule, frame times, the time text), the live source opening files off the GUI
// thread and reporting failures, and densescope --video --screenshot of a slow clip. Files
// that are not what they seem: tst_video_hostile.
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

// Bytes read by the calling thread so far (Linux: /proc/thread-self/io, "rchar").
qint64 threadBytesRead() {
    QFile io(QStringLiteral("/proc/thread-self/io"));
    if (!io.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : io.readAll().split('\n'))
        if (line.startsWith("rchar:")) return line.mid(6).trimmed().toLongLong();
    return -1;
}

}  // namespace

class TestVideoLive : public QObject, private videotest::Files {
    Q_OBJECT

private slots:
    void initTestCase() { setUpTestCase(); }

    // Timestamps (issue 19): a clip whose timestamps jump an hour ahead in the middle (two clips
    // concatenated hours apart) plays through at its frame rate as a live source, not frozen
    // for the gap.
    void timestampJumpPlaysThrough() {
        const QString path = clip("jump.ts", {"-f", "lavfi", "-i", "testsrc=size=64x48:rate=25:duration=0.4", "-vf",
                                              "setpts='if(gte(N,5),PTS+3600/TB,PTS)'", "-vsync", "passthrough",
                                              "-c:v", "mpeg2video"});
        ds::VideoDecoder decoder;  // the file really jumps
        decoder.open(path);
        ds::VideoFrame frame;
        QVector<double> times;
        while (decoder.next(frame, false)) times << frame.timeS;
        QCOMPARE(times.size(), 10);
        QVERIFY2(times[5] - times[4] > 3599, qPrintable(QString::number(times[5] - times[4])));

        ds::ui::VideoFileSource source;
        source.open(path);
        source.setLoop(false);
        int frames = 0;
        connect(&source, &ds::ui::FrameSource::frameReady, this, [&] { ++frames; });
        QSignalSpy ended(&source, &ds::ui::FrameSource::ended);
        QSignalSpy failed(&source, &ds::ui::FrameSource::failed);
        QElapsedTimer t;
        t.start();
        QVERIFY(source.start());
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 10000);
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(frames + source.droppedAtSource(), qint64(10));
        QVERIFY2(source.position().startsWith("60:"), qPrintable(source.position()));  // the last frame's time
    }

    // When frames are due, with timestamps and clock readings at the ends of their ranges (the
    // sanitizer run checks the arithmetic): no wait beyond kMaxStepMs, every jump counted.
    void frameScheduleExtremes() {
        constexpr qint64 kMax = ds::FrameSchedule::kMaxStepMs;
        ds::FrameSchedule s(25);
        QCOMPARE(s.due(0, 0), qint64(0));  // the first frame: at once
        QCOMPARE(s.due(0.04, 0), qint64(40));
        QCOMPARE(s.due(3600.04, 10), qint64(80));  // an hour ahead: one frame interval
        QCOMPARE(s.due(0.5, 20), qint64(120));     // backwards (a wrap)
        QCOMPARE(s.due(0.5, 20), qint64(160));     // the same time again
        QCOMPARE(s.discontinuities(), qint64(3));
        QCOMPARE(s.due(1.5, 30), qint64(1160));  // a real second-long step is kept
        QCOMPARE(ds::FrameSchedule::waitMs(1160, 30), qint64(1130));
        const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
        qint64 last = 1160;
        for (double time : {nan, inf, -inf, DBL_MAX, -DBL_MAX, 1e300, -1e300, DBL_MIN, 0.0, 1e18}) {
            const qint64 due = s.due(time, 40);
            QVERIFY2(due > last && due - last <= kMax, qPrintable(QString("%1: %2 after %3").arg(time).arg(due).arg(last)));
            last = due;
        }
        const qint64 lo = std::numeric_limits<qint64>::min(), hi = std::numeric_limits<qint64>::max();
        for (qint64 now : {hi, lo, hi, qint64(0), lo}) {
            const qint64 due = s.due(double(now), now);
            const qint64 wait = ds::FrameSchedule::waitMs(due, now);
            QVERIFY2(wait >= 0 && wait <= kMax, qPrintable(QString::number(wait)));
        }
        QCOMPARE(ds::FrameSchedule::waitMs(hi, lo), kMax);
        QCOMPARE(ds::FrameSchedule::waitMs(lo, hi), qint64(0));
        ds::FrameSchedule slides(0.2);  // a slideshow, 5 s a picture: 2 s at most
        QCOMPARE(slides.due(0, 0), qint64(0));
        QCOMPARE(slides.due(5, 0), qint64(kMax));
        QCOMPARE(slides.due(-1, 0), qint64(2 * kMax));
        ds::FrameSchedule behind(0);  // unknown rate: 40 ms at a jump
        QCOMPARE(behind.due(5, 0), qint64(0));
        QCOMPARE(behind.due(std::nan(""), 0), qint64(40));
        QCOMPARE(behind.due(6, 100000), qint64(100000));  // far behind (a suspend): from now
    }

    void formatVideoTimeExtremes_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("62.5 s") << 62.5 << "1:02.5";
        QTest::newRow("negative") << -3.0 << "0:00.0";
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << "0:00.0";
        QTest::newRow("-inf") << -inf << "0:00.0";
        QTest::newRow("limit") << ds::kMaxVideoTimeS << "1666666666:40.0";
        QTest::newRow("1e300") << 1e300 << "1666666666:40.0";
        QTest::newRow("DBL_MAX") << DBL_MAX << "1666666666:40.0";
        QTest::newRow("inf") << inf << "1666666666:40.0";
    }

    void formatVideoTimeExtremes() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(ds::formatVideoTime(seconds), text);
    }

    // A frame's time from a crafted file's numbers: finite, without overflow.
    void videoFrameTimeExtremes() {
        const qint64 lo = std::numeric_limits<qint64>::min() + 1, hi = std::numeric_limits<qint64>::max();
        QCOMPARE(ds::videoFrameTime(90000 * 3, 90000, 1, 90000, 0, 25), 2.0);
        QCOMPARE(ds::videoFrameTime(ds::kNoVideoTimestamp, 0, 1, 90000, 50, 25), 2.0);
        QCOMPARE(ds::videoFrameTime(ds::kNoVideoTimestamp, 0, 1, 90000, 50, 0), 0.0);
        for (qint64 pts : {hi, lo, qint64(0)})
            for (qint64 start : {hi, lo, ds::kNoVideoTimestamp})
                for (int num : {1, std::numeric_limits<int>::max(), -1, 0})
                    for (int den : {1, 0, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()})
                        QVERIFY(std::isfinite(ds::videoFrameTime(pts, start, num, den, hi, 1e-300)));
    }

    // Opening (issue 19): the window's thread reads at most VideoDecoder::kCheckBytes of the
    // file; the decoding thread opens and probes it, and the video plays.
    void openingIsOffTheCallingThread() {
        QVERIFY2(QFileInfo(lossless()).size() > 4 * ds::VideoDecoder::kCheckBytes, "the fixture is too small to tell");
        ds::ui::VideoFileSource source;
        int frames = 0;
        connect(&source, &ds::ui::FrameSource::frameReady, this, [&] { ++frames; });
        const qint64 before = threadBytesRead();
        QVERIFY(before >= 0);
        source.open(lossless());
        QVERIFY(source.start());
        const qint64 read = threadBytesRead() - before;
        QVERIFY2(read <= ds::VideoDecoder::kCheckBytes + 4096, qPrintable(QString("%1 bytes").arg(read)));
        QTRY_VERIFY_WITH_TIMEOUT(frames >= 2, 5000);
        QCOMPARE(source.info().width, 320);
        QCOMPARE(source.info().fps, 10.0);
        source.stop();
        // Again from the start: opened on the thread again.
        const qint64 again = threadBytesRead();
        QVERIFY(source.start());
        QVERIFY2(threadBytesRead() - again < 4096, qPrintable(QString::number(threadBytesRead() - again)));
        source.stop();
    }

    // A file that passes the quick check but cannot be opened: start() succeeds, the failure
    // comes through failed() with the file's name, and the source stops by itself.
    void openFailureComesThroughFailed() {
        QByteArray noise(4 * ds::VideoDecoder::kCheckBytes, 0);
        quint32 x = 12345;
        for (char& c : noise) c = char((x = x * 1664525u + 1013904223u) >> 24);
        const QString path = write("noise.mkv", noise);
        ds::ui::VideoFileSource source;
        source.open(path);
        QSignalSpy failed(&source, &ds::ui::FrameSource::failed);
        QVERIFY(source.start());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY2(failed.first().first().toString().contains(path), qPrintable(failed.first().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!source.isRunning(), 5000);
    }

    // densescope --video --screenshot on a 2 fps clip with the tiny model (faster than the
    // clip): the picture comes within seconds, not after the 300 s timeout.
    void screenshotOfASlowClip() {
        DS_SKIP_WINDOW_PROGRAM_WHEN_SANITIZED();
        const QString path = clip("slow.mkv", {"-f", "lavfi", "-i", "testsrc=size=160x120:rate=2:duration=60",
                                               "-c:v", "mpeg4"});
        const QString shot = m_tmp.filePath("slow.png");
        const Run r = runBounded("densescope", QStringList{"--video", path, "--screenshot", shot} + tinyArgs(), 60000,
                                 {"QT_QPA_PLATFORM=offscreen", "DENSESCOPE_SETTINGS=" + m_tmp.filePath("shot.ini")});
        QVERIFY2(r.code == 0, qPrintable(QString("exit %1 after %2 ms: %3").arg(r.code).arg(r.ms).arg(r.err)));
        QVERIFY(!QImage(shot).isNull());
        qInfo("screenshot after %lld ms", r.ms);
        QVERIFY2(r.ms < (fixtures::sanitized() ? 40000 : 15000), qPrintable(QString::number(r.ms)));
    }
};

QTEST_GUILESS_MAIN(TestVideoLive)
#include "tst_video_live.moc"
