#pragma once
// A 2-D convolution with its weights prepacked once for oneDNN (MKL-DNN), optionally with a
// bias and a fused ReLU: the same operator PyTorch's torch.jit.optimize_for_inference uses
// (mkldnn_prepacked::conv2d_prepack / conv2d_run). The op is looked up by name at run time,
// so a LibTorch built without oneDNN falls back to at::conv2d (+ relu) with the same results.
// Internal header (includes LibTorch); CPU only.
#include <torch/torch.h>

#include <vector>

namespace ds {

class PackedConv {
public:
    PackedConv() = default;
    // weight: float32 [out, in, kh, kw], taken over (pass a tensor nobody else holds, so its
    // memory is freed once packed); bias: [out] or undefined. inputSize: the [N, C, H, W] the
    // conv will usually see (oneDNN picks its weight layout for it; other sizes still work).
    PackedConv(torch::Tensor weight, const torch::Tensor& bias, int64_t stride, int64_t padding,
               bool relu, const std::vector<int64_t>& inputSize);

    // x: float32 [N, in, H, W], contiguous channels_last (oneDNN reads strided views wrongly).
    // Returns channels_last [N, out, H', W'].
    torch::Tensor operator()(const torch::Tensor& x) const;

    bool defined() const { return m_outChannels > 0; }
    bool packed() const { return !m_context.isNone(); }
    int64_t outChannels() const { return m_outChannels; }

    // False when this LibTorch has no mkldnn_prepacked ops or DENSESCOPE_NO_PREPACK is set.
    static bool prepackAvailable();

private:
    void dropDenseCopy(torch::Tensor& dense, const std::vector<int64_t>& inputSize);

    c10::IValue m_context;           // ConvOpContext when packed, else None
    torch::Tensor m_weight, m_bias;  // kept only for the fallback path
    int64_t m_stride = 1, m_padding = 0, m_outChannels = 0;
    bool m_relu = false;
};

}  // namespace ds
