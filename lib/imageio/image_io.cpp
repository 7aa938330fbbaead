#include "image_io.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QStringList>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>

#include "decoder_messages.h"
#include "densescope/errors.h"
#include "png_decoder.h"

namespace ds {
namespace {

using detail::DecoderMessages;
using detail::installDecoderMessageHandler;

[[noreturn]] void fail(const QString& path, const QString& what) {
    if (path == QLatin1String("-"))
        throw ImageError(QCoreApplication::translate(
                             "ds::ImageIO", "Cannot load image from standard input (-): %1")
                             .arg(what)
                             .toStdString(),
                         ErrorKind::ImageDecode, {{"file", "-"}, {"reason", what.toStdString()}});
    // Worded here, in the language shown (the kind and values are for callers that word it
    // again later, in another language).
    throw ImageError(QCoreApplication::translate("ds::ImageIO", "Cannot load image '%1': %2")
                         .arg(path, what)
                         .toStdString(),
                     ErrorKind::ImageDecode,
                     {{"file", path.toStdString()}, {"reason", what.toStdString()}});
}

QString supportedFormats() {
    QStringList names;
    for (const QByteArray& f : QImageReader::supportedImageFormats())
        names << QString::fromLatin1(f);
    names.removeDuplicates();
    return names.join(QStringLiteral(", "));
}

// Qt refuses (by default) to allocate more than 256 MiB for one decoded image. Our own pixel
// limit is checked from the header first; raise Qt's limit so that an image within our limit
// decodes even at 8 bytes per pixel (16-bit RGBA), and keep it as the backstop for formats
// whose size is only known while decoding.
void setUpOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        const int neededMiB = int((kMaxImagePixels * 8) / (1024 * 1024)) + 1;
        const int current = QImageReader::allocationLimit();
        if (current != 0 && current < neededMiB) QImageReader::setAllocationLimit(neededMiB);
        installDecoderMessageHandler();
    });
}

QString grouped(qint64 v) { return QString::fromStdString(groupedDigits(v)); }

void checkPixels(const QString& path, const QSize& size, qint64 maxPixels) {
    if (size.width() <= 0 || size.height() <= 0)
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO", "it has zero size (%1 x %2 pixels). Choose another image.")
                       .arg(size.width())
                       .arg(size.height()));
    const qint64 pixels = qint64(size.width()) * size.height();
    if (pixels > maxPixels)
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "it is %1 x %2 = %3 pixels, more than the limit of %4 pixels "
                       "(%5 megapixels). Scale it down first (the network sees 224 x "
                       "224 anyway).")
                       .arg(size.width())
                       .arg(size.height())
                       .arg(grouped(pixels), grouped(maxPixels),
                            QString::number(double(maxPixels) / 1e6, 'g', 6)));
}

// The reader could not identify the file: name the suffix when it looks like an image format
// Qt lacks a plugin for, so the message says what to install or convert.
[[noreturn]] void failUnsupported(const QString& path) {
    static const QStringList kKnownImageSuffixes = {
        "png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff", "heic", "heif", "avif",
        "jxl", "jp2", "ico",  "tga", "ppm", "pgm",  "pbm", "svg",  "exr",  "psd",  "dds"};
    const QString suffix = QFileInfo(path).suffix().toLower();
    const auto supported = QImageReader::supportedImageFormats();
    if (kKnownImageSuffixes.contains(suffix) && !supported.contains(suffix.toLatin1())) {
        // Debian 12's qt6-image-formats-plugins reads WebP, TIFF, TGA, ICNS, MNG and WBMP; no
        // Debian 12 package has a Qt 6 reader for HEIF/AVIF/JPEG XL (kimageformat-plugins
        // there is built for Qt 5).
        static const QStringList kQtImageFormats = {"webp", "tif", "tiff", "tga"};
        const QString what =
            kQtImageFormats.contains(suffix)
                ? QCoreApplication::translate(
                      "ds::ImageIO",
                      "Convert it to PNG or JPEG, or install Qt's image-format "
                      "plugins (Debian: qt6-image-formats-plugins).")
                : QCoreApplication::translate(
                      "ds::ImageIO",
                      "Convert it to PNG or JPEG first (for HEIC/HEIF: heif-convert, "
                      "from Debian's libheif-examples).");
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "its format (%1) has no Qt image reader installed here. %2 "
                       "Readable formats: %3.")
                       .arg(suffix, what, supportedFormats()));
    }
    fail(path, QCoreApplication::translate(
                   "ds::ImageIO",
                   "the file is not an image in a format Qt can read (or its header is "
                   "damaged). Readable formats: %1.")
                   .arg(supportedFormats()));
}

