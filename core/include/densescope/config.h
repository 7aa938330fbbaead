#pragma once
// DenseNet configurations: the torchvision variants, the paper's DenseNet-264 and custom
// layouts. Pure C++, no LibTorch: the UI and CLI use it to show structure and costs
// without building a model.
#include <cstdint>
#include <string>
#include <vector>

namespace ds {

struct DenseNetConfig {
    std::string name = "densenet121";  // variant name, or "custom"
    int growthRate = 32;               // k
    std::vector<int> blockConfig{6, 12, 24, 16};
    int initFeatures = 64;  // channels after the stem
    int bnSize = 4;         // bottleneck width = bnSize * k
    double compression = 0.5;  // theta of the transitions
    double dropRate = 0.0;     // dropout after each dense layer (inactive in inference)
    int numClasses = 1000;

    // Throws ConfigError naming the offending field and the accepted range.
    void validate() const;
    // "k=32 blocks=6-12-24-16 init=64" style one-line description.
    std::string describe() const;
    bool operator==(const DenseNetConfig& o) const;
    bool operator!=(const DenseNetConfig& o) const { return !(*this == o); }

    // densenet121/161/169/201 (torchvision) and densenet264 (paper: k=32, 6-12-64-48).
    // Throws ConfigError listing the known names.
    static DenseNetConfig variant(const std::string& name);
    static const std::vector<std::string>& variantNames();
    // Parses "6,12,24,16" (also '-' or spaces as separators). Throws ConfigError.
    static std::vector<int> parseBlocks(const std::string& text);
};

enum class LayerType { Stem, Norm, Relu, Pool, DenseLayer, DenseBlock, Transition, Classifier };
const char* layerTypeName(LayerType t);  // "conv", "dense_layer", ... as in the CLI JSON

// One module whose output can be inspected, with its output shape for a given input size.
struct LayerInfo {
    std::string name;  // torchvision module name, e.g. "features.denseblock2.denselayer3"
    LayerType type;
    int inChannels = 0;
    int outChannels = 0;
    int height = 0;  // output spatial size
    int width = 0;
    int64_t parameters = 0;  // learnable parameters owned by this module (not buffers)
    int64_t macs = 0;        // multiply-accumulates of this module at the given input size
    int block = 0;           // 1-based dense block index (0 outside blocks)
    int layerIndex = 0;      // 1-based dense layer index within its block (0 otherwise)
};

struct ModelSummary {
    int64_t parameters = 0;  // equals torchvision's sum(p.numel() for p in parameters())
    int64_t macs = 0;        // at inputSize x inputSize
    int inputSize = 224;
    // In forward order: features.conv0, features.norm0, features.relu0, features.pool0, then
    // for each block its dense layers followed by the block itself, then the transition; then
    // features.norm5 and classifier. The block entry repeats the sum of its layers' parameters
    // and MACs (it is not counted twice in the totals).
    std::vector<LayerInfo> layers;
    const LayerInfo* find(const std::string& name) const;
};

// Computes structure, parameter and MAC counts from the config alone (no model is built).
// Throws ConfigError for an invalid config or an input too small for the network.
ModelSummary summarize(const DenseNetConfig& config, int inputSize = 224);

}  // namespace ds
