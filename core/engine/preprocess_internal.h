#pragma once
// Tensor form of preprocess.h, for the engine (internal: includes LibTorch).
#include <torch/torch.h>

#include "densescope/image.h"

namespace ds {
// Normalised float32 [1, 3, 224, 224] in channels_last memory order.
torch::Tensor preprocessToTensor(const RgbImage& image);
}  // namespace ds