// libjpeg fills a truncated JPEG with gray and only logs a warning, so Qt returns a "valid"
// half-gray image. Walk the marker segments to the first scan (skipping APPn, whose EXIF
// thumbnail has an EOI of its own) and require an EOI marker after it. Inside entropy-coded
// data 0xFF is always stuffed, so FF D9 there can only be the real end of the image.
bool jpegHasEnd(const QByteArray& bytes) {
    const auto at = [&](qsizetype i) { return uchar(bytes.at(i)); };
    qsizetype pos = 2;  // after SOI
    while (pos + 4 <= bytes.size()) {
        if (at(pos) != 0xFF) return true;  // not a marker: leave the verdict to the decoder
        const uchar marker = at(pos + 1);
        if (marker == 0xFF) {
            ++pos;  // fill byte
            continue;
        }
        if (marker == 0xDA) return bytes.indexOf(QByteArray("\xFF\xD9", 2), pos) >= 0;
        if (marker == 0xD9) return true;
        pos += 2 + ((qsizetype(at(pos + 2)) << 8) | at(pos + 3));
    }
    return false;  // the file ends inside its headers
}

// Width and height from a PNM (PBM/PGM/PPM) header: magic, then numbers separated by
// whitespace and '#' comments. False when the header is not complete in `head`.
bool pnmSize(const QByteArray& head, qint64* width, qint64* height) {
    qsizetype pos = 2;
    qint64 values[2] = {0, 0};
    for (qint64& v : values) {
        for (;;) {
            while (pos < head.size() && std::isspace(uchar(head[pos]))) ++pos;
            if (pos < head.size() && head[pos] == '#') {
                while (pos < head.size() && head[pos] != '\n') ++pos;
                continue;
            }
            break;
        }
        if (pos >= head.size() || !std::isdigit(uchar(head[pos]))) return false;
        while (pos < head.size() && std::isdigit(uchar(head[pos])) && v < (qint64(1) << 40))
            v = v * 10 + (head[pos++] - '0');
    }
    *width = values[0];
    *height = values[1];
    return true;
}

// A PNG, with libpng (png_decoder.h): the header's size is checked before any pixel memory is
// allocated, and libpng's errors and warnings come back in the result, never on stderr.
RgbImage decodePng(const QString& path, const QByteArray& bytes, qint64 maxPixels,
                   DecoderMessages& messages) {
    detail::PngResult png = detail::decodePng(bytes, maxPixels);
    if (png.declared.isValid()) checkPixels(path, png.declared, maxPixels);
    if (png.truncated)
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the PNG data ends too early (the file has %1 bytes). The file is "
                       "truncated: re-export or re-download it.")
                       .arg(grouped(bytes.size())));
    messages.add(png.messages);
    if (png.image.isNull())
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the png data could not be decoded%1. The file is truncated or "
                       "corrupt: re-export or re-download it.")
                       .arg(messages.detail()));
    checkPixels(path, png.image.size(), maxPixels);
    return fromQImage(png.image);
}

