#pragma once
// torchvision's ImageNet eval transform: Resize(256) (shorter side, bilinear, antialiased),
// CenterCrop(224), ToTensor, Normalize(mean, std). Equal to torchvision's tensor path
// (antialias=True) on float values; exact when the input is already 256 on its shorter side.
#include <cstdint>
#include <vector>

#include "densescope/image.h"

namespace ds {

constexpr int kResizeSize = 256;
constexpr int kCropSize = 224;
constexpr float kImageNetMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kImageNetStd[3] = {0.229f, 0.224f, 0.225f};

// Size after Resize(256) of the shorter side, as torchvision computes it (long side truncated).
// 64-bit: extreme aspect ratios resize past int's range (1 x 9,000,000 -> 256 x 2,304,000,000).
void resizedSize(int width, int height, int64_t* outWidth, int64_t* outHeight,
                 int shorter = kResizeSize);

// Normalised network input, float32 CHW [3, 224, 224]. Throws ImageError on an invalid image.
std::vector<float> preprocess(const RgbImage& image);

// The same resize + center crop as 8-bit RGB (224 x 224), what the network sees, for display.
RgbImage networkInputImage(const RgbImage& image);

}  // namespace ds
