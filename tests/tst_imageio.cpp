// ui/image_io: decoding with Qt's readers into ds::RgbImage, and clean refusals.
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtEndian>
#include <QtTest>
#include <sys/resource.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <fstream>
#include <thread>

#include "densescope/errors.h"
#include "image_io.h"
#include "png_test_util.h"

namespace {

struct Rgb {
    int r, g, b;
};

Rgb pixelAt(const ds::RgbImage& img, int x, int y) {
    const uint8_t* p = img.pixels.data() + (size_t(y) * img.width + x) * 3;
    return {p[0], p[1], p[2]};
}

// A structurally valid PNG that declares width x height RGB pixels but carries only a little
// compressed data: a few hundred bytes on disk, gigabytes once decoded.
QByteArray hugePng(quint32 width, quint32 height) {
    QByteArray ihdr;
    for (quint32 v : {width, height}) {
        const quint32 be = qToBigEndian(v);
        ihdr.append(reinterpret_cast<const char*>(&be), 4);
    }
    ihdr.append(char(8)).append(char(2)).append(char(0)).append(char(0)).append(char(0));
    const QByteArray zlib = qCompress(QByteArray(64 * 1024, '\0')).mid(4);  // drop Qt's length
    return pngtest::signature() + pngtest::chunk("IHDR", ihdr) + pngtest::chunk("IDAT", zlib) +
           pngtest::chunk("IEND", {});
}

QByteArray encode(const QImage& img, const char* format) {
    QByteArray bytes;
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    if (!img.save(&buf, format)) qWarning("encoding %s failed", format);
    return bytes;
}

QImage noise(int w, int h) {
    QImage img(w, h, QImage::Format_RGB888);
    quint32 s = 12345;
    for (int y = 0; y < h; ++y) {
        uchar* row = img.scanLine(y);
        for (int i = 0; i < w * 3; ++i) row[i] = uchar((s = s * 1664525u + 1013904223u) >> 24);
    }
    return img;
}

}  // namespace

