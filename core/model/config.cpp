#include "densescope/config.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "densescope/errors.h"
#include "densescope/module_names.h"

namespace ds {
namespace {

struct Variant {
    const char* name;
    int growthRate;
    std::vector<int> blocks;
    int initFeatures;
};

const std::vector<Variant>& variants() {
    static const std::vector<Variant> kVariants = {
        {"densenet121", 32, {6, 12, 24, 16}, 64}, {"densenet161", 48, {6, 12, 36, 24}, 96},
        {"densenet169", 32, {6, 12, 32, 32}, 64}, {"densenet201", 32, {6, 12, 48, 32}, 64},
        {"densenet264", 32, {6, 12, 64, 48}, 64},
    };
    return kVariants;
}

std::string joinBlocks(const std::vector<int>& blocks, char sep) {
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (i) out += sep;
        out += std::to_string(blocks[i]);
    }
    return out;
}

// Output size of a conv/pool along one axis, as PyTorch computes it (floor mode).
int convOut(int in, int kernel, int stride, int pad) {
    return (in + 2 * pad - kernel) / stride + 1;
}

}  // namespace

const std::vector<std::string>& DenseNetConfig::variantNames() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const auto& p : variants()) names.emplace_back(p.name);
        return names;
    }();
    return kNames;
}

DenseNetConfig DenseNetConfig::variant(const std::string& name) {
    for (const auto& p : variants()) {
        if (name == p.name) {
            DenseNetConfig c;
            c.name = p.name;
            c.growthRate = p.growthRate;
            c.blockConfig = p.blocks;
            c.initFeatures = p.initFeatures;
            return c;
        }
    }
    std::string known;
    for (const auto& n : variantNames()) known += (known.empty() ? "" : ", ") + n;
    throw ConfigError("Unknown variant '" + name + "'. Choose one of: " + known +
                          ", or give a custom layout (growth rate and blocks).",
                      ErrorKind::UnknownVariant, {{"name", name}, {"known", known}});
}

std::vector<int> DenseNetConfig::parseBlocks(const std::string& text) {
    std::vector<int> blocks;
    std::string token;
    auto flush = [&] {
        if (token.empty()) return;
        size_t used = 0;
        long value = 0;
        try {
            value = std::stol(token, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != token.size() || value < 1 || value > 1000)
            throw ConfigError(
                "Block layout '" + text + "': '" + token +
                    "' is not a layer count between 1 and 1000. Write it like 6,12,24,16.",
                ErrorKind::BadBlockLayout, {{"text", text}, {"token", token}});
        blocks.push_back(static_cast<int>(value));
        token.clear();
    };
    for (char ch : text) {
        if (ch == ',' || ch == '-' || ch == ' ' || ch == ';')
            flush();
        else
            token += ch;
    }
    flush();
    if (blocks.empty())
        throw ConfigError(
            "Block layout is empty. Give the number of dense layers per block, "
            "like 6,12,24,16.",
            ErrorKind::BadBlockLayout, {{"text", text}, {"token", ""}});
    return blocks;
}

namespace {
// 0.5, 1e-07, 0.333333: a double for a person (std::to_string prints "0.000000" for 1e-7).
std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}
}  // namespace

