#include "densescope/preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "densescope/errors.h"
#include "preprocess_internal.h"

namespace ds {

void resizedSize(int width, int height, int64_t* outWidth, int64_t* outHeight, int shorter) {
    // torchvision: new_long = int(size * long / short), the long side truncated. In 64 bits:
    // a 1 x 9,000,000 image resizes to 256 x 2,304,000,000, past int's range (only the crop
    // window is ever computed, so the size itself costs nothing).
    const bool wide = width >= height;
    const int64_t shortSide = wide ? height : width;
    const int64_t longSide = wide ? width : height;
    const auto newLong =
        static_cast<int64_t>(double(int64_t(shorter) * longSide) / double(shortSide));
    *outWidth = wide ? newLong : shorter;
    *outHeight = wide ? shorter : newLong;
}

namespace {

// One output pixel's taps along one axis: input indices [first, first + count) with weights.
struct Taps {
    int64_t first = 0, count = 0;
    size_t weights = 0;  // offset into AxisFilter::weights
};

// PyTorch's antialiased bilinear filter along one axis (ATen's UpSampleKernel
// _compute_weights_aa, align_corners=False, no explicit scale), for the output indices
// [begin, begin + n) only, in float with the same operations in the same order, so the
// values equal torch.nn.functional.interpolate(..., antialias=True) on the whole image.
struct AxisFilter {
    std::vector<Taps> taps;
    std::vector<float> weights;