class TestImageIo : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

    // Expects loadImage to throw ImageError whose message names the file and contains `needle`.
    void expectError(const QString& path, const QString& needle,
                     const ds::ImageLoadOptions& options = {}) {
        try {
            ds::loadImage(path, options);
            QFAIL(qPrintable("no error for " + path));
        } catch (const ds::ImageError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(path), qPrintable(msg));
            QVERIFY2(msg.contains(needle, Qt::CaseInsensitive), qPrintable(msg));
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        ::signal(SIGPIPE, SIG_IGN);  // a FIFO writer outliving its reader gets EPIPE instead
    }

    void rgbRoundTrip() {
        const QImage src = noise(37, 23);
        const ds::RgbImage img = ds::loadImage(write("noise.png", encode(src, "PNG")));
        QCOMPARE(img.width, 37);
        QCOMPARE(img.height, 23);
        QVERIFY(img.valid());
        QCOMPARE(ds::toQImage(img), src);
        QCOMPARE(ds::fromQImage(src).pixels, img.pixels);
    }

    void grayscale() {
        QImage src(5, 4, QImage::Format_Grayscale8);
        src.fill(77);
        const QByteArray png = encode(src, "PNG");
        QCOMPARE(int(png.at(25)), 0);  // IHDR colour type 0: grayscale
        const ds::RgbImage img = ds::loadImage(write("gray.png", png));
        QCOMPARE(img.width, 5);
        const Rgb p = pixelAt(img, 4, 3);
        QCOMPARE(p.r, 77);
        QCOMPARE(p.g, 77);
        QCOMPARE(p.b, 77);
    }

    void palette() {
        QImage src(4, 2, QImage::Format_Indexed8);
        src.setColorTable({qRgb(255, 0, 0), qRgb(10, 20, 30)});
        src.fill(0);
        src.setPixel(3, 1, 1);
        const QByteArray png = encode(src, "PNG");
        QCOMPARE(int(png.at(25)), 3);  // colour type 3: palette
        const ds::RgbImage img = ds::loadImage(write("palette.png", png));
        QCOMPARE(pixelAt(img, 0, 0).r, 255);
        QCOMPARE(pixelAt(img, 0, 0).g, 0);
        const Rgb p = pixelAt(img, 3, 1);
        QCOMPARE(p.r, 10);
        QCOMPARE(p.g, 20);
        QCOMPARE(p.b, 30);
    }

    // Alpha is dropped like PIL's convert("RGB"): the stored colour is kept, not composited.
    void alphaDropped() {
        QImage src(2, 1, QImage::Format_ARGB32);
        src.setPixel(0, 0, qRgba(200, 100, 50, 0));
        src.setPixel(1, 0, qRgba(10, 20, 30, 128));
        const QByteArray png = encode(src, "PNG");
        QCOMPARE(int(png.at(25)), 6);  // colour type 6: RGBA
        const ds::RgbImage img = ds::loadImage(write("rgba.png", png));
        const Rgb a = pixelAt(img, 0, 0), b = pixelAt(img, 1, 0);
        QCOMPARE(a.r, 200);
        QCOMPARE(a.g, 100);
        QCOMPARE(a.b, 50);
        QCOMPARE(b.r, 10);
        QCOMPARE(b.g, 20);
        QCOMPARE(b.b, 30);
    }

    void premultipliedQImage() {
        QImage src(1, 1, QImage::Format_ARGB32_Premultiplied);
        src.fill(QColor(200, 100, 50, 128));
        const Rgb p = pixelAt(ds::fromQImage(src), 0, 0);
        QVERIFY2(qAbs(p.r - 200) <= 2 && qAbs(p.g - 100) <= 2 && qAbs(p.b - 50) <= 2,
                 qPrintable(QString("%1 %2 %3").arg(p.r).arg(p.g).arg(p.b)));
    }

    void sixteenBit() {
        QImage src(3, 2, QImage::Format_RGBX64);
        src.fill(QColor::fromRgba64(65535, 32896, 0));
        const QByteArray png = encode(src, "PNG");
        QCOMPARE(int(png.at(24)), 16);  // IHDR bit depth
        const Rgb p = pixelAt(ds::loadImage(write("rgb16.png", png)), 2, 1);
        QCOMPARE(p.r, 255);
        QCOMPARE(p.g, 128);
        QCOMPARE(p.b, 0);

        QImage gray(3, 2, QImage::Format_Grayscale16);
        gray.fill(QColor::fromRgba64(0x8080, 0x8080, 0x8080));
        const QByteArray gpng = encode(gray, "PNG");
        QCOMPARE(int(gpng.at(24)), 16);
        const Rgb g = pixelAt(ds::loadImage(write("gray16.png", gpng)), 0, 0);
        QCOMPARE(g.r, 128);
        QCOMPARE(g.b, 128);
    }

    void jpegAndContentDetection() {
        const QByteArray jpg = encode(noise(16, 16), "JPEG");
        const ds::RgbImage img = ds::loadImage(write("really_a_jpeg.png", jpg));  // wrong suffix
        QCOMPARE(img.width, 16);
    }

    // EXIF orientation 6 (rotate 90 degrees clockwise to display) in a hand-made APP1 segment.
    void exifOrientation() {
        const QByteArray jpg = encode(noise(40, 20), "JPEG");
        const QByteArray tiff(
            "II*\0\x08\0\0\0"                     // little-endian, IFD at 8
            "\x01\0"                              // one entry
            "\x12\x01\x03\0\x01\0\0\0\x06\0\0\0"  // Orientation, SHORT, 1, 6
            "\0\0\0\0",                           // no next IFD
            26);
        const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
        QByteArray app1("\xFF\xE1", 2);
        app1.append(char((payload.size() + 2) >> 8)).append(char((payload.size() + 2) & 0xff));
        const QString path = write("rotated.jpg", jpg.left(2) + app1 + payload + jpg.mid(2));
        const ds::RgbImage upright = ds::loadImage(path);
        QCOMPARE(upright.width, 20);
        QCOMPARE(upright.height, 40);
        ds::ImageLoadOptions stored;
        stored.applyOrientation = false;
        QCOMPARE(ds::loadImage(path, stored).width, 40);
    }

    void truncatedJpeg() {
        const QByteArray jpg = encode(noise(128, 128), "JPEG");
        QCOMPARE(ds::loadImage(write("whole.jpg", jpg)).width, 128);
        expectError(write("truncated.jpg", jpg.left(jpg.size() * 2 / 3)), "truncated");
        expectError(write("headers_only.jpg", jpg.left(40)), "truncated");
    }

    void unsupportedFormat() {
        // An ISO-BMFF/HEIF header: no reader here (or, with the plugin, a broken file).
        expectError(write("photo.heic", QByteArray("\0\0\0\x18"
                                                   "ftypheic\0\0\0\0mif1heic",
                                                   24)),
                    "photo.heic");
    }

    void missingFile() { expectError(m_dir.filePath("nope.png"), "does not exist"); }

    void folder() { expectError(m_dir.path(), "folder"); }

    void emptyFile() { expectError(write("empty.png", {}), "empty"); }

    void notAnImage() {
        expectError(write("notes.png", "just some text, not pixels\n"), "not an image");
    }

    void truncatedPng() {
        const QByteArray png = encode(noise(64, 64), "PNG");
        expectError(write("truncated.png", png.left(png.size() / 2)), "truncated");
    }

    void corruptPng() {
        QByteArray png = encode(noise(64, 64), "PNG");
        for (int i = 60; i < png.size() - 20; i += 7) png[i] = char(png[i] ^ 0x5a);
        expectError(write("corrupt.png", png), "corrupt");
    }

    void zeroSize() { expectError(write("zero.png", hugePng(0, 10)), "cannot load image"); }

    // A few hundred bytes that declare 40000 x 40000 pixels must be refused from the header,
    // without allocating 4.8 GB (peak RSS, not wall-clock time, which a shared machine skews).
    void hugeRefusedFromHeader() {
        const QByteArray png = hugePng(40000, 40000);
        QVERIFY(png.size() < 4096);
        const QString path = write("huge.png", png);
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        expectError(path, "40000 x 40000 = 1,600,000,000 pixels, more than the limit of "
                          "100,000,000 pixels (100 megapixels)");
        rusage after{};
        getrusage(RUSAGE_SELF, &after);
        const long grownMb = (after.ru_maxrss - before.ru_maxrss) / 1024;
        QVERIFY2(grownMb < 64, qPrintable(QString("peak RSS grew by %1 MB").arg(grownMb)));
    }

    void pixelLimitOption() {
        const QString path = write("small.png", encode(noise(20, 20), "PNG"));
        ds::ImageLoadOptions options;
        options.maxPixels = 100;
        expectError(path, "20 x 20", options);
        QCOMPARE(ds::loadImage(path).width, 20);
    }

    // A FIFO (what /dev/stdin and bash's <(cmd) are) is read as a stream, not called empty.
    void fifo() {
        const QByteArray png = encode(noise(30, 20), "PNG");
        const QString path = m_dir.filePath("image.fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        auto writer = [&](const QByteArray& bytes) {
            return std::thread([path, bytes] {
                std::ofstream out(QFile::encodeName(path).constData(), std::ios::binary);
                out.write(bytes.constData(), bytes.size());
            });
        };
        std::thread w1 = writer(png);
        const ds::RgbImage img = ds::loadImage(path);
        w1.join();
        QCOMPARE(img.width, 30);
        QCOMPARE(img.height, 20);

        std::thread w2 = writer({});
        expectError(path, "ended without any data");
        w2.join();

        ds::ImageLoadOptions small;
        small.maxStreamBytes = 1000;
        std::thread w3 = writer(QByteArray(100000, 'x'));
        expectError(path, "more than 1,000 bytes", small);
        w3.join();
    }

    void device() { expectError("/dev/zero", "a character device, not an image file"); }

    // Qt's PNM reader stops at 32767 pixels per side; a taller PGM is valid, not corrupt.
    void tallPgm() {
        const QByteArray pgm = QByteArray("P5\n# tall\n2 40000\n255\n") + QByteArray(80000, '\x80');
        const QString path = write("tall.pgm", pgm);
        expectError(path, "valid PGM image of 2 x 40000 pixels");
        expectError(path, "32767");
        QCOMPARE(ds::loadImage(
                     write("short.pgm", QByteArray("P5\n2 300\n255\n") + QByteArray(600, '\x80')))
                     .height,
                 300);
    }

    // Decoder complaints never reach stderr raw: libpng's come back through png_decoder's
    // callbacks, libjpeg's through qWarning. Both end up in the error message instead. QTest's
    // handler fails the test on any qWarning that gets through; the test points file
    // descriptor 2 at a file to catch any printing (tst_png checks that decoding itself never
    // touches fd 2).
    void decoderWarningsNotPrinted() {
        QTest::failOnWarning(QRegularExpression(".*"));
        QByteArray png = encode(noise(64, 64), "PNG");
        const qsizetype idat = png.indexOf("IDAT");
        QVERIFY(idat > 0);
        png[idat + 20] = char(png[idat + 20] ^ 0x01);  // damages the zlib stream (and the CRC)
        const QString path = write("zlib.png", png);
        QTemporaryFile err;
        QVERIFY(err.open());
        std::fflush(stderr);
        const int saved = ::dup(STDERR_FILENO);
        ::dup2(err.handle(), STDERR_FILENO);
        QString msg;
        try {
            ds::loadImage(path);
        } catch (const ds::ImageError& e) {
            msg = e.what();
        }
        std::fflush(stderr);
        ::dup2(saved, STDERR_FILENO);
        ::close(saved);
        err.seek(0);
        const QByteArray printed = err.readAll();
        QVERIFY2(printed.isEmpty(), printed.constData());
        QVERIFY2(msg.contains("libpng error: IDAT"), qPrintable(msg));
    }

    void unsupportedFormatHint() {
        // Debian 12 has no Qt 6 HEIF reader: the hint must not name a package that lacks one.
        try {
            ds::loadImage(write("hint.heic", QByteArray("\0\0\0\x18"
                                                        "ftypheic\0\0\0\0mif1heic",
                                                        24)));
        } catch (const ds::ImageError& e) {
            const QString msg = e.what();
            if (msg.contains("no Qt image reader"))
                QVERIFY2(!msg.contains("qt6-image-formats-plugins"), e.what());
        }
    }

    void toQImageInvalid() {
        ds::RgbImage bad;
        bad.width = 3;
        bad.height = 3;  // no pixels
        QVERIFY(ds::toQImage(bad).isNull());
        QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::fromQImage(QImage()));
    }
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "tst_imageio.moc"
