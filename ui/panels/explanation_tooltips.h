#pragma once
// The explanations as tooltips of the Network tree's items and the Layers table's rows, so a
// pointer resting on any layer says what it does (lib/present/explanation.h).
#include "densescope/config.h"

namespace ds::ui {

class LayerTable;
class NetworkTree;

// Call after both have been given `summary` (their setSummary replaces their items).
void setExplanationToolTips(NetworkTree& tree, LayerTable& table, const ds::DenseNetConfig& config,
                            const ds::ModelSummary& summary);

}  // namespace ds::ui
