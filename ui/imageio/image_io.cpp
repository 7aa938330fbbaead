#include "image_io.h"

#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QStringList>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "densescope/errors.h"

namespace ds {
namespace {

[[noreturn]] void fail(const QString& path, const QString& what) {
    throw ImageError(QStringLiteral("Cannot load image '%1': %2").arg(path, what).toStdString());
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
void raiseAllocationLimitOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        const int neededMiB = int((kMaxImagePixels * 8) / (1024 * 1024)) + 1;
        const int current = QImageReader::allocationLimit();
        if (current != 0 && current < neededMiB) QImageReader::setAllocationLimit(neededMiB);
    });
}

void checkPixels(const QString& path, const QSize& size, qint64 maxPixels) {
    if (size.width() <= 0 || size.height() <= 0)
        fail(path, QStringLiteral("it has zero size (%1 x %2 pixels). Choose another image.")
                       .arg(size.width())
                       .arg(size.height()));
    const qint64 pixels = qint64(size.width()) * size.height();
    if (pixels > maxPixels)
        fail(path,
             QStringLiteral("it is %1 x %2 pixels (%3 megapixels), more than the %4 megapixel "
                            "limit. Scale it down first (the network sees 224 x 224 anyway).")
                 .arg(size.width())
                 .arg(size.height())
                 .arg(double(pixels) / 1e6, 0, 'f', 1)
                 .arg(double(maxPixels) / 1e6, 0, 'f', 0));
}

// The reader could not identify the file: name the suffix when it looks like an image format
// Qt lacks a plugin for, so the message says what to install or convert.
[[noreturn]] void failUnsupported(const QString& path) {
    static const QStringList kKnownImageSuffixes = {
        "png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff", "heic", "heif", "avif",
        "jxl", "jp2", "ico",  "tga", "ppm", "pgm",  "pbm", "svg",  "exr",  "psd",  "dds"};
    const QString suffix = QFileInfo(path).suffix().toLower();
    const auto supported = QImageReader::supportedImageFormats();
    if (kKnownImageSuffixes.contains(suffix) && !supported.contains(suffix.toLatin1()))
        fail(path, QStringLiteral("its format (%1) has no Qt image reader installed here. Convert "
                                  "it to PNG or JPEG, or install the Qt image-format plugin "
                                  "(e.g. qt6-image-formats-plugins). Readable formats: %2.")
                       .arg(suffix, supportedFormats()));
    fail(path, QStringLiteral("the file is not an image in a format Qt can read (or its header is "
                              "damaged). Readable formats: %1.")
                   .arg(supportedFormats()));
}

// libjpeg fills a truncated JPEG with gray and only logs a warning, so Qt returns a "valid"
// half-gray image. Walk the marker segments to the first scan (skipping APPn, whose EXIF
// thumbnail has an EOI of its own) and require an EOI marker after it. Inside entropy-coded
// data 0xFF is always stuffed, so FF D9 there can only be the real end of the image.
bool jpegHasEnd(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return true;  // let the decoder report it
    const qint64 size = file.size();
    const uchar* mapped = file.map(0, size);
    const QByteArray bytes =
        mapped ? QByteArray::fromRawData(reinterpret_cast<const char*>(mapped), qsizetype(size))
               : file.readAll();
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

}  // namespace

RgbImage loadImage(const QString& path, const ImageLoadOptions& options) {
    const qint64 maxPixels = std::min(options.maxPixels, kMaxImagePixels);
    const QFileInfo info(path);
    if (!info.exists()) fail(path, QStringLiteral("the file does not exist. Check the path."));
    if (info.isDir()) fail(path, QStringLiteral("it is a folder. Give the path of an image file."));
    if (!info.isReadable())
        fail(path,
             QStringLiteral("the file is not readable (permissions). Check its permissions."));
    if (info.size() == 0)
        fail(path, QStringLiteral("the file is empty (0 bytes). Choose another file."));

    raiseAllocationLimitOnce();
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);  // a PNG named .jpg is still a PNG
    reader.setAutoTransform(options.applyOrientation);
    if (!reader.canRead()) {
        if (reader.error() == QImageReader::FileNotFoundError ||
            reader.error() == QImageReader::DeviceError)
            fail(path, QStringLiteral("the file cannot be opened (%1). Check the path and "
                                      "permissions.")
                           .arg(reader.errorString()));
        failUnsupported(path);
    }
    const QString format = QString::fromLatin1(reader.format());

    if (format == QLatin1String("jpeg") && !jpegHasEnd(path))
        fail(path, QStringLiteral("the JPEG data ends before the end of the image. The file is "
                                  "truncated: re-export or re-download it."));

    // The header's size, read without decoding: refuse huge images before anything is allocated.
    const QSize declared = reader.size();
    if (declared.isValid()) checkPixels(path, declared, maxPixels);

    QImage image;
    if (!reader.read(&image)) {
        const QString detail = reader.errorString();
        if (reader.error() == QImageReader::UnsupportedFormatError) failUnsupported(path);
        fail(path, QStringLiteral("the %1 data could not be decoded (%2). The file is truncated "
                                  "or corrupt: re-export or re-download it.")
                       .arg(format, detail));
    }
    if (image.isNull())
        fail(path, QStringLiteral("the %1 decoder returned no pixels. The file is truncated or "
                                  "corrupt: re-export or re-download it.")
                       .arg(format));
    checkPixels(path, image.size(), maxPixels);
    return fromQImage(image);
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