void DenseNetConfig::validate() const {
    // Every rule a layout breaks is one kind for a person (the English names the rule); a
    // value out of its range also names the value ("what": growth-rate, blocks, block-layers,
    // init-features, bn-size, compression, drop-rate, classes) and its range.
    auto range = [](const std::string& text, const std::string& what, const std::string& value,
                    const std::string& min, const std::string& max) {
        throw ConfigError(text, ErrorKind::ValueOutOfRange,
                          {{"what", what}, {"value", value}, {"min", min}, {"max", max}});
    };
    if (growthRate < 1 || growthRate > 1024)
        range("Growth rate k = " + std::to_string(growthRate) + " is out of range: use 1 to 1024.",
              "growth-rate", std::to_string(growthRate), "1", "1024");
    if (blockConfig.empty() || blockConfig.size() > 16)
        range("The network needs between 1 and 16 dense blocks; got " +
                  std::to_string(blockConfig.size()) + ".",
              "blocks", std::to_string(blockConfig.size()), "1", "16");
    for (size_t i = 0; i < blockConfig.size(); ++i)
        if (blockConfig[i] < 1 || blockConfig[i] > 1000)
            range("Dense block " + std::to_string(i + 1) + " has " +
                      std::to_string(blockConfig[i]) + " layers: each block needs 1 to 1000.",
                  "block-layers", std::to_string(blockConfig[i]), "1", "1000");
    if (initFeatures < 1 || initFeatures > 4096)
        range("Initial features = " + std::to_string(initFeatures) +
                  " is out of range: use 1 to 4096.",
              "init-features", std::to_string(initFeatures), "1", "4096");
    if (bnSize < 1 || bnSize > 64)
        range("Bottleneck size (bn_size) = " + std::to_string(bnSize) +
                  " is out of range: use 1 to 64.",
              "bn-size", std::to_string(bnSize), "1", "64");
    if (!(compression > 0.0 && compression <= 1.0))
        range("Compression theta = " + number(compression) +
                  " is out of range: use a value in (0, 1], e.g. 0.5.",
              "compression", number(compression), "0", "1");
    if (!(dropRate >= 0.0 && dropRate < 1.0))
        range("Drop rate = " + number(dropRate) + " is out of range: use 0 <= rate < 1.",
              "drop-rate", number(dropRate), "0", "1");
    if (numClasses < 1 || numClasses > 100000)
        range("Number of classes = " + std::to_string(numClasses) +
                  " is out of range: use 1 to 100000.",
              "classes", std::to_string(numClasses), "1", "100000");
    // Channels must stay positive through every transition.
    int64_t channels = initFeatures;
    for (size_t i = 0; i < blockConfig.size(); ++i) {
        channels += int64_t(blockConfig[i]) * growthRate;
        if (channels > 100000)
            throw ConfigError("This layout grows to " + std::to_string(channels) +
                                  " channels, more than 100000: use fewer layers or a smaller "
                                  "growth rate.",
                              ErrorKind::BadLayout,
                              {{"rule", "too-many-channels"}, {"value", std::to_string(channels)}});
        if (i + 1 < blockConfig.size()) {
            channels = static_cast<int64_t>(std::floor(channels * compression));
            if (channels < 1)
                throw ConfigError("Compression " + number(compression) +
                                      " leaves no channels after transition " +
                                      std::to_string(i + 1) + ": use a larger compression.",
                                  ErrorKind::BadLayout,
                                  {{"rule", "no-channels"},
                                   {"value", number(compression)},
                                   {"transition", std::to_string(i + 1)}});
        }
    }
}

std::string DenseNetConfig::describe() const {
    std::ostringstream s;
    s << "k=" << growthRate << " blocks=" << joinBlocks(blockConfig, '-')
      << " init=" << initFeatures;
    if (bnSize != 4) s << " bn_size=" << bnSize;
    if (compression != 0.5) s << " compression=" << compression;
    if (numClasses != 1000) s << " classes=" << numClasses;
    return s.str();
}

bool DenseNetConfig::operator==(const DenseNetConfig& o) const {
    return growthRate == o.growthRate && blockConfig == o.blockConfig &&
           initFeatures == o.initFeatures && bnSize == o.bnSize && compression == o.compression &&
           dropRate == o.dropRate && numClasses == o.numClasses;
}

const char* layerTypeName(LayerType t) {
    switch (t) {
        case LayerType::Stem:
            return "conv";
        case LayerType::Pool:
            return "pool";
        case LayerType::DenseLayer:
            return "dense_layer";
        case LayerType::DenseBlock:
            return "dense_block";
        case LayerType::Transition:
            return "transition";
        case LayerType::Norm:
            return "norm";
        case LayerType::Relu:
            return "relu";
        case LayerType::Classifier:
            return "linear";
    }
    return "unknown";
}