// Decodes from `device` (a file or a buffer of streamed bytes). `bytes` gives the whole
// content for the PNG decoder and the JPEG end check (a mapped file or the buffer).
RgbImage decode(QIODevice* device, const QString& path, const std::function<QByteArray()>& bytes,
                const ImageLoadOptions& options) {
    const qint64 maxPixels = std::min(options.maxPixels, kMaxImagePixels);
    DecoderMessages messages;
    if (detail::isPng(device->peek(8))) return decodePng(path, bytes(), maxPixels, messages);
    QImageReader reader(device);
    reader.setDecideFormatFromContent(true);  // a PNG named .jpg is still a PNG
    reader.setAutoTransform(options.applyOrientation);
    if (!reader.canRead()) {
        if (reader.error() == QImageReader::FileNotFoundError ||
            reader.error() == QImageReader::DeviceError)
            fail(path,
                 QCoreApplication::translate("ds::ImageIO",
                                             "the file cannot be opened (%1). Check the path and "
                                             "permissions.")
                     .arg(reader.errorString()));
        failUnsupported(path);
    }
    const QString format = QString::fromLatin1(reader.format());

    if (format == QLatin1String("jpeg") && !jpegHasEnd(bytes()))
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the JPEG data ends before the end of the image. The file is "
                       "truncated: re-export or re-download it."));
    // Qt's PNM reader refuses sides over 32767 pixels as if the file were damaged.
    if (format == QLatin1String("pbm") || format == QLatin1String("pgm") ||
        format == QLatin1String("ppm")) {
        qint64 w = 0, h = 0;
        if (pnmSize(device->peek(4096), &w, &h) && (w > 32767 || h > 32767)) {
            checkPixels(path,
                        QSize(int(std::min<qint64>(w, INT_MAX)), int(std::min<qint64>(h, INT_MAX))),
                        maxPixels);
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO",
                           "it is a valid %1 image of %2 x %3 pixels, but Qt's %1 "
                           "reader handles at most 32767 pixels per side. Convert it "
                           "to PNG first (e.g. pnmtopng from netpbm).")
                           .arg(format.toUpper())
                           .arg(w)
                           .arg(h));
        }
    }

    // The header's size, read without decoding: refuse huge images before anything is allocated.
    const QSize declared = reader.size();
    if (declared.isValid()) checkPixels(path, declared, maxPixels);

    QImage image;
    if (!reader.read(&image)) {
        const QString detail = reader.errorString() + messages.detail();
        if (reader.error() == QImageReader::UnsupportedFormatError) failUnsupported(path);
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the %1 data could not be decoded (%2). The file is truncated "
                       "or corrupt: re-export or re-download it.")
                       .arg(format, detail));
    }
    if (image.isNull())
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the %1 decoder returned no pixels%2. The file is truncated or "
                       "corrupt: re-export or re-download it.")
                       .arg(format, messages.detail()));
    checkPixels(path, image.size(), maxPixels);
    return fromQImage(image);
}

// Reads a pipe, socket or redirected standard input to its end, at most `limit` bytes.
QByteArray readStream(int fd, const QString& path, qint64 limit) {
    QByteArray out;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            fail(path, QCoreApplication::translate("ds::ImageIO", "reading it failed (%1).")
                           .arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (n == 0) break;
        if (out.size() + n > limit)
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO",
                           "the stream holds more than %1 bytes, the limit for images "
                           "read from a pipe or standard input. Save it to a file "
                           "and give its path.")
                           .arg(grouped(limit)));
        out.append(chunk, n);
    }
    if (out.isEmpty())
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO",
                       "the stream ended without any data (0 bytes). Send an image "
                       "into it."));
    return out;
}

QString fileTypeName(mode_t mode) {
    if (S_ISCHR(mode)) return QCoreApplication::translate("ds::ImageIO", "a character device");
    if (S_ISBLK(mode)) return QCoreApplication::translate("ds::ImageIO", "a block device");
    return QCoreApplication::translate("ds::ImageIO", "not a regular file");
}

RgbImage decodeStream(int fd, const QString& path, const ImageLoadOptions& options) {
    QByteArray bytes = readStream(fd, path, options.maxStreamBytes);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    return decode(
        &buffer, path, [&] { return bytes; }, options);
}

}  // namespace

