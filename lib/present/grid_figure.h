#pragma once
// The channel grid of a feature map as a figure for slides and reports: a title (layer name,
// shape, colormap, scaling), a colour bar with its value range, and every channel as a tile,
// at least kMinWidth pixels wide. The app's "Grid as PNG" and densescope-cli's `features
// --png` both write this figure: one implementation.
//
// Tiles are the map's 8-bit form (FeatureMap::bytes, in the scaling it records) through the
// colormap's colour table, enlarged (nearest, never shrunk) to fill the width, so each value
// is a block of equal pixels. Text needs a QGuiApplication (fonts).
#include <QColor>
#include <QImage>
#include <QRect>
#include <QVector>

#include "colormap.h"

namespace ds {
struct FeatureMap;
}

namespace ds::ui {

struct GridFigureOptions {
    Colormap colormap = Colormap::Viridis;
    QVector<int> order;            // channels in display order; empty: 0..C-1
    QVector<QColor> originColors;  // empty, or one per channel: a strip under each tile
    int width = 1800;              // pixels (at least kMinWidth)
};

// Where things are in the figure; the same arithmetic renderGridFigure() uses.
struct GridFigureLayout {
    static constexpr int kMinWidth = 1600;
    QSize size;       // the whole figure
    QRect titleArea;  // title, subtitle and colour bar
    QRect colorBar;
    int columns = 1;
    QSize tile;        // a channel's picture, at least the map's width x height
    QSize mapSize;     // the map's width x height
    QPoint gridOrigin;
    int cellWidth = 0, cellHeight = 0;  // tile + strip + gap
    // Top-left corner of the tile at display position `position`.
    QPoint tileAt(int position) const;
    // A pixel that shows map value (x, y) of the tile at `position` (the middle of its block).
    QPoint pixelAt(int position, int x, int y) const;
};

GridFigureLayout gridFigureLayout(const FeatureMap& map, const GridFigureOptions& options);

// Throws ds::Error when the map has no 8-bit form or the figure cannot be allocated.
QImage renderGridFigure(const FeatureMap& map, const GridFigureOptions& options);

}  // namespace ds::ui
