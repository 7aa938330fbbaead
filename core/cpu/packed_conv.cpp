#include "packed_conv.h"

#include <ATen/core/dispatch/Dispatcher.h>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

namespace ds {
namespace {

struct PrepackOps {
    // Null when unavailable (c10::optional is not std::optional in LibTorch 1.x).
    std::shared_ptr<const c10::OperatorHandle> prepack, run;
};

// Deterministic values in [lo, hi) for the load-time probes (a plain LCG: no ATen RNG kernels
// paged in for one-off checks).
void fillPseudoRandom(const torch::Tensor& t, uint32_t seed, float lo, float hi) {
    float* p = t.data_ptr<float>();
    for (int64_t i = 0; i < t.numel(); ++i) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = lo + (hi - lo) * (float(seed >> 8) / float(1 << 24));
    }
}

// relu(conv2d(x, w, b)) for one image, written out: x channels_last [1, C, H, H] (memory
// [y][x][c]), w [O, C, K, K] contiguous, square stride S and padding P. The reference the
// prepacked op is checked against. Returns [O][Ho][Ho] in double.
std::vector<double> directConvRelu(const torch::Tensor& x, const torch::Tensor& w,
                                   const torch::Tensor& b, int64_t S, int64_t P) {
    const int64_t C = x.size(1), H = x.size(2), O = w.size(0), K = w.size(2);
    const int64_t Ho = (H + 2 * P - K) / S + 1;
    const float* xs = x.data_ptr<float>();
    const float* ws = w.data_ptr<float>();
    std::vector<double> out(size_t(O * Ho * Ho));
    for (int64_t o = 0; o < O; ++o)
        for (int64_t oy = 0; oy < Ho; ++oy)
            for (int64_t ox = 0; ox < Ho; ++ox) {
                double sum = b.data_ptr<float>()[o];
                for (int64_t ky = 0; ky < K; ++ky)
                    for (int64_t kx = 0; kx < K; ++kx) {
                        const int64_t iy = oy * S - P + ky, ix = ox * S - P + kx;
                        if (iy < 0 || iy >= H || ix < 0 || ix >= H) continue;
                        for (int64_t c = 0; c < C; ++c)
                            sum += double(xs[(iy * H + ix) * C + c]) * ws[((o * C + c) * K + ky) * K + kx];
                    }
                out[size_t((o * Ho + oy) * Ho + ox)] = std::max(sum, 0.0);
            }
    return out;
}

// The weights with channels_last strides, spelled out: ATen's conv2d_prepack picks the weight
// layout for channels_last inputs only when the weight itself suggests channels_last, and a
// 1x1 kernel's plain strides are ambiguous (read as contiguous). A mismatch makes oneDNN
// reorder the weights again on every call.
torch::Tensor channelsLastWeight(const torch::Tensor& w) {
    const int64_t in = w.size(1), kh = w.size(2), kw = w.size(3);
    auto out = torch::empty_strided(w.sizes(), {in * kh * kw, 1, kw * in, in}, w.options());
    out.copy_(w);
    return out;
}

c10::IValue makeContext(const c10::OperatorHandle& prepack, const torch::Tensor& weight,
                        const torch::Tensor& bias, int64_t stride, int64_t padding, bool relu,
                        std::vector<int64_t> inputSize) {
    // mkldnn_prepacked::conv2d_prepack(Tensor W, Tensor? B, int[2] stride, int[2] padding,
    //     int[2] dilation, int groups, int[4] input_size, str attr) -> ConvOpContext
    torch::jit::Stack stack;
    stack.emplace_back(weight);
    stack.emplace_back(bias.defined() ? c10::IValue(bias.contiguous()) : c10::IValue());
    stack.emplace_back(std::vector<int64_t>{stride, stride});
    stack.emplace_back(std::vector<int64_t>{padding, padding});
    stack.emplace_back(std::vector<int64_t>{1, 1});
    stack.emplace_back(int64_t(1));
    stack.emplace_back(std::move(inputSize));
    stack.emplace_back(std::string(relu ? "relu" : "none"));
    prepack.callBoxed(&stack);
    return stack.at(0);
}

torch::Tensor runContext(const c10::OperatorHandle& run, const c10::IValue& context,
                         const torch::Tensor& x) {
    torch::jit::Stack stack{c10::IValue(x), context};
    run.callBoxed(&stack);
    return stack.at(0).toTensor();
}

// Looks the ops up once and checks them against at::conv2d on a small case, so an operator
// whose behaviour changed in some LibTorch version is not trusted blindly.
const PrepackOps& prepackOps() {
    static const PrepackOps ops = [] {
        PrepackOps o;
        const char* off = std::getenv("DENSESCOPE_NO_PREPACK");
        if (off && *off && std::string(off) != "0") return o;
        auto& dispatcher = c10::Dispatcher::singleton();
        auto prepack = dispatcher.findSchema({"mkldnn_prepacked::conv2d_prepack", ""});
        auto run = dispatcher.findSchema({"mkldnn_prepacked::conv2d_run", ""});
        if (!prepack || !run) return o;
        try {
            // A small strided, padded case against the direct convolution above.
            constexpr int64_t C = 8, O = 5, H = 9, K = 3, S = 2, P = 1, Ho = (H + 2 * P - K) / S + 1;
            const auto cl =
                torch::TensorOptions(torch::kFloat).memory_format(torch::MemoryFormat::ChannelsLast);
            const auto x = torch::empty({1, C, H, H}, cl), w = torch::empty({O, C, K, K}),
                       b = torch::empty({O});
            fillPseudoRandom(x, 1, -1.f, 1.f);
            fillPseudoRandom(w, 2, -1.f, 1.f);
            fillPseudoRandom(b, 3, -1.f, 1.f);
            const auto ctx = makeContext(*prepack, channelsLastWeight(w), b, S, P, /*relu=*/true,
                                         {1, C, H, H});
            const auto got = runContext(*run, ctx, x);
            const auto want = directConvRelu(x, w, b, S, P);
            bool ok = got.dim() == 4 && got.size(0) == 1 && got.size(1) == O &&
                      got.size(2) == Ho && got.size(3) == Ho;
            for (int64_t i = 0; ok && i < O * Ho * Ho; ++i) {
                const int64_t o = i / (Ho * Ho), oy = i / Ho % Ho, ox = i % Ho;
                const float v = got.data_ptr<float>()[o * got.stride(1) + oy * got.stride(2) +
                                                      ox * got.stride(3)];
                ok = std::abs(double(v) - want[size_t(i)]) < 1e-4;
            }
            if (ok) {
                o.prepack = std::make_shared<const c10::OperatorHandle>(*prepack);
                o.run = std::make_shared<const c10::OperatorHandle>(*run);
            }
        } catch (const c10::Error&) {
            // Not usable here: fall back to at::conv2d.
        }
        return o;
    }();
    return ops;
}

}  // namespace

