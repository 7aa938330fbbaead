// lib/imageio/png_decoder: PNGs decoded with libpng directly give the pixels Qt's PNG reader
// gave (every colour type, bit depth, tRNS, palette and interlacing), damaged files are refused
// where Qt refused them, with libpng's words in the message, and decoding never touches the
// process's stderr (issue 19: file descriptor 2 used to be pointed at a temporary file while
// a PNG decoded, which swallowed other threads' output and blamed it on the image).
#include <QBuffer>
#include <QColorSpace>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <optional>
#include <thread>

#include "densescope/errors.h"
#include "image_io.h"
#include "png_test_util.h"

namespace {

using pngtest::chunk;
using pngtest::Raw;

// What Qt's own PNG reader makes of `bytes`, converted as loadImage converts: the reference.
// Qt's reader lets libpng print its errors on stderr, so fd 2 is pointed at /dev/null around
// it (only here, in the test, for the reference decode).
std::optional<ds::RgbImage> qtDecode(const QByteArray& bytes) {
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "png");
    QImage image;
    std::fflush(stderr);
    const int saved = ::dup(STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ::dup2(null, STDERR_FILENO);
    const bool ok = reader.read(&image);
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    ::close(null);
    if (!ok || image.isNull()) return std::nullopt;
    return ds::fromQImage(image);
}

QByteArray plte(int entries) {
    QByteArray out;
    for (int i = 0; i < entries; ++i)
        out.append(char(i * 37 + 11)).append(char(255 - i * 13)).append(char(i * 91 + 5));
    return chunk("PLTE", out);
}

QByteArray u16(quint16 v) { return QByteArray(1, char(v >> 8)) + char(v & 0xff); }

QByteArray encodeWithQt(const QImage& img) {
    QByteArray bytes;
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    if (!img.save(&buf, "PNG")) qWarning("encoding failed");
    return bytes;
}

}  // namespace

class TestPng : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    QString write(const QByteArray& bytes) {
        const QString path = m_dir.filePath(QStringLiteral("%1.png").arg(m_files++));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

