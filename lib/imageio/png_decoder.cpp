#include "png_decoder.h"

#include <QSysInfo>

#include <png.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

namespace ds::detail {
namespace {

// libpng's own defaults as Debian builds it (pnglibconf.h), set explicitly so that the limits
// do not depend on the build: at most 1,000,000 pixels per side (loadImage's pixel limit,
// checked from the header before anything is allocated, is the tighter one), at most 1000
// ancillary chunks kept and 8 MB for one chunk's data (a huge or decompression-bomb iCCP or
// zTXt is dropped with a warning).
constexpr png_uint_32 kMaxSide = 1000000;
constexpr png_uint_32 kMaxChunks = 1000;
constexpr png_alloc_size_t kMaxChunkBytes = 8000000;

// Everything libpng's callbacks reach, and everything that must outlive a longjmp: it lives
// in decodePng's frame, outside the one that calls setjmp.
struct Context {
    const png_byte* data = nullptr;
    size_t size = 0;
    size_t pos = 0;
    bool readingEnd = false;  // png_read_end is running (Qt's missing-CRC workaround)
    qint64 maxPixels = 0;
    png_structp png = nullptr;
    png_infop info = nullptr;
    png_infop endInfo = nullptr;
    std::vector<png_bytep> rows;
    PngResult result;

    ~Context() {
        if (png)
            png_destroy_read_struct(&png, info ? &info : nullptr, endInfo ? &endInfo : nullptr);
    }
};

Context* contextOf(png_structp png) { return static_cast<Context*>(png_get_error_ptr(png)); }

// Keeps one message; its temporaries are gone before onError longjmps.
void note(Context* ctx, const char* prefix, png_const_charp message) noexcept {
    try {
        ctx->result.messages << QString::fromLatin1(prefix) + QString::fromLocal8Bit(message);
    } catch (...) {  // out of memory: the message is lost, the error is not
    }
}

void onError(png_structp png, png_const_charp message) {
    note(contextOf(png), "libpng error: ", message);
    png_longjmp(png, 1);
}

void onWarning(png_structp png, png_const_charp message) {
    note(contextOf(png), "libpng warning: ", message);
}

void readBytes(png_structp png, png_bytep out, size_t length) {
    Context* ctx = static_cast<Context*>(png_get_io_ptr(png));
    const size_t left = ctx->size - ctx->pos;
    if (ctx->readingEnd && left < 4 && length == 4) {
        // As Qt's reader: some writers leave out the final CRC (IEND's is always the same).
        static const png_byte kIendCrc[4] = {0xae, 0x42, 0x60, 0x82};
        std::memcpy(out, kIendCrc, 4);
        ctx->pos = ctx->size;
        return;
    }
    if (length > left) {
        ctx->result.truncated = true;
        png_error(png, "Read Error");
    }
    std::memcpy(out, ctx->data + ctx->pos, length);
    ctx->pos += length;
}

// Qt 6's setup_qt (qpnghandler.cpp): the same transformations, in the same order, and the same
// QImage format and colour table. False when the image cannot be allocated.
bool setUpLikeQt(Context& ctx) {
    png_structp png = ctx.png;
    png_infop info = ctx.info;
    png_uint_32 width = 0, height = 0;
    int bitDepth = 0, colorType = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bitDepth, &colorType, &interlace, nullptr, nullptr);
    const QSize size{int(width), int(height)};
    png_bytep transAlpha = nullptr;
    png_color_16p transColor = nullptr;
    int numTrans = 0;
    png_colorp palette = nullptr;
    int numPalette = 0;
    const auto allocate = [&ctx](const QSize& s, QImage::Format format) {
        ctx.result.image = QImage(s, format);
        if (ctx.result.image.isNull()) ctx.result.messages << QStringLiteral("out of memory");
        return !ctx.result.image.isNull();
    };
    const bool hasTrns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    png_set_interlace_handling(png);

