#pragma once
// Torch-free declarations of the ImageNet weight-file lookup (defined in weights.cpp), for
// code that must not include LibTorch (the UI). Same declarations as in weights.h.
#include <string>

#include "config.h"

namespace ds {

// $TORCH_HOME/hub/checkpoints, else $XDG_CACHE_HOME/torch/hub/checkpoints, else
// ~/.cache/torch/hub/checkpoints (PyTorch's own rule).
std::string torchHubCheckpointDir();
// "densenet121-a639ec97.pth" etc. Empty for variants without official weights.
std::string imagenetFileName(const std::string& variant);
// Full path of the official file for config.name when it exists there. Throws WeightsError
// saying which file to download from where and where to put it when absent.
std::string findImagenetWeights(const DenseNetConfig& config);

}  // namespace ds
