#pragma once
// Where each channel of a dense block's output comes from. A block of L dense layers with input
// k0 channels and growth rate k outputs concat(x0, x1, ..., xL): channels [0, k0) are the
// block input and [k0 + (l-1)k, k0 + lk) were added by dense layer l (docs/model.md).
#include <QString>

#include <string>

namespace ds {
struct ModelSummary;
}

namespace ds::ui {

struct BlockLayout {
    int block = 0;          // 1-based dense block index; 0 when the layer (module) is not a dense block
    int inputChannels = 0;  // k0
    int growthRate = 0;     // k
    int denseLayers = 0;    // L
    bool valid() const { return block > 0 && denseLayers > 0; }
    int channels() const { return inputChannels + denseLayers * growthRate; }
    // 0 for the block input, l (1-based) for dense layer l, -1 outside [0, channels()).
    int originOf(int channel) const;
    // First channel and count of origin `origin` (0 = block input).
    int firstChannel(int origin) const {
        return origin == 0 ? 0 : inputChannels + (origin - 1) * growthRate;
    }
    int channelCount(int origin) const { return origin == 0 ? inputChannels : growthRate; }
};

// Layout of the dense block whose output is `layerName` ("features.denseblock2");
// invalid (block 0) for any other layer.
BlockLayout blockLayout(const ds::ModelSummary& summary, const std::string& layerName);
// Number of dense layers in block `block` (1-based), 0 if there is none.
int denseLayersInBlock(const ds::ModelSummary& summary, int block);
// "block input" or "denselayer3", for labels and tooltips.
QString originName(int origin);

}  // namespace ds::ui
