#include "colormap.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>


namespace ds::ui {
namespace {

// 17 evenly spaced stops sampled from matplotlib's maps; the tables interpolate linearly.
constexpr QRgb kViridis[] = {0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d,
                             0x2c728e, 0x26828e, 0x21918c, 0x1fa088, 0x28ae80, 0x3fbc73,
                             0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725};
constexpr QRgb kInferno[] = {0x000004, 0x0b0724, 0x210c4a, 0x3d0965, 0x57106e, 0x71196e,
                             0x8a226a, 0xa32c61, 0xbc3754, 0xd24644, 0xe45a31, 0xf1731d,
                             0xf98e09, 0xfcac11, 0xf9cb35, 0xf2ea69, 0xfcffa4};
constexpr QRgb kMagma[] = {0x000004, 0x0a0822, 0x1d1147, 0x36106b, 0x51127c, 0x6a1c81,
                           0x832681, 0x9c2e7f, 0xb73779, 0xd0416f, 0xe75263, 0xf56b5c,
                           0xfc8961, 0xfea772, 0xfec488, 0xfde2a3, 0xfcfdbf};
// RdBu reversed: blue for negative, white at zero, red for positive.
constexpr QRgb kRdBu[] = {0x053061, 0x175290, 0x2a71b2, 0x3f8ec0, 0x6bacd1, 0x9bc9e0,
                          0xc2ddec, 0xe0ecf3, 0xf7f6f6, 0xfbe5d8, 0xfbccb4, 0xf5aa89,
                          0xe48066, 0xd05548, 0xba2832, 0x930e26, 0x67001f};
constexpr int kStops = 17;

QVector<QRgb> interpolate(const QRgb* stops) {
    QVector<QRgb> table(256);
    for (int i = 0; i < 256; ++i) {
        const double pos = i / 255.0 * (kStops - 1);
        const int a = std::min(int(pos), kStops - 2);
        const double f = pos - a;
        auto mix = [&](int shift) {
            const int ca = (stops[a] >> shift) & 0xff, cb = (stops[a + 1] >> shift) & 0xff;
            return int(std::lround(ca + (cb - ca) * f));
        };
        table[i] = qRgb(mix(16), mix(8), mix(0));
    }
    return table;
}

QVector<QRgb> grayTable() {
    QVector<QRgb> table(256);
    for (int i = 0; i < 256; ++i) table[i] = qRgb(i, i, i);
    return table;
}

}  // namespace

QString colormapName(Colormap map) {
    switch (map) {
        case Colormap::Viridis:
            return QStringLiteral("viridis");
        case Colormap::Gray:
            return QStringLiteral("gray");
        case Colormap::Inferno:
            return QStringLiteral("inferno");
        case Colormap::Magma:
            return QStringLiteral("magma");
        case Colormap::Diverging:
            return QCoreApplication::translate("ds::ui::Colormap", "RdBu (signed)");
    }
    return {};
}

const QVector<Colormap>& allColormaps() {
    static const QVector<Colormap> kAll = {Colormap::Viridis, Colormap::Gray, Colormap::Inferno,
                                           Colormap::Magma, Colormap::Diverging};
    return kAll;
}

bool isDiverging(Colormap map) { return map == Colormap::Diverging; }

const QVector<QRgb>& colorTable(Colormap map) {
    static const QVector<QRgb> kTables[] = {interpolate(kViridis), grayTable(),
                                            interpolate(kInferno), interpolate(kMagma),
                                            interpolate(kRdBu)};
    return kTables[int(map)];
}

QColor colorAt(Colormap map, double t) {
    const int i = int(std::lround(std::clamp(t, 0.0, 1.0) * 255.0));
    return QColor::fromRgb(colorTable(map)[i]);
}

QImage indexedImage(const uint8_t* bytes, int width, int height, Colormap cmap) {
    QImage img(width, height, QImage::Format_Indexed8);
    img.setColorTable(colorTable(cmap));
    for (int y = 0; y < height; ++y)
        std::copy_n(bytes + size_t(y) * size_t(width), width, img.scanLine(y));
    return img;
}

QImage indexedToRgb(const uint8_t* bytes, int width, int height, Colormap cmap) {
    QImage img(width, height, QImage::Format_RGB32);
    const QVector<QRgb>& table = colorTable(cmap);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        const uint8_t* row = bytes + size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x) line[x] = table[row[x]];
    }
    return img;
}

}  // namespace ds::ui
