#pragma once
// PNG decoding with libpng directly (internal to densescope_imageio). Qt's PNG reader gives
// libpng no error handler, so libpng printed its errors to the process's stderr; here libpng's
// errors and warnings go to callbacks that collect them for loadImage's message, and nothing
// touches file descriptor 2.
//
// The image is built exactly as Qt 6's reader (qpnghandler.cpp) builds it: the same QImage
// format for each colour type and bit depth (Mono, Indexed8 with the palette and tRNS alpha,
// Grayscale8/16, RGB32/ARGB32, RGBX64/RGBA64), the same libpng transformations, interlacing
// expanded, no gamma correction. loadImage then converts it to RGB with fromQImage, so the
// pixels are the ones Qt's reader produced (tests/tst_png.cpp compares the two).
#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QStringList>

namespace ds::detail {

// True when `head` starts with the 8-byte PNG signature.
bool isPng(const QByteArray& head);

struct PngResult {
    QImage image;            // null when decoding failed or stopped
    QSize declared;          // IHDR's size, once it was read (invalid before)
    bool tooLarge = false;   // declared has more than maxPixels pixels: nothing was allocated
    bool truncated = false;  // the data ended before libpng had all it needed
    QStringList messages;    // "libpng warning: ...", "libpng error: ...", in order
};

// Decodes the PNG in `bytes`. Stops after the header when it declares more than maxPixels
// pixels. Never throws for bad data (std::bad_alloc can still escape).
PngResult decodePng(const QByteArray& bytes, qint64 maxPixels);

}  // namespace ds::detail
