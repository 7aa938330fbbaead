#include "cpu_kernels.h"

#include <algorithm>
#include <cmath>

#include "densescope/feature_maps.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ds {
namespace {

// Pixels of x are `pixelStride` floats apart and each pixel's channels are adjacent: true for
// a contiguous channels_last tensor and for a channel prefix of one.
bool pixelRows(const torch::Tensor& x, int64_t* pixelStride) {
    if (x.dim() != 4 || x.scalar_type() != torch::kFloat || !x.device().is_cpu() || x.size(1) < 1)
        return false;
    const int64_t s = x.stride(3);
    if (x.stride(1) != 1 || s < x.size(1) || x.stride(2) != x.size(3) * s ||
        x.stride(0) != x.size(2) * x.stride(2))
        return false;
    *pixelStride = s;
    return true;
}

// At least ~16k floats per task, so small layers do not pay thread hand-off for nothing.
int64_t grainFor(int64_t channels) {
    return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, channels));
}

void affineRow(const float* __restrict in, float* __restrict out, const float* __restrict scale,
               const float* __restrict shift, int64_t channels, bool relu) {
    if (relu) {
        for (int64_t c = 0; c < channels; ++c) out[c] = std::max(in[c] * scale[c] + shift[c], 0.f);
    } else {
        for (int64_t c = 0; c < channels; ++c) out[c] = in[c] * scale[c] + shift[c];
    }
}

torch::Tensor fallbackAffine(const torch::Tensor& x, const ChannelAffine& a, bool relu) {
    auto y = torch::addcmul(a.shift.view({1, -1, 1, 1}), x, a.scale.view({1, -1, 1, 1}));
    return relu ? y.relu_() : y;
}

}  // namespace

const float* floatData(const torch::Tensor& t, torch::Tensor& keep) {
    keep = t.scalar_type() == torch::kFloat ? t.contiguous() : t.to(torch::kFloat).contiguous();
    return keep.data_ptr<float>();
}

ChannelAffine ChannelAffine::fromBatchNorm(const torch::nn::BatchNorm2dImpl& bn) {
    // Plain loops in double rather than ATen double ops: same IEEE results, and loading does
    // not page in kernels nothing else uses (~2.5 MB of LibTorch code, measured).
    torch::Tensor k1, k2, k3, k4;
    const float* weight = floatData(bn.weight, k1);
    const float* bias = floatData(bn.bias, k2);
    const float* mean = floatData(bn.running_mean, k3);
    const float* var = floatData(bn.running_var, k4);
    const int64_t n = bn.running_var.numel();
    const double eps = bn.options.eps();
    auto scale = torch::empty({n}, torch::kFloat), shift = torch::empty({n}, torch::kFloat);
    float* sc = scale.data_ptr<float>();
    float* sh = shift.data_ptr<float>();
    for (int64_t c = 0; c < n; ++c) {
        const double s = double(weight[c]) / std::sqrt(double(var[c]) + eps);
        sc[c] = float(s);
        sh[c] = float(double(bias[c]) - double(mean[c]) * s);
    }
    return {scale, shift};
}

torch::Tensor scaleShift(const torch::Tensor& x, const ChannelAffine& affine, bool relu,
                         torch::Tensor out) {
    int64_t stride = 0;
    if (!pixelRows(x, &stride)) {
        auto y = fallbackAffine(x, affine, relu);
        if (!out.defined()) return y.contiguous(torch::MemoryFormat::ChannelsLast);
        out.copy_(y);
        return out;
    }
    const int64_t channels = x.size(1);
    TORCH_CHECK(affine.channels() == channels, "scaleShift: ", affine.channels(),
                " affine channels for ", channels);
    if (!out.defined())
        out = torch::empty(x.sizes(), x.options().memory_format(torch::MemoryFormat::ChannelsLast));
    TORCH_CHECK(out.is_contiguous(torch::MemoryFormat::ChannelsLast) && out.sizes() == x.sizes(),
                "scaleShift: out must be a channels_last tensor of the input's shape");
    const float* in = x.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    const float* scale = affine.scale.data_ptr<float>();
    const float* shift = affine.shift.data_ptr<float>();
    const int64_t pixels = x.size(0) * x.size(2) * x.size(3);
    at::parallel_for(0, pixels, grainFor(channels), [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p)
            affineRow(in + p * stride, dst + p * channels, scale, shift, channels, relu);
    });
    return out;
}