RgbImage loadImage(const QString& path, const ImageLoadOptions& options) {
    setUpOnce();
    if (path == QLatin1String("-")) {
        struct stat st {};
        if (::fstat(STDIN_FILENO, &st) != 0)
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO", "standard input is closed. Pipe an image into it."));
        if (S_ISCHR(st.st_mode) && ::isatty(STDIN_FILENO))
            fail(path,
                 QCoreApplication::translate("ds::ImageIO",
                                             "standard input is a terminal. Pipe an image into it, "
                                             "e.g. cat photo.jpg | densescope-cli classify -"));
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode))
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO", "standard input is %1, not an image file or a pipe.")
                           .arg(fileTypeName(st.st_mode)));
        return decodeStream(STDIN_FILENO, path, options);
    }
    const QFileInfo info(path);
    if (!info.exists())
        fail(path, QCoreApplication::translate("ds::ImageIO",
                                               "the file does not exist. Check the path."));
    if (info.isDir())
        fail(path, QCoreApplication::translate("ds::ImageIO",
                                               "it is a folder. Give the path of an image file."));
    if (!info.isReadable())
        fail(path,
             QCoreApplication::translate(
                 "ds::ImageIO", "the file is not readable (permissions). Check its permissions."));
    // Not a regular file (nor a Qt resource): a pipe (/dev/stdin, a FIFO, bash's <(cmd)) is
    // read as a bounded stream (QFileInfo calls it an empty file: it has no size); a device
    // is refused, saying what it is.
    if (!info.isFile()) {
        struct stat st {};
        const QByteArray native = QFile::encodeName(path);
        if (::stat(native.constData(), &st) != 0)
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO", "the file cannot be opened (%1). Check the path.")
                           .arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode))
            fail(path, QCoreApplication::translate(
                           "ds::ImageIO",
                           "it is %1, not an image file. Give the path of an image "
                           "file (or - to read one from standard input).")
                           .arg(fileTypeName(st.st_mode)));
        const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(path, QCoreApplication::translate("ds::ImageIO", "the pipe cannot be opened (%1).")
                           .arg(QString::fromLocal8Bit(std::strerror(errno))));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        return decodeStream(fd, path, options);
    }
    if (info.size() == 0)
        fail(path, QCoreApplication::translate(
                       "ds::ImageIO", "the file is empty (0 bytes). Choose another file."));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(path, QCoreApplication::translate("ds::ImageIO",
                                               "the file cannot be opened (%1). Check the path and "
                                               "permissions.")
                       .arg(file.errorString()));
    const auto whole = [&file]() -> QByteArray {
        const qint64 size = file.size();
        const uchar* mapped = file.map(0, size);
        if (mapped)
            return QByteArray::fromRawData(reinterpret_cast<const char*>(mapped), qsizetype(size));
        const qint64 at = file.pos();
        file.seek(0);
        QByteArray all = file.readAll();
        file.seek(at);
        return all;
    };
    return decode(&file, path, whole, options);
}

RgbImage fromQImage(const QImage& image) {
    if (image.isNull())
        throw ImageError("Cannot convert an empty (null) image to RGB: load a valid image first.");
    // Straight (non-premultiplied) colour first, so dropping alpha keeps the stored colour.
    QImage straight = image;
    if (image.hasAlphaChannel() &&
        image.pixelFormat().premultiplied() == QPixelFormat::Premultiplied)
        straight = image.convertToFormat(QImage::Format_ARGB32);
    const QImage rgb = straight.convertToFormat(QImage::Format_RGB888);
    if (rgb.isNull())
        throw ImageError(
            "Converting the image to 8-bit RGB failed (out of memory?). Try a smaller "
            "image.");
    RgbImage out;
    out.width = rgb.width();
    out.height = rgb.height();
    const size_t rowBytes = size_t(out.width) * 3;
    out.pixels.resize(rowBytes * size_t(out.height));
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + rowBytes * size_t(y), rgb.constScanLine(y), rowBytes);
    return out;
}

QImage toQImage(const RgbImage& image) {
    if (!image.valid()) return {};
    QImage out(image.width, image.height, QImage::Format_RGB888);
    if (out.isNull()) return {};
    const size_t rowBytes = size_t(image.width) * 3;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), image.pixels.data() + rowBytes * size_t(y), rowBytes);
    return out;
}

}  // namespace ds
