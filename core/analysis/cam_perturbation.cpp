// The CAM methods that are not read off one backward pass (analysis.h): Eigen-CAM's projection
// (also eigen-smooth's), and the weights of Score-CAM and Ablation-CAM, which take a forward
// per channel in batches.
//
// Score-CAM's forwards go through the engine's fast inference form (the whole network runs on
// each masked input); Ablation-CAM's continue from the module's output (walkFrom), so the
// network before the module runs once, not once per channel.
#include <algorithm>

#include "cam_internal.h"
#include "densescope/module_names.h"

namespace ds::internal {

torch::Tensor eigenProjection(const torch::Tensor& chw) {
    const int64_t c = chw.size(0), h = chw.size(1), w = chw.size(2);
    auto m = chw.to(torch::kDouble).reshape({c, h * w}).t();
    m = m - m.mean(0, /*keepdim=*/true);
    if (!m.abs().max().item<double>()) return torch::zeros({h, w}, m.options());
    // p = M v1 = s1 u1, from the symmetric eigenproblem of the smaller Gram matrix (M^T M is
    // C x C, M M^T is HW x HW): the same vector as the SVD's, up to its sign, at a fraction of
    // the cost (1024 channels at 14 x 14: a 196 x 196 problem).
    torch::Tensor p;
    if (c <= h * w) {
        const auto vectors = std::get<1>(torch::linalg_eigh(m.t().matmul(m)));  // ascending
        p = m.matmul(vectors.select(1, c - 1));
    } else {
        const auto [values, vectors] = torch::linalg_eigh(m.matmul(m.t()));
        p = vectors.select(1, h * w - 1) * std::sqrt(std::max(0.0, values[h * w - 1].item<double>()));
    }
    // The singular vector's sign is arbitrary: point it so the strongest response is positive.
    if (std::abs(p.min().item<double>()) > std::abs(p.max().item<double>())) p = -p;
    return torch::relu(p).reshape({h, w});
}

torch::Tensor headLogits(const LinearHead& head, const torch::Tensor& norm5) {
    const auto pooled = torch::adaptive_avg_pool2d(torch::relu(norm5), {1, 1}).flatten(1);
    const int features = int(pooled.size(1));
    const auto w = torch::from_blob(const_cast<float*>(head.weight.data()), {head.classes(), features},
                                    torch::kFloat);
    const auto b = torch::from_blob(const_cast<float*>(head.bias.data()), {head.classes()}, torch::kFloat);
    return torch::linear(pooled, w.to(pooled.device()), b.to(pooled.device()));
}

torch::Tensor scoreCamScores(Engine& engine, DenseNetImpl& model, const torch::Tensor& input,
                             const torch::Tensor& a, int64_t first, int64_t n, int target,
                             const LinearHead* head) {
    namespace F = torch::nn::functional;
    const std::vector<int64_t> size{input.size(2), input.size(3)};
    // Each channel upsampled to the input (UpsamplingBilinear2d: align_corners=True) and scaled
    // to [0, 1]; the masks multiply the input on all three colour channels.
    const auto up = F::interpolate(a.slice(0, first, first + n).unsqueeze(1).to(torch::kFloat),
                                   F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(true));
    const auto flat = up.flatten(1);
    const auto lo = std::get<0>(flat.min(1)).view({n, 1, 1, 1});
    const auto hi = std::get<0>(flat.max(1)).view({n, 1, 1, 1});
    const auto x = input * ((up - lo) / (hi - lo + 1e-8));  // [n, 3, H, W]
    const auto logits = head ? headLogits(*head, walk(model, x, {}, names::kNorm5))
                             : EngineAccess::fastLogits(engine, x);
    return logits.select(1, target).to(torch::kCPU, torch::kDouble);
}

torch::Tensor ablatedLogits(DenseNetImpl& model, const ResumeState& state, int64_t first, int64_t n,
                            int target, const LinearHead* head) {
    const auto& a = state.output;  // [1, C, h, w]
    auto copies = a.expand({n, a.size(1), a.size(2), a.size(3)}).clone();
    for (int64_t j = 0; j < n; ++j) copies[j][first + j].zero_();
    const auto out = walkFrom(model, state, copies, head != nullptr);
    const auto logits = head ? headLogits(*head, out) : out;
    return logits.select(1, target).to(torch::kCPU, torch::kDouble);
}

}  // namespace ds::internal