torch::Tensor scaleShiftReluPool2(const torch::Tensor& x, const ChannelAffine& affine) {
    int64_t stride = 0;
    if (!pixelRows(x, &stride))
        return torch::avg_pool2d(fallbackAffine(x, affine, /*relu=*/true), 2, 2)
            .contiguous(torch::MemoryFormat::ChannelsLast);
    const int64_t n = x.size(0), channels = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t ho = h / 2, wo = w / 2;
    auto out = torch::empty({n, channels, ho, wo},
                            x.options().memory_format(torch::MemoryFormat::ChannelsLast));
    const float* in = x.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    const float* scale = affine.scale.data_ptr<float>();
    const float* shift = affine.shift.data_ptr<float>();
    at::parallel_for(0, n * ho * wo, grainFor(4 * channels), [&](int64_t begin, int64_t end) {
        for (int64_t q = begin; q < end; ++q) {
            const int64_t b = q / (ho * wo), r = q % (ho * wo), y = r / wo, xo = r % wo;
            const float* p00 = in + ((b * h + 2 * y) * w + 2 * xo) * stride;
            const float* p01 = p00 + stride;
            const float* p10 = p00 + w * stride;
            const float* p11 = p10 + stride;
            float* o = dst + q * channels;
            for (int64_t c = 0; c < channels; ++c) {
                const float s = scale[c], t = shift[c];
                const float sum = std::max(p00[c] * s + t, 0.f) + std::max(p01[c] * s + t, 0.f) +
                                  std::max(p10[c] * s + t, 0.f) + std::max(p11[c] * s + t, 0.f);
                o[c] = sum * 0.25f;
            }
        }
    });
    return out;
}

torch::Tensor scaleShiftReluMean(const torch::Tensor& x, const ChannelAffine& affine) {
    int64_t stride = 0;
    if (!pixelRows(x, &stride)) return fallbackAffine(x, affine, /*relu=*/true).mean({2, 3});
    const int64_t n = x.size(0), channels = x.size(1), plane = x.size(2) * x.size(3);
    auto out = torch::zeros({n, channels}, x.options());
    const float* in = x.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    const float* scale = affine.scale.data_ptr<float>();
    const float* shift = affine.shift.data_ptr<float>();
    at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
        for (int64_t b = begin; b < end; ++b) {
            float* o = dst + b * channels;
            for (int64_t p = 0; p < plane; ++p) {
                const float* row = in + (b * plane + p) * stride;
                for (int64_t c = 0; c < channels; ++c)
                    o[c] += std::max(row[c] * scale[c] + shift[c], 0.f);
            }
            const float inv = 1.f / float(plane);
            for (int64_t c = 0; c < channels; ++c) o[c] *= inv;
        }
    });
    return out;
}

namespace {
float dot(const float* __restrict a, const float* __restrict b, int64_t n) {
    int64_t i = 0;
    float sum = 0.f;
#if defined(__SSE2__)
    __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
    for (; i + 8 <= n; i += 8) {
        s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
        s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4)));
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_add_ps(s0, s1));
    sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
#endif
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
}
}  // namespace

