#pragma once
// torchvision's module names for a DenseNet, made and read in one place. Blocks and layers count
// from 1, as in torchvision ("features.denseblock2.denselayer3"). Names of child modules
// (what register_module takes) are the last dotted part of the full names. Everything that
// builds, parses or validates a module name uses this header (core, the CLI and the window).
#include <algorithm>
#include <string>
#include <vector>

namespace ds::names {

inline constexpr const char* kConv0 = "features.conv0";
inline constexpr const char* kNorm0 = "features.norm0";
inline constexpr const char* kRelu0 = "features.relu0";
inline constexpr const char* kPool0 = "features.pool0";
inline constexpr const char* kNorm5 = "features.norm5";
inline constexpr const char* kClassifier = "classifier";
// What the app shows when nothing else was chosen, or the chosen module does not exist in a
// newly loaded model: the first dense block (every DenseNet has one).
inline constexpr const char* kDefaultMap = "features.denseblock1";

// The module to show once a new model is loaded: `current` when the model has it (or when
// nothing is shown), else kDefaultMap, else nothing ("").
inline std::string keptOrDefaultMap(const std::vector<std::string>& modules,
                                    const std::string& current) {
    auto has = [&](const std::string& name) {
        return std::find(modules.begin(), modules.end(), name) != modules.end();
    };
    if (current.empty() || has(current)) return current;
    return has(kDefaultMap) ? kDefaultMap : "";
}

inline std::string denseBlockChild(int block) { return "denseblock" + std::to_string(block); }
inline std::string denseLayerChild(int layer) { return "denselayer" + std::to_string(layer); }
inline std::string transitionChild(int block) { return "transition" + std::to_string(block); }

inline std::string denseBlock(int block) { return "features." + denseBlockChild(block); }
inline std::string denseLayer(int block, int layer) {
    return denseBlock(block) + "." + denseLayerChild(layer);
}
// The transition after dense block `block`.
inline std::string transition(int block) { return "features." + transitionChild(block); }

// What a full module name points at. parseModule("features.denseblock2.denselayer3.conv1") is
// {DenseLayer, block 2, layer 3, rest "conv1"}; "features.transition1" is {Transition, block 1}
// (the transition after dense block 1); anything else (conv0, pool0, norm5, classifier, a
// malformed number) is {Other} with block and layer 0. Numbers are plain decimal, at least 1.
struct ModulePath {
    enum class Kind { Other, DenseBlock, DenseLayer, Transition };
    Kind kind = Kind::Other;
    int block = 0;
    int layer = 0;
    std::string rest;  // the sub-module under it ("conv1", "norm"), empty for the module itself
};
ModulePath parseModule(const std::string& name);
// The same for a child name of features or of a dense block ("denseblock2", "transition1",
// "denselayer3"): Kind and the number (in block for blocks and transitions, layer for layers).
ModulePath parseChild(const std::string& child);
// The name without "features." ("denseblock2.denselayer3"), for captions.
std::string withoutFeatures(const std::string& name);

// Throws LayerError for the first of `requested` that is not in `known` (the model's module
// names), saying which names exist, with examples from this model. The one check of a layer
// name: the engine, the gradient walks and the visualisation all call it.
void checkLayerNames(const std::vector<std::string>& requested, const std::vector<std::string>& known);

}  // namespace ds::names
