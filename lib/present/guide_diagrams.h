#pragma once
// The Guide's pictures, drawn with QPainter from the loaded configuration (no image files):
// the network's channel profile (stem, dense blocks growing, transitions compressing, head)
// and one dense block's concatenation, layer by layer. Sizes are in units of `font` so the
// pictures follow zoom; `dpr` is the screen's device pixel ratio.
#include <QCoreApplication>
#include <QFont>
#include <QImage>

#include "densescope/config.h"

namespace ds::ui {

struct GuideDiagrams {
    // Boxes in forward order whose heights are proportional to their channels, labelled with
    // channels and spatial size.
    static QImage network(const ds::ModelSummary& summary, const QFont& font, qreal dpr);
    // The first dense layers (at most 4) of dense block 1: each reads the concatenation of the
    // block input and all earlier outputs, and appends k channels; the last row is the block
    // output. Bars are proportional to channels; colours are the app's dense-layer colours.
    static QImage concatenation(const ds::ModelSummary& summary, const QFont& font, qreal dpr);

    Q_DECLARE_TR_FUNCTIONS(ds::ui::GuideDiagrams)
};

}  // namespace ds::ui