bool PackedConv::prepackAvailable() { return prepackOps().prepack != nullptr; }

PackedConv::PackedConv(torch::Tensor weight, const torch::Tensor& bias, int64_t stride,
                       int64_t padding, bool relu, const std::vector<int64_t>& inputSize)
    : m_stride(stride), m_padding(padding), m_outChannels(weight.size(0)), m_relu(relu) {
    const auto& ops = prepackOps();
    if (!ops.prepack) {
        m_weight = weight.contiguous(torch::MemoryFormat::ChannelsLast);
        m_bias = bias;
        return;
    }
    auto dense = channelsLastWeight(weight);
    weight.reset();
    m_context = makeContext(*ops.prepack, dense, bias, stride, padding, relu, inputSize);
    dropDenseCopy(dense, inputSize);
}

void PackedConv::dropDenseCopy(torch::Tensor& dense, const std::vector<int64_t>& inputSize) {
    // The context keeps oneDNN's reordered copy of the weights and, for unpacking only, the
    // dense tensor it was given. Free that one unless the packed weights alias it (oneDNN
    // skips the reorder when its preferred layout is the plain one): poison it and run the
    // conv once. Input all ones and weights all 1e30 give outputs of at least 1e30 (finite in
    // float for any real layer: at most ~1e4 products); the real weights give values many
    // orders of magnitude smaller. The probe has the usual input size, so it reuses the
    // context's primitive.
    // One run (not a before/after pair), plain loops rather than fill_/max: loading then pages
    // in no LibTorch kernels that inference does not use, and stays cheap for deep models.
    constexpr float kPoison = 1e30f;
    const auto probe = torch::empty(
        inputSize, torch::TensorOptions(torch::kFloat).memory_format(torch::MemoryFormat::ChannelsLast));
    std::fill(probe.data_ptr<float>(), probe.data_ptr<float>() + probe.numel(), 1.0f);
    float* weights = dense.data_ptr<float>();
    const size_t n = size_t(dense.numel());
    std::vector<float> backup(weights, weights + n);
    std::fill(weights, weights + n, kPoison);
    const auto out = (*this)(probe).contiguous();
    const float* o = out.data_ptr<float>();
    bool aliased = false;
    for (int64_t i = 0; i < out.numel() && !aliased; ++i)
        aliased = !(std::abs(o[i]) < kPoison * 1e-3f);  // NaN counts as aliased too
    if (aliased)
        std::copy(backup.begin(), backup.end(), weights);  // the context needs it
    else
        dense.set_();
}

torch::Tensor PackedConv::operator()(const torch::Tensor& x) const {
    if (!m_context.isNone()) return runContext(*prepackOps().run, m_context, x);
    auto y = torch::conv2d(x, m_weight, m_bias, m_stride, m_padding);
    return m_relu ? y.relu_() : y;
}

}  // namespace ds
