#pragma once
// The one palette that says "which dense layer": used by the feature-map provenance strip
// and legend, the channel-growth chart and the layer table, so a colour means the same
// thing everywhere (docs/ui.md).
#include <QColor>
#include <QIcon>

namespace ds {
struct LayerInfo;
struct ModelSummary;
}  // namespace ds

namespace ds::ui {

// Channels that entered the block (its input x0): a neutral grey.
QColor blockInputColor();
// Dense layer `layer` (1-based) of a block of `layersInBlock` layers: ordered colours sampled
// from the turbo map (early layers blue, late layers red), distinct for neighbours.
QColor denseLayerColor(int layer, int layersInBlock);
// Colour for `info` when it is a dense layer, invalid QColor otherwise.
QColor layerColor(const ds::ModelSummary& summary, const ds::LayerInfo& info);
// Light background tint for dense block `block` (1-based), alternating for neighbours.
QColor blockShadeColor(int block);
// A small filled square of `color` for item views (empty icon for an invalid colour).
QIcon colorSwatch(const QColor& color, int size = 12);

}  // namespace ds::ui