    if (colorType == PNG_COLOR_TYPE_GRAY) {
        if (bitDepth == 1 && png_get_channels(png, info) == 1) {
            png_set_invert_mono(png);
            png_read_update_info(png, info);
            if (!allocate(size, QImage::Format_Mono)) return false;
            QImage& image = ctx.result.image;
            image.setColorCount(2);
            image.setColor(1, qRgb(0, 0, 0));
            image.setColor(0, qRgb(255, 255, 255));
            if (png_get_tRNS(png, info, &transAlpha, &numTrans, &transColor) && transColor) {
                const int g = transColor->gray;
                if (g == 0)
                    image.setColor(1, qRgba(0, 0, 0, 0));
                else if (g == 1)
                    image.setColor(0, qRgba(255, 255, 255, 0));
            }
        } else if (bitDepth == 16 && png_get_channels(png, info) == 1 && !hasTrns) {
            if (!allocate(size, QImage::Format_Grayscale16)) return false;
            png_read_update_info(png, info);
            if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) png_set_swap(png);
        } else if (bitDepth == 16) {
            if (!hasTrns)
                png_set_filler(png, 0xffff, PNG_FILLER_AFTER);
            else
                png_set_expand(png);
            png_set_gray_to_rgb(png);
            if (!allocate(size, hasTrns ? QImage::Format_RGBA64 : QImage::Format_RGBX64))
                return false;
            png_read_update_info(png, info);
            if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) png_set_swap(png);
        } else if (bitDepth == 8 && !hasTrns) {
            png_set_expand(png);
            if (!allocate(size, QImage::Format_Grayscale8)) return false;
            png_read_update_info(png, info);
        } else {
            if (bitDepth < 8) png_set_packing(png);
            const int ncols = bitDepth < 8 ? 1 << bitDepth : 256;
            png_read_update_info(png, info);
            if (!allocate(size, QImage::Format_Indexed8)) return false;
            QImage& image = ctx.result.image;
            image.setColorCount(ncols);
            for (int i = 0; i < ncols; ++i) {
                const int c = i * 255 / (ncols - 1);
                image.setColor(i, qRgba(c, c, c, 0xff));
            }
            if (png_get_tRNS(png, info, &transAlpha, &numTrans, &transColor) && transColor) {
                const int g = transColor->gray;
                if (g < ncols) image.setColor(g, 0);
            }
        }
    } else if (colorType == PNG_COLOR_TYPE_PALETTE &&
               png_get_PLTE(png, info, &palette, &numPalette) && numPalette <= 256) {
        if (bitDepth != 1) png_set_packing(png);
        png_read_update_info(png, info);
        png_get_IHDR(png, info, &width, &height, &bitDepth, &colorType, nullptr, nullptr, nullptr);
        const QImage::Format format = bitDepth == 1 ? QImage::Format_Mono : QImage::Format_Indexed8;
        if (!allocate(QSize(int(width), int(height)), format)) return false;
        QImage& image = ctx.result.image;
        png_get_PLTE(png, info, &palette, &numPalette);
        image.setColorCount(format == QImage::Format_Mono ? 2 : numPalette);
        int i = 0;
        if (png_get_tRNS(png, info, &transAlpha, &numTrans, &transColor) && transAlpha) {
            for (; i < numTrans; ++i)
                image.setColor(
                    i, qRgba(palette[i].red, palette[i].green, palette[i].blue, transAlpha[i]));
        }
        for (; i < numPalette; ++i)
            image.setColor(i, qRgba(palette[i].red, palette[i].green, palette[i].blue, 0xff));
        if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) png_set_bgr(png);
    } else if (bitDepth == 16 && !(colorType & PNG_COLOR_MASK_PALETTE)) {
        QImage::Format format = QImage::Format_RGBA64;
        if (!(colorType & PNG_COLOR_MASK_ALPHA) && !hasTrns) {
            png_set_filler(png, 0xffff, PNG_FILLER_AFTER);
            format = QImage::Format_RGBX64;
        } else if (!(colorType & PNG_COLOR_MASK_ALPHA)) {
            // The one place where we differ from Qt 6.4: for 16-bit RGB with a tRNS colour it
            // adds no alpha channel, so libpng's 6-byte pixels land in 8-byte RGBA64 ones (the
            // picture is skewed and each row ends in uninitialised memory). Expanding tRNS to
            // alpha, as Qt does for every other tRNS image, gives the RGBA64 pixels it meant.
            png_set_expand(png);
        }
        if (!(colorType & PNG_COLOR_MASK_COLOR)) png_set_gray_to_rgb(png);
        if (!allocate(size, format)) return false;
        png_read_update_info(png, info);
        if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) png_set_swap(png);
    } else {
        if (bitDepth == 16) png_set_strip_16(png);
        png_set_expand(png);
        if (colorType == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
        QImage::Format format = QImage::Format_ARGB32;
        if (!(colorType & PNG_COLOR_MASK_ALPHA) && !hasTrns) {
            png_set_filler(
                png, 0xff,
                QSysInfo::ByteOrder == QSysInfo::BigEndian ? PNG_FILLER_BEFORE : PNG_FILLER_AFTER);
            format = QImage::Format_RGB32;
        }
        if (!allocate(size, format)) return false;
        if (QSysInfo::ByteOrder == QSysInfo::BigEndian) png_set_swap_alpha(png);
        if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) png_set_bgr(png);
        png_read_update_info(png, info);
    }
    return true;
}

