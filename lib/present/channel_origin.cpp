#include "channel_origin.h"

#include "densescope/config.h"

namespace ds::ui {

int BlockLayout::originOf(int channel) const {
    if (!valid() || channel < 0 || channel >= channels()) return -1;
    if (channel < inputChannels) return 0;
    return (channel - inputChannels) / growthRate + 1;
}

BlockLayout blockLayout(const ds::ModelSummary& summary, const std::string& layerName) {
    const ds::LayerInfo* info = summary.find(layerName);
    BlockLayout out;
    if (!info || info->type != ds::LayerType::DenseBlock) return out;
    out.block = info->block;
    out.inputChannels = info->inChannels;
    out.denseLayers = denseLayersInBlock(summary, info->block);
    if (out.denseLayers > 0) out.growthRate = (info->outChannels - info->inChannels) / out.denseLayers;
    return out;
}

int denseLayersInBlock(const ds::ModelSummary& summary, int block) {
    int layers = 0;
    for (const auto& l : summary.layers)
        if (l.type == ds::LayerType::DenseLayer && l.block == block) ++layers;
    return layers;
}

QString originName(int origin) {
    return origin == 0 ? QStringLiteral("block input") : QStringLiteral("denselayer%1").arg(origin);
}

}  // namespace ds::ui
