#pragma once
// Colormaps and the float -> 8-bit conversion behind every feature-map picture.
// Pure functions on plain arrays: fast (one pass, a 256-entry lookup table) and testable.
#include <QColor>
#include <QImage>
#include <QString>
#include <QVector>

#include <cstdint>
#include <vector>

namespace ds {
struct FeatureMap;
}

namespace ds::ui {

enum class Colormap { Viridis, Gray, Inferno, Magma, Diverging };

// Names as shown in the UI ("viridis", "gray", "inferno", "magma", "RdBu (signed)").
QString colormapName(Colormap map);
const QVector<Colormap>& allColormaps();
// A diverging map is centred on zero: values are scaled symmetrically, so 0 is the middle colour.
bool isDiverging(Colormap map);
// 256 opaque colours, index 0 = lowest value.
const QVector<QRgb>& colorTable(Colormap map);
QColor colorAt(Colormap map, double t);  // t in [0, 1], clamped

enum class Normalization { Shared, PerChannel };

// The value range [lo, hi] that maps to indices 0 and 255. Shared: the whole map's min/max;
// PerChannel: that channel's. A diverging map uses [-m, m] with m the largest magnitude.
struct ValueRange {
    float lo = 0.f;
    float hi = 1.f;
};
ValueRange channelRange(const ds::FeatureMap& map, int channel, Normalization norm, Colormap cmap);

// Index = round(255 * (v - lo) / (hi - lo)), clamped to [0, 255]. When hi <= lo (a constant
// channel) every value gets the middle index 128 for a diverging map and 0 otherwise.
uint8_t quantize(float v, ValueRange r, bool diverging = false);

// Format_Indexed8 picture of one [h, w] plane with the colormap as colour table.
QImage planeToIndexed8(const float* data, int width, int height, ValueRange r, Colormap cmap);
// Same, converted to Format_RGB32 for fast repeated painting.
QImage planeToRgb(const float* data, int width, int height, ValueRange r, Colormap cmap);

}  // namespace ds::ui
