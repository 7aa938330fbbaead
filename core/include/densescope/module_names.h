#pragma once
// torchvision's module names for a DenseNet, made in one place. Blocks and layers count
// from 1, as in torchvision ("features.denseblock2.denselayer3"). Names of child modules
// (what register_module takes) are the last dotted part of the full names.
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

}  // namespace ds::names