    AxisFilter(int64_t inSize, int64_t outSize, int64_t begin, int64_t n) {
        const float scale = float(inSize) / float(outSize);
        const float support = (scale >= 1.0f) ? float((2 * 0.5) * scale) : float(2 * 0.5);
        const float invscale = (scale >= 1.0f) ? 1.0f / scale : 1.0f;
        taps.resize(size_t(n));
        for (int64_t k = 0; k < n; ++k) {
            const int64_t i = begin + k;
            const float center = float(scale * (i + 0.5));
            Taps& t = taps[size_t(k)];
            t.first = std::max(static_cast<int64_t>(center - support + 0.5), int64_t(0));
            t.count = std::min(static_cast<int64_t>(center + support + 0.5), inSize) - t.first;
            t.weights = weights.size();
            float total = 0.0f;
            for (int64_t j = 0; j < t.count; ++j) {
                float x = float((j + t.first - center + 0.5) * invscale);
                if (x < 0.0f) x = -x;
                const float w = x < 1.0f ? 1.0f - x : 0.0f;
                weights.push_back(w);
                total += w;
            }
            if (total != 0.0f)
                for (int64_t j = 0; j < t.count; ++j) weights[t.weights + size_t(j)] /= total;
        }
    }
    const float* w(const Taps& t) const { return weights.data() + t.weights; }
};

// Resize(256) + CenterCrop(224) into `out` (224 x 224 x 3, uint8 HWC). Only the crop window
// is computed: the horizontal pass runs on the input rows the window's output rows read, for
// the window's columns, then the vertical pass; both in float, then rounded half to even, as
// torchvision does for uint8 tensors (and as PIL does).
void resizeCrop(const RgbImage& image, uint8_t* out) {
    if (!image.valid())
        throw ImageError("The image is empty or its pixel buffer does not match its size (" +
                         std::to_string(image.width) + "x" + std::to_string(image.height) + ").");
    int64_t width = 0, height = 0;
    resizedSize(image.width, image.height, &width, &height);
    // torchvision's CenterCrop: offsets rounded half to even (Python's round()).
    const auto top = static_cast<int64_t>(std::nearbyint((height - kCropSize) / 2.0));
    const auto left = static_cast<int64_t>(std::nearbyint((width - kCropSize) / 2.0));
    const uint8_t* src = image.pixels.data();
    const int64_t rowBytes = int64_t(image.width) * 3;
    if (width == image.width && height == image.height) {
        for (int y = 0; y < kCropSize; ++y)
            std::memcpy(out + size_t(y) * kCropSize * 3, src + (top + y) * rowBytes + left * 3,
                        size_t(kCropSize) * 3);
        return;
    }
    const AxisFilter across(image.width, width, left, kCropSize);
    const AxisFilter down(image.height, height, top, kCropSize);
    const int64_t firstRow = down.taps.front().first;
    const int64_t lastRow = down.taps.back().first + down.taps.back().count;  // exclusive
    // Horizontal pass: rows [firstRow, lastRow) x the window's 224 columns, float.
    std::vector<float> rows(size_t(lastRow - firstRow) * kCropSize * 3);
    at::parallel_for(firstRow, lastRow, 16, [&](int64_t r0, int64_t r1) {
        for (int64_t y = r0; y < r1; ++y) {
            const uint8_t* in = src + y * rowBytes;
            float* o = rows.data() + size_t(y - firstRow) * kCropSize * 3;
            for (int x = 0; x < kCropSize; ++x) {
                const Taps& t = across.taps[size_t(x)];
                const float* w = across.w(t);
                const uint8_t* p = in + t.first * 3;
                float r = float(p[0]) * w[0], g = float(p[1]) * w[0], b = float(p[2]) * w[0];
                for (int64_t j = 1; j < t.count; ++j) {
                    r += float(p[3 * j]) * w[j];
                    g += float(p[3 * j + 1]) * w[j];
                    b += float(p[3 * j + 2]) * w[j];
                }
                o[3 * x] = r;
                o[3 * x + 1] = g;
                o[3 * x + 2] = b;
            }
        }
    });
    // Vertical pass, then round half to even and clamp to 8 bits.
    at::parallel_for(0, kCropSize, 16, [&](int64_t y0, int64_t y1) {
        for (int64_t y = y0; y < y1; ++y) {
            const Taps& t = down.taps[size_t(y)];
            const float* w = down.w(t);
            const float* in = rows.data() + size_t(t.first - firstRow) * kCropSize * 3;
            uint8_t* o = out + size_t(y) * kCropSize * 3;
            for (int i = 0; i < kCropSize * 3; ++i) {
                float v = in[i] * w[0];
                for (int64_t j = 1; j < t.count; ++j) v += in[j * kCropSize * 3 + i] * w[j];
                o[i] = uint8_t(std::clamp(std::nearbyint(v), 0.0f, 255.0f));
            }
        }
    });
}

}  // namespace

namespace {
// ToTensor + Normalize with torchvision's float operations, (v / 255 - mean) / std, from the
// 8-bit HWC crop into `dst` at dst[c * channelStride + i * pixelStride] for pixel i.
void normalize(const uint8_t* crop, float* dst, size_t channelStride, size_t pixelStride) {
    constexpr size_t pixels = size_t(kCropSize) * kCropSize;
    for (size_t i = 0; i < pixels; ++i)
        for (size_t c = 0; c < 3; ++c)
            dst[c * channelStride + i * pixelStride] =
                (float(crop[3 * i + c]) / 255.0f - kImageNetMean[c]) / kImageNetStd[c];
}
}  // namespace

torch::Tensor preprocessToTensor(const RgbImage& image) {
    std::vector<uint8_t> crop(size_t(kCropSize) * kCropSize * 3);
    resizeCrop(image, crop.data());
    // Channels_last, the layout the CPU forward runs in, so it needs no copy of the input.
    auto x = torch::empty({1, 3, kCropSize, kCropSize},
                          torch::TensorOptions(torch::kFloat).memory_format(torch::MemoryFormat::ChannelsLast));
    normalize(crop.data(), x.data_ptr<float>(), 1, 3);
    return x;
}

std::vector<float> preprocess(const RgbImage& image) {
    std::vector<uint8_t> crop(size_t(kCropSize) * kCropSize * 3);
    resizeCrop(image, crop.data());
    std::vector<float> chw(size_t(3) * kCropSize * kCropSize);
    normalize(crop.data(), chw.data(), size_t(kCropSize) * kCropSize, 1);
    return chw;
}

RgbImage networkInputImage(const RgbImage& image) {
    RgbImage out;
    out.width = kCropSize;
    out.height = kCropSize;
    out.pixels.resize(size_t(kCropSize) * kCropSize * 3);
    resizeCrop(image, out.pixels.data());
    return out;
}

}  // namespace ds
