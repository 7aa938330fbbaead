#pragma once
// Fused per-channel kernels for the CPU forward (internal: includes LibTorch).
//
// DenseNet's BatchNorms that precede a ReLU (norm1 of every dense layer, the transitions'
// norm, norm5 before the head) cannot be folded into the following convolution, because the
// ReLU sits between them. At inference a BatchNorm is y = x * scale + shift per channel, so
// BN + ReLU is one multiply-add and a max: these kernels do it in one pass over a channels_last
// tensor, reading a channel prefix of a dense block's buffer in place (no copy, no torch.cat)
// and writing a contiguous tensor that the next convolution can use directly.
#include <torch/torch.h>

#include "densescope/engine.h"

namespace ds {

// t's values as contiguous float32 (a view of t when it already is; `keep` holds what the
// pointer points into).
const float* floatData(const torch::Tensor& t, torch::Tensor& keep);

// Per-channel affine form of an inference BatchNorm: scale = weight / sqrt(var + eps),
// shift = bias - mean * scale (computed in double). Both float32 [C], contiguous, CPU.
struct ChannelAffine {
    torch::Tensor scale;
    torch::Tensor shift;
    static ChannelAffine fromBatchNorm(const torch::nn::BatchNorm2dImpl& bn);
    int64_t channels() const { return scale.numel(); }
};

// y = x * scale + shift (then max(y, 0) when relu), x: float32 [N, C, H, W] whose channel
// stride is 1 (channels_last; may be a channel prefix of a wider channels_last buffer).
// Returns a new contiguous channels_last tensor, or writes into `out` when it is given
// (contiguous channels_last, same shape). Other layouts fall back to ATen ops.
torch::Tensor scaleShift(const torch::Tensor& x, const ChannelAffine& affine, bool relu,
                         torch::Tensor out = {});

// Transition front end: 2x2 average pool (stride 2, floor) of relu(x * scale + shift).
// The transition's 1x1 convolution is linear, so pooling before it gives the same result
// (up to float rounding) at a quarter of the convolution's cost. Returns channels_last
// [N, C, H/2, W/2].
torch::Tensor scaleShiftReluPool2(const torch::Tensor& x, const ChannelAffine& affine);

// Head: mean over H, W of relu(x * scale + shift). Returns float32 [N, C].
torch::Tensor scaleShiftReluMean(const torch::Tensor& x, const ChannelAffine& affine);

// The classifier: x [N, K] (contiguous float32) times weight [M, K] plus bias [M] -> [N, M],
// as torch::linear, with SSE dot products in float (8 lanes, summed pairwise at the end) and
// the rows split over threads. Keeps ATen's addmm path (~1.2 MB of code) out of inference.
torch::Tensor linearHead(const torch::Tensor& x, const torch::Tensor& weight,
                         const torch::Tensor& bias);

// A captured map on its way to the host, in one parallel pass per channel range: the first
// image of x (float32 [N, C, H, W], channels_last or a channel prefix of such a buffer, as the
// CPU forward emits) fills map's size, its data ([C, H*W], channel-major), each channel's min,
// max (std::min/max order: a NaN counts only as a channel's first value) and mean (summed in
// double), and, when `bytes`, its 8-bit form (quantizeChannel, per-channel range). map->layer
// is left alone. Returns false, touching nothing, for any other layout or dtype.
bool channelsLastToHost(const torch::Tensor& x, bool bytes, FeatureMap* map);

}  // namespace ds