// The part that libpng may longjmp out of (from onError). Nothing in this frame or in
// setUpLikeQt's has a destructor that a jump would skip while libpng runs: what must survive
// is in ctx, and the lambda's and QImage's temporaries are gone before the next libpng call.
bool readAll(Context& ctx) {
    if (setjmp(png_jmpbuf(ctx.png))) return false;
    png_set_read_fn(ctx.png, &ctx, readBytes);
    png_read_info(ctx.png, ctx.info);
    const png_uint_32 width = png_get_image_width(ctx.png, ctx.info);
    const png_uint_32 height = png_get_image_height(ctx.png, ctx.info);
    ctx.result.declared = QSize(int(std::min<png_uint_32>(width, INT_MAX)),
                                int(std::min<png_uint_32>(height, INT_MAX)));
    if (qint64(width) * qint64(height) > ctx.maxPixels) {
        ctx.result.tooLarge = true;
        return false;
    }
    if (!setUpLikeQt(ctx)) return false;
    QImage& image = ctx.result.image;
    uchar* bits = image.bits();
    const qsizetype bytesPerLine = image.bytesPerLine();
    ctx.rows.resize(size_t(height));
    for (png_uint_32 y = 0; y < height; ++y) ctx.rows[y] = bits + qsizetype(y) * bytesPerLine;
    png_read_image(ctx.png, ctx.rows.data());
    // As Qt's reader: palette indices past the palette's end become 0.
    if (png_get_color_type(ctx.png, ctx.info) == PNG_COLOR_TYPE_PALETTE &&
        image.format() == QImage::Format_Indexed8) {
        const int colors = image.colorCount();
        for (png_uint_32 y = 0; y < height; ++y) {
            uchar* p = ctx.rows[y];
            for (png_uint_32 x = 0; x < width; ++x)
                if (p[x] >= colors) p[x] = 0;
        }
    }
    ctx.readingEnd = true;
    png_read_end(ctx.png, ctx.endInfo);
    return true;
}

}  // namespace

bool isPng(const QByteArray& head) { return head.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)); }

PngResult decodePng(const QByteArray& bytes, qint64 maxPixels) {
    Context ctx;
    ctx.data = reinterpret_cast<const png_byte*>(bytes.constData());
    ctx.size = size_t(bytes.size());
    ctx.maxPixels = maxPixels;
    ctx.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, onError, onWarning);
    if (!ctx.png) {
        ctx.result.messages << QStringLiteral("libpng could not start (out of memory?)");
        return std::move(ctx.result);
    }
    ctx.info = png_create_info_struct(ctx.png);
    ctx.endInfo = ctx.info ? png_create_info_struct(ctx.png) : nullptr;
    if (!ctx.endInfo) {
        ctx.result.messages << QStringLiteral("libpng could not start (out of memory?)");
        return std::move(ctx.result);
    }
    png_set_user_limits(ctx.png, kMaxSide, kMaxSide);
    png_set_chunk_cache_max(ctx.png, kMaxChunks);
    png_set_chunk_malloc_max(ctx.png, kMaxChunkBytes);
#if defined(PNG_SET_OPTION_SUPPORTED) && defined(PNG_MAXIMUM_INFLATE_WINDOW)
    // As Qt's reader: accept the "invalid distance too far back" streams some encoders write.
    png_set_option(ctx.png, PNG_MAXIMUM_INFLATE_WINDOW, PNG_OPTION_ON);
#endif
    if (!readAll(ctx)) ctx.result.image = QImage();
    return std::move(ctx.result);
}

}  // namespace ds::detail
