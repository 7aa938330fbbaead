#pragma once
// Tensor form of preprocess.h, for the engine (internal: includes LibTorch).
#include <torch/torch.h>

#include "image.h"

namespace ds {
// Normalised float32 NCHW [1, 3, 224, 224].
torch::Tensor preprocessToTensor(const RgbImage& image);
}  // namespace ds
