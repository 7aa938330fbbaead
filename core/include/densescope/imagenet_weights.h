#pragma once
// The ImageNet weight-file lookup and the default weights rule, without LibTorch (defined in
// weights.cpp): the UI and the CLI's option parsing include this; weights.h includes it too.
#include <string>

#include "densescope/config.h"

namespace ds {

// $TORCH_HOME/hub/checkpoints, else $XDG_CACHE_HOME/torch/hub/checkpoints, else
// ~/.cache/torch/hub/checkpoints (PyTorch's own rule).
std::string torchHubCheckpointDir();
// "densenet121-a639ec97.pth" etc. Empty for variants without official weights.
std::string imagenetFileName(const std::string& variant);
// Full path of the official file for config.name when it exists there. Throws WeightsError
// saying exactly which file to download from where and where to put it when absent, and
// that densenet264 / custom configurations have no ImageNet weights.
std::string findImagenetWeights(const DenseNetConfig& config);

// The weights used when the user chose none, for the app and the CLI alike: "imagenet" when
// the official file for `config` is in the torch hub cache, else "random" (seed 0). When
// random, *why (if given) gets findImagenetWeights' explanation.
std::string defaultWeightsSpec(const DenseNetConfig& config, std::string* why = nullptr);

}  // namespace ds