torch::Tensor linearHead(const torch::Tensor& x, const torch::Tensor& weight,
                         const torch::Tensor& bias) {
    TORCH_CHECK(x.dim() == 2 && weight.dim() == 2 && x.size(1) == weight.size(1) &&
                    bias.numel() == weight.size(0),
                "linearHead: shapes ", x.sizes(), " x ", weight.sizes(), " + ", bias.sizes());
    torch::Tensor kx, kw, kb;
    const float* in = floatData(x, kx);
    const float* w = floatData(weight, kw);
    const float* b = floatData(bias, kb);
    const int64_t n = x.size(0), k = x.size(1), m = weight.size(0);
    auto out = torch::empty({n, m}, torch::kFloat);
    float* dst = out.data_ptr<float>();
    at::parallel_for(0, m, std::max<int64_t>(1, 65536 / std::max<int64_t>(1, k)),
                     [&](int64_t begin, int64_t end) {
                         for (int64_t r = 0; r < n; ++r)
                             for (int64_t j = begin; j < end; ++j)
                                 dst[r * m + j] = dot(in + r * k, w + j * k, k) + b[j];
                     });
    return out;
}

bool channelsLastToHost(const torch::Tensor& x, bool bytes, FeatureMap* map) {
    int64_t stride = 0;
    if (!pixelRows(x, &stride)) return false;
    const int64_t channels = x.size(1), plane = x.size(2) * x.size(3);
    if (plane == 0) return false;
    map->channels = int(channels);
    map->height = int(x.size(2));
    map->width = int(x.size(3));
    map->data.resize(size_t(channels * plane));
    map->channelMin.resize(size_t(channels));
    map->channelMax.resize(size_t(channels));
    map->channelMean.resize(size_t(channels));
    map->bytes.resize(bytes ? map->data.size() : 0);
    float* planes = map->data.data();
    float* mins = map->channelMin.data();
    float* maxs = map->channelMax.data();
    float* means = map->channelMean.data();
    uint8_t* out8 = bytes ? map->bytes.data() : nullptr;
    const float* src = x.data_ptr<float>();  // image 0
    constexpr int64_t kTile = 16;            // pixels per step: one 64-byte line per channel
    // Tasks own channel ranges: every channel's pixels are read in order by one thread, so the
    // statistics need no merging and the bytes follow as soon as they are known. Sums are
    // taken in float over a tile and in double across tiles.
    at::parallel_for(0, channels, std::max<int64_t>(1, 262144 / plane), [&](int64_t c0, int64_t c1) {
        const int64_t n = c1 - c0;
        std::vector<double> sum(size_t(n), 0.0);
        std::vector<float> part(static_cast<size_t>(n));
        float* lo = mins + c0;
        float* hi = maxs + c0;
        std::copy(src + c0, src + c1, lo);
        std::copy(src + c0, src + c1, hi);
        for (int64_t p0 = 0; p0 < plane; p0 += kTile) {
            const int64_t pn = std::min(kTile, plane - p0);
            // Statistics across channels (vectorised: a pixel's channels are adjacent) ...
            std::fill(part.begin(), part.end(), 0.f);
            for (int64_t j = 0; j < pn; ++j) {
                const float* __restrict row = src + (p0 + j) * stride + c0;
                float* __restrict ps = part.data();
                for (int64_t c = 0; c < n; ++c) {
                    const float v = row[c];
                    lo[c] = std::min(lo[c], v);
                    hi[c] = std::max(hi[c], v);
                    ps[c] += v;
                }
            }
            for (int64_t c = 0; c < n; ++c) sum[size_t(c)] += part[size_t(c)];
            // ... then the tile transposed: each channel gets one 64-byte run.
            for (int64_t c = c0; c < c1; ++c) {
                const float* in = src + p0 * stride + c;
                float* __restrict out = planes + c * plane + p0;
                for (int64_t j = 0; j < pn; ++j) out[j] = in[j * stride];
            }
        }
        for (int64_t c = c0; c < c1; ++c) {
            means[c] = float(sum[size_t(c - c0)] / double(plane));
            if (out8)
                quantizeChannel(planes + c * plane, size_t(plane), {mins[c], maxs[c]}, false,
                                out8 + c * plane);
        }
    });
    return true;
}

}  // namespace ds