const LayerInfo* ModelSummary::find(const std::string& name) const {
    for (const auto& l : layers)
        if (l.name == name) return &l;
    return nullptr;
}

ModelSummary summarize(const DenseNetConfig& c, int inputSize) {
    c.validate();
    if (inputSize < 32 || inputSize > 8192)
        throw ConfigError("Input size " + std::to_string(inputSize) +
                          " is out of range: use 32 to 8192.");
    ModelSummary s;
    s.inputSize = inputSize;
    auto add = [&s](LayerInfo info) {
        s.parameters += info.parameters;
        s.macs += info.macs;
        s.layers.push_back(std::move(info));
    };
    const int64_t k = c.growthRate;
    const int64_t bottleneck = int64_t(c.bnSize) * k;

    int h = convOut(inputSize, 7, 2, 3);
    int w = h;
    int64_t ch = c.initFeatures;
    add({names::kConv0, LayerType::Stem, 3, int(ch), h, w, 3 * ch * 49,
         int64_t(h) * w * ch * 3 * 49});
    add({names::kNorm0, LayerType::Norm, int(ch), int(ch), h, w, 2 * ch, 0});
    add({names::kRelu0, LayerType::Relu, int(ch), int(ch), h, w, 0, 0});
    h = convOut(h, 3, 2, 1);
    w = h;
    add({names::kPool0, LayerType::Pool, int(ch), int(ch), h, w, 0, 0});

    for (size_t b = 0; b < c.blockConfig.size(); ++b) {
        const int blockIndex = int(b) + 1;
        const std::string blockName = names::denseBlock(blockIndex);
        const int64_t blockIn = ch;
        int64_t blockParams = 0, blockMacs = 0;
        const int64_t hw = int64_t(h) * w;
        for (int l = 1; l <= c.blockConfig[b]; ++l) {
            const int64_t params = 2 * ch + ch * bottleneck + 2 * bottleneck + bottleneck * k * 9;
            const int64_t macs = hw * (ch * bottleneck + bottleneck * k * 9);
            add({names::denseLayer(blockIndex, l), LayerType::DenseLayer, int(ch),
                 int(k), h, w, params, macs, blockIndex, l});
            blockParams += params;
            blockMacs += macs;
            ch += k;
        }
        // The block entry re-lists its layers' totals; it is not added to the model totals.
        s.layers.push_back({blockName, LayerType::DenseBlock, int(blockIn), int(ch), h, w,
                            blockParams, blockMacs, blockIndex, 0});
        if (b + 1 < c.blockConfig.size()) {
            const int64_t out = static_cast<int64_t>(std::floor(ch * c.compression));
            const int ph = h / 2, pw = w / 2;
            add({names::transition(blockIndex), LayerType::Transition, int(ch),
                 int(out), ph, pw, 2 * ch + ch * out, hw * ch * out, blockIndex, 0});
            ch = out;
            h = ph;
            w = pw;
            if (h < 1) {
                // Each transition halves the maps; count the blocks this input allows.
                int fit = 1;
                for (int side = convOut(convOut(inputSize, 7, 2, 3), 3, 2, 1) / 2; side >= 1;
                     side /= 2)
                    ++fit;
                const std::string size = std::to_string(inputSize);
                throw ConfigError("A " + size + "x" + size + " input is too small for " +
                                      std::to_string(c.blockConfig.size()) +
                                      " dense blocks: each transition halves the feature maps, "
                                      "so only " +
                                      std::to_string(fit) + " dense blocks fit. Use fewer blocks.",
                                  ErrorKind::BadLayout,
                                  {{"rule", "input-too-small"},
                                   {"value", size},
                                   {"blocks", std::to_string(c.blockConfig.size())},
                                   {"fit", std::to_string(fit)}});
            }
        }
    }
    add({names::kNorm5, LayerType::Norm, int(ch), int(ch), h, w, 2 * ch, 0});
    add({names::kClassifier, LayerType::Classifier, int(ch), c.numClasses, 1, 1,
         ch * c.numClasses + c.numClasses, ch * c.numClasses});
    return s;
}

}  // namespace ds
