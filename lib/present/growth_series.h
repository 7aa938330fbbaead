#pragma once
// The data behind the channel-growth chart, computed from a ModelSummary alone.
//
// Depth axis: x = 0 is the stem output (features.pool0, k0 = init features), then one step
// per dense layer and per transition in forward order. Inside block b, after dense layer l
// the concatenation has k0_b + k*l channels; a transition drops C to floor(theta * C).
#include <QString>
#include <QVector>

#include "densescope/config.h"

namespace ds::ui {

struct GrowthPoint {
    int depth = 0;     // x
    int channels = 0;  // y: channels of the running concatenation after this step
    ds::LayerInfo layer;
};
QVector<GrowthPoint> growthSeries(const ds::ModelSummary& summary);

// Depth range of the dense layers of block `block` (for shading).
struct BlockSpan {
    int block = 0;
    int firstDepth = 0;
    int lastDepth = 0;
};
QVector<BlockSpan> blockSpans(const QVector<GrowthPoint>& series);

// Parameters and MACs per stage: "stem", "block1", "trans1", ..., "head" (norm5 + classifier).
struct StageCost {
    QString label;
    QString layer;  // the module a click selects: features.pool0, features.denseblockB, ...
    int64_t parameters = 0;
    int64_t macs = 0;
};
QVector<StageCost> stageCosts(const ds::ModelSummary& summary);

}  // namespace ds::ui
