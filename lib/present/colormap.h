#pragma once
// Colormaps: the colour tables that turn a feature map's 8-bit form (made in core,
// feature_maps.h) into pictures. Pure functions on plain arrays: one 256-entry lookup.
#include <QColor>
#include <QImage>
#include <QString>
#include <QVector>

#include <cstdint>
#include <vector>

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

// Pictures of 8-bit planes (feature_maps.h makes the bytes; nothing here quantises): index i
// gets colour i of the colormap. Format_Indexed8 with the colour table (a copy of the bytes),
// and Format_RGB32 for fast repeated painting.
QImage indexedImage(const uint8_t* bytes, int width, int height, Colormap cmap);
QImage indexedToRgb(const uint8_t* bytes, int width, int height, Colormap cmap);

}  // namespace ds::ui
