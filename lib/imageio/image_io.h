#pragma once
// Image decoding with Qt's readers (QImageReader: JPEG, BMP, GIF, and whatever image plugins
// are installed, e.g. WebP/TIFF) and, for PNG, libpng directly into the image Qt's PNG reader
// made (png_decoder.h), converted to core's ds::RgbImage. Qt Gui and libpng only.
//
// Conversion choices (what a torchvision user gets from PIL's Image.open(p).convert("RGB"),
// except where noted):
//  - grayscale is replicated to R = G = B; palette images are expanded;
//  - alpha is dropped, not composited: the stored colour of each pixel is kept, as
//    PIL's convert("RGB") does (a transparent pixel keeps its hidden colour);
//  - 16-bit and floating-point images are scaled to 8 bits (v * 255 / 65535, rounded).
//    PIL truncates 16-bit RGB to the high byte and clips 16-bit grayscale at 255;
//  - EXIF orientation is applied by default (the image is classified upright, as every
//    viewer shows it). PIL's Image.open does not do this unless ImageOps.exif_transpose is
//    called, so rotated JPEGs can differ from a plain PIL pipeline; pass
//    applyOrientation = false to get the stored pixel order;
//  - animated formats: the first frame.
//
// Thread safety: loadImage may be called from any thread. It raises Qt's process-wide
// QImageReader allocation limit once (see kMaxImagePixels) so that every image within the
// pixel limit can be decoded, including 16-bit ones, and installs a Qt message handler once
// that keeps the decoders' qWarning text off stderr while a thread decodes (other messages
// reach the previous handler). It never redirects or writes to the process's stderr.
#include <QImage>
#include <QString>

#include "densescope/image.h"

namespace ds {

// Images with more pixels than this are refused before any pixel memory is allocated
// (100 megapixels: a 12000 x 8000 photo fits; the network sees 224 x 224 anyway).
constexpr qint64 kMaxImagePixels = 100'000'000;

// Images read from a pipe or standard input are buffered whole first: at most this many bytes.
constexpr qint64 kMaxStreamBytes = qint64(512) << 20;

struct ImageLoadOptions {
    bool applyOrientation =
        true;  // apply EXIF/metadata orientation (QImageReader::setAutoTransform)
    qint64 maxPixels = kMaxImagePixels;  // at most kMaxImagePixels; smaller values for tests
    qint64 maxStreamBytes = kMaxStreamBytes;  // pipes and standard input; smaller for tests
};

// Decodes the file at `path` (format detected from the content, not the extension). "-" reads
// standard input; pipes (a FIFO, /dev/stdin, bash's <(cmd)) are read to their end as bounded
// streams (options.maxStreamBytes). Throws ds::ImageError whose message names the file and
// says what to do, when the file is missing, unreadable, empty, a device, not an image, in a
// format no installed Qt plugin reads, truncated or corrupt, of zero size, or larger than
// options.maxPixels (checked from the header, before decoding allocates). Decoder warnings
// (libpng, libjpeg) are not printed: they go into the message when decoding fails.
RgbImage loadImage(const QString& path, const ImageLoadOptions& options = {});

// Any QImage -> 8-bit RGB (rules above). Throws ds::ImageError for a null image.
RgbImage fromQImage(const QImage& image);

// ds::RgbImage -> QImage::Format_RGB888 (deep copy). A null QImage for an invalid input.
QImage toQImage(const RgbImage& image);

}  // namespace ds
