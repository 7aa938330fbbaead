#include "preprocess.h"

#include <cmath>
#include <cstring>

#include "errors.h"
#include "preprocess_internal.h"

namespace ds {

void resizedSize(int width, int height, int* outWidth, int* outHeight, int shorter) {
    // torchvision: new_long = int(size * long / short), the long side truncated.
    const bool wide = width >= height;
    const int shortSide = wide ? height : width;
    const int longSide = wide ? width : height;
    const int newLong = static_cast<int>(double(int64_t(shorter) * longSide) / shortSide);
    *outWidth = wide ? newLong : shorter;
    *outHeight = wide ? shorter : newLong;
}

torch::Tensor resizeAndCrop(const RgbImage& image) {
    if (!image.valid())
        throw ImageError("The image is empty or its pixel buffer does not match its size (" +
                         std::to_string(image.width) + "x" + std::to_string(image.height) + ").");
    auto hwc = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()),
                                {image.height, image.width, 3}, torch::kUInt8);
    int width = 0, height = 0;
    resizedSize(image.width, image.height, &width, &height);
    torch::Tensor resized;
    if (width == image.width && height == image.height) {
        resized = hwc;
    } else {
        // Antialiased bilinear on float values, rounded back to uint8 as torchvision does
        // for uint8 images (and as PIL does).
        auto x = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat);
        namespace F = torch::nn::functional;
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{height, width})
                                  .mode(torch::kBilinear)
                                  .align_corners(false)
                                  .antialias(true));
        resized = x.round_().clamp_(0, 255).to(torch::kUInt8).squeeze(0).permute({1, 2, 0});
    }
    // torchvision's CenterCrop: offsets rounded half to even (Python's round()).
    const auto top = static_cast<int64_t>(std::nearbyint((height - kCropSize) / 2.0));
    const auto left = static_cast<int64_t>(std::nearbyint((width - kCropSize) / 2.0));
    return resized.narrow(0, top, kCropSize).narrow(1, left, kCropSize).contiguous();
}

torch::Tensor preprocessToTensor(const RgbImage& image) {
    auto x = resizeAndCrop(image).permute({2, 0, 1}).to(torch::kFloat).div_(255.0f);
    auto mean =
        torch::tensor({kImageNetMean[0], kImageNetMean[1], kImageNetMean[2]}).view({3, 1, 1});
    auto std = torch::tensor({kImageNetStd[0], kImageNetStd[1], kImageNetStd[2]}).view({3, 1, 1});
    return x.sub_(mean).div_(std).unsqueeze(0).contiguous();
}

std::vector<float> preprocess(const RgbImage& image) {
    auto x = preprocessToTensor(image);
    return std::vector<float>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
}

RgbImage networkInputImage(const RgbImage& image) {
    auto crop = resizeAndCrop(image);
    RgbImage out;
    out.width = kCropSize;
    out.height = kCropSize;
    out.pixels.resize(size_t(kCropSize) * kCropSize * 3);
    std::memcpy(out.pixels.data(), crop.data_ptr<uint8_t>(), out.pixels.size());
    return out;
}

}  // namespace ds