    // loadImage decodes `bytes` exactly as Qt's reader did, or refuses it where Qt did.
    void expectSameAsQt(const QByteArray& bytes, const char* what) {
        const std::optional<ds::RgbImage> qt = qtDecode(bytes);
        const QString path = write(bytes);
        try {
            const ds::RgbImage ours = ds::loadImage(path);
            QVERIFY2(qt.has_value(),
                     qPrintable(QStringLiteral("%1: Qt refused it, we decoded it").arg(what)));
            QCOMPARE(ours.width, qt->width);
            QCOMPARE(ours.height, qt->height);
            if (ours.pixels != qt->pixels) {
                size_t i = 0;
                while (ours.pixels[i] == qt->pixels[i]) ++i;
                QFAIL(qPrintable(QStringLiteral("%1: byte %2 is %3, Qt's reader gave %4")
                                     .arg(what)
                                     .arg(i)
                                     .arg(ours.pixels[i])
                                     .arg(qt->pixels[i])));
            }
        } catch (const ds::ImageError& e) {
            QVERIFY2(
                !qt.has_value(),
                qPrintable(QStringLiteral("%1: Qt decoded it, we said: %2").arg(what, e.what())));
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Every colour type and bit depth, with and without tRNS, plain and interlaced, against
    // Qt's reader. 13 x 11 pixels: odd sizes leave partial bytes and empty Adam7 columns.
    void sameAsQtReader_data() {
        QTest::addColumn<QByteArray>("png");
        const int w = 13, h = 11;
        for (const bool interlaced : {false, true}) {
            const char* il = interlaced ? " interlaced" : "";
            for (const int depth : {1, 2, 4, 8, 16}) {
                const Raw raw = pngtest::noiseRaw(w, h, depth, 0, 1u << depth);
                QTest::addRow("grey%d%s", depth, il) << pngtest::encode(raw, interlaced);
                QTest::addRow("grey%d tRNS%s", depth, il)
                    << pngtest::encode(raw, interlaced, chunk("tRNS", u16(raw.at(0, 0, 0))));
                QTest::addRow("grey%d gAMA%s", depth, il)
                    << pngtest::encode(raw, interlaced, chunk("gAMA", pngtest::be32(100000)));
            }
            for (const int depth : {8, 16}) {
                const quint32 limit = 1u << depth;
                const Raw rgb = pngtest::noiseRaw(w, h, depth, 2, limit);
                QTest::addRow("rgb%d%s", depth, il) << pngtest::encode(rgb, interlaced);
                if (depth == 8)  // 16-bit: rgb16Trns below (Qt 6.4's reader gets it wrong)
                    QTest::addRow("rgb%d tRNS%s", depth, il) << pngtest::encode(
                        rgb, interlaced,
                        chunk("tRNS",
                              u16(rgb.at(0, 0, 0)) + u16(rgb.at(0, 0, 1)) + u16(rgb.at(0, 0, 2))));
                QTest::addRow("rgb%d sRGB gAMA cHRM%s", depth, il) << pngtest::encode(
                    rgb, interlaced,
                    chunk("sRGB", QByteArray(1, '\0')) + chunk("gAMA", pngtest::be32(45455)) +
                        chunk("cHRM", pngtest::be32(31270) + pngtest::be32(32900) +
                                          pngtest::be32(64000) + pngtest::be32(33000) +
                                          pngtest::be32(30000) + pngtest::be32(60000) +
                                          pngtest::be32(15000) + pngtest::be32(6000)));
                QTest::addRow("greyalpha%d%s", depth, il)
                    << pngtest::encode(pngtest::noiseRaw(w, h, depth, 4, limit), interlaced);
                // Alpha 0 and partial alpha included: the colour must survive as Qt kept it.
                QTest::addRow("rgba%d%s", depth, il)
                    << pngtest::encode(pngtest::noiseRaw(w, h, depth, 6, limit), interlaced);
            }
            for (const int depth : {1, 2, 4, 8}) {
                const int full = 1 << depth;
                const Raw raw = pngtest::noiseRaw(w, h, depth, 3, quint32(full));
                QTest::addRow("palette%d%s", depth, il)
                    << pngtest::encode(raw, interlaced, plte(full));
                QTest::addRow("palette%d tRNS%s", depth, il) << pngtest::encode(
                    raw, interlaced, plte(full) + chunk("tRNS", QByteArray("\x00\x80\xff", 3)));
                // Indices past the end of a short palette (Qt shows them as entry 0).
                const int few = depth == 1 ? 1 : full / 2 + 1;
                QTest::addRow("palette%d short%s", depth, il)
                    << pngtest::encode(raw, interlaced, plte(few));
            }
        }
        // Qt's writer: an ICC profile (iCCP), 1-bit grey, 16-bit grey, a 1 x 1 image.
        QImage p3(9, 7, QImage::Format_RGB32);
        p3.fill(qRgb(200, 30, 90));
        p3.setColorSpace(QColorSpace::DisplayP3);
        QTest::addRow("qt iCCP") << encodeWithQt(p3);
        QImage mono(17, 5, QImage::Format_Mono);
        mono.fill(1);
        mono.setPixel(3, 2, 0);
        QTest::addRow("qt mono") << encodeWithQt(mono);
        QImage g16(5, 4, QImage::Format_Grayscale16);
        g16.fill(QColor::fromRgba64(0x8080, 0x8080, 0x8080));
        QTest::addRow("qt grey16") << encodeWithQt(g16);
        QImage one(1, 1, QImage::Format_ARGB32);
        one.fill(qRgba(10, 20, 30, 40));
        QTest::addRow("qt 1x1 argb") << encodeWithQt(one);
    }

    void sameAsQtReader() {
        QFETCH(QByteArray, png);
        expectSameAsQt(png, QTest::currentDataTag());
    }

    // 16-bit RGB with a tRNS colour: Qt 6.4's reader puts 6-byte pixels into an 8-byte format
    // (a skewed picture, rows ending in uninitialised memory). Ours is the same image as RGBA
    // with alpha 0 at that colour, as Qt reads that.
    void rgb16Trns() {
        for (const bool interlaced : {false, true}) {
            Raw rgb = pngtest::noiseRaw(13, 11, 16, 2, 4);  // few colours: several match tRNS
            for (quint16& v : rgb.samples) v = quint16(v * 21845);
            const QByteArray trns =
                u16(rgb.at(0, 0, 0)) + u16(rgb.at(0, 0, 1)) + u16(rgb.at(0, 0, 2));
            Raw rgba = rgb;
            rgba.colorType = 6;
            rgba.samples.clear();
            int transparent = 0;
            for (int y = 0; y < rgb.height; ++y)
                for (int x = 0; x < rgb.width; ++x) {
                    bool same = true;
                    for (int c = 0; c < 3; ++c) {
                        rgba.samples << rgb.at(x, y, c);
                        same = same && rgb.at(x, y, c) == rgb.at(0, 0, c);
                    }
                    rgba.samples << quint16(same ? 0 : 65535);
                    transparent += same;
                }
            QVERIFY(transparent > 1);
            const std::optional<ds::RgbImage> expected =
                qtDecode(pngtest::encode(rgba, interlaced));
            QVERIFY(expected.has_value());
            const ds::RgbImage ours =
                ds::loadImage(write(pngtest::encode(rgb, interlaced, chunk("tRNS", trns))));
            QVERIFY(ours.pixels == expected->pixels);
        }
    }

    // Damaged files: decoded where Qt decoded them (a missing final CRC is tolerated, as by
    // Qt's reader) and refused where Qt refused them.
    void damagedAsQtReader() {
        const QByteArray good = pngtest::encode(pngtest::noiseRaw(24, 20, 8, 2, 256), false,
                                                chunk("gAMA", pngtest::be32(45455)));
        for (qsizetype n = 0; n < good.size(); n += (n < 80 ? 1 : 9)) {
            expectSameAsQt(good.left(n), qPrintable(QStringLiteral("first %1 bytes").arg(n)));
            if (QTest::currentTestFailed()) return;
        }
        for (qsizetype n = good.size() - 4; n < good.size(); ++n) {
            expectSameAsQt(good.left(n), qPrintable(QStringLiteral("first %1 bytes").arg(n)));
            if (QTest::currentTestFailed()) return;
        }
        for (qsizetype i = 8; i < good.size(); i += 5) {
            QByteArray bad = good;
            bad[i] = char(bad[i] ^ 0x21);
            expectSameAsQt(bad, qPrintable(QStringLiteral("byte %1 flipped").arg(i)));
            if (QTest::currentTestFailed()) return;
        }
    }

    // Clear messages for the usual damage.
    void messages() {
        const QByteArray good = pngtest::encode(pngtest::noiseRaw(64, 64, 8, 2, 256), false);
        const auto messageFor = [&](const QByteArray& bytes) {
            const QString path = write(bytes);
            try {
                ds::loadImage(path);
            } catch (const ds::ImageError& e) {
                const QString msg = e.what();
                if (!msg.contains(path)) return QStringLiteral("no path in: ") + msg;
                return msg;
            }
            return QStringLiteral("(decoded)");
        };
        QString msg = messageFor(good.left(good.size() / 2));
        QVERIFY2(msg.contains("ends too early") && msg.contains("truncated"), qPrintable(msg));
        QByteArray crc = good;
        const qsizetype iend = crc.indexOf("IEND");  // IDAT's CRC: the 4 bytes before IEND's length
        crc[iend - 5] = char(crc[iend - 5] ^ 0x01);
        msg = messageFor(crc);
        QVERIFY2(msg.contains("libpng error: IDAT: CRC error") && msg.contains("corrupt"),
                 qPrintable(msg));
        QByteArray header = good;
        header[20] = char(header[20] ^ 0x40);  // inside IHDR: its CRC no longer matches
        msg = messageFor(header);
        QVERIFY2(msg.contains("libpng error: IHDR: CRC error"), qPrintable(msg));
        msg = messageFor(pngtest::signature() + pngtest::ihdr(4, 4, 8, 3) + chunk("IDAT", {}) +
                         chunk("IEND", {}));
        QVERIFY2(msg.contains("libpng error") && msg.contains("PLTE"), qPrintable(msg));
    }

    // Issue 19. While broken PNGs decode, another thread writes to stderr and checks that
    // file descriptor 2 is still the pipe the test put there: every line it wrote must come
    // out of the pipe, none may appear in the images' messages, and fd 2 must never change.
    // (The old code pointed fd 2 at a temporary file during each PNG decode and kept lines
    // starting with "libpng " as the image's own.)
    void otherThreadsStderrUntouched() {
        QByteArray png = pngtest::encode(pngtest::noiseRaw(96, 96, 8, 2, 256), false);
        png[png.indexOf("IDAT") + 30] = char(png[png.indexOf("IDAT") + 30] ^ 0x01);
        const QString path = write(png);

        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        std::fflush(stderr);
        const int saved = ::dup(STDERR_FILENO);
        QVERIFY(saved >= 0);
        QVERIFY(::dup2(fds[1], STDERR_FILENO) >= 0);
        ::close(fds[1]);
        struct stat pipeStat {};
        ::fstat(STDERR_FILENO, &pipeStat);

        QByteArray drained;
        std::thread drain([&] {
            char buf[4096];
            ssize_t n;
            while ((n = ::read(fds[0], buf, sizeof buf)) > 0) drained.append(buf, n);
        });
        std::atomic<bool> stop{false};
        std::atomic<bool> decoding{false};
        std::atomic<int> written{0}, writtenDuringDecodes{0}, replaced{0};
        std::thread other([&] {
            static const char kLine[] = "libpng error: a line from another thread\n";
            while (!stop.load()) {
                struct stat now {};
                if (::fstat(STDERR_FILENO, &now) != 0 || now.st_ino != pipeStat.st_ino ||
                    now.st_dev != pipeStat.st_dev)
                    ++replaced;
                const bool during = decoding.load();
                if (::write(STDERR_FILENO, kLine, sizeof kLine - 1) == ssize_t(sizeof kLine - 1)) {
                    ++written;
                    if (during) ++writtenDuringDecodes;
                }
                std::this_thread::yield();
            }
        });

        QStringList messages;
        for (int i = 0; i < 200 && (i < 20 || writtenDuringDecodes.load() < 50); ++i) {
            decoding = true;
            try {
                ds::loadImage(path);
            } catch (const ds::ImageError& e) {
                messages << QString::fromStdString(e.what());
            }
            decoding = false;
        }
        stop = true;
        other.join();
        std::fflush(stderr);
        ::dup2(saved, STDERR_FILENO);  // closes the pipe's last write end: drain sees EOF
        ::close(saved);
        drain.join();
        ::close(fds[0]);

        QVERIFY2(writtenDuringDecodes.load() > 0, "the other thread never wrote during a decode");
        QCOMPARE(replaced.load(), 0);
        QCOMPARE(int(drained.count("a line from another thread")), written.load());
        QVERIFY(!messages.isEmpty());
        for (const QString& msg : messages) {
            QVERIFY2(!msg.contains("another thread"), qPrintable(msg));
            QVERIFY2(msg.contains("libpng error: IDAT"), qPrintable(msg));
        }
    }
};

QTEST_GUILESS_MAIN(TestPng)
#include "tst_png.moc"
