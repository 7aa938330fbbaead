#pragma once
// Tensor form of preprocess.h, for the engine (internal: includes LibTorch).
#include <torch/torch.h>

#include "image.h"

namespace ds {
// Resize(256) + CenterCrop(224) as uint8 HWC [224, 224, 3] (torchvision rounds resized uint8).
torch::Tensor resizeAndCrop(const RgbImage& image);
// Normalised float32 NCHW [1, 3, 224, 224].
torch::Tensor preprocessToTensor(const RgbImage& image);
}  // namespace ds
