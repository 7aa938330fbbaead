// The pixel attributions read off one backward pass to the input (attribution.h): Saliency,
// Input x Gradient, guided backprop, deconvolution and Guided Grad-CAM, and the batched input
// gradient that attribution_sampled.cpp averages.
//
// They run the walk (analysis_internal.h) with the input as a leaf that requires gradients;
// parameters never do, so the backward computes input gradients only. Guided backprop and
// deconvolution give the walk a ReLU whose backward is replaced (a custom autograd function).
#include <functional>

#include "attribution_internal.h"

namespace ds::internal {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// ReLU forward; backward ReLU(grad), masked by (input > 0) when `guided` (guided backprop),
// unmasked otherwise (deconvolution, Zeiler & Fergus).
struct ModifiedRelu : public torch::autograd::Function<ModifiedRelu> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, bool guided) {
        auto y = torch::relu(x);
        ctx->saved_data["guided"] = guided;
        if (guided) ctx->save_for_backward({y});  // y > 0 exactly where x > 0
        return y;
    }
    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        auto g = torch::relu(grads[0]);
        if (ctx->saved_data["guided"].toBool()) {
            const auto y = ctx->get_saved_variables()[0];
            g = g.masked_fill(y <= 0, 0.0);
        }
        return {g, torch::Tensor()};
    }
};

ReluFn reluFor(AttributionMethod method) {
    if (method == AttributionMethod::GuidedBackprop || method == AttributionMethod::GuidedGradCam)
        return [](const torch::Tensor& x) { return ModifiedRelu::apply(x, true); };
    if (method == AttributionMethod::Deconvolution)
        return [](const torch::Tensor& x) { return ModifiedRelu::apply(x, false); };
    return {};
}

// Grad-CAM at `layer` (analysis.h) for the class `target` (the top-1 of this pass when < 0,
// set here), after its ReLU, upsampled to the input's size bilinearly (align_corners=False):
// [H, W] float32. `chooseClass` sees the pass's logits row and returns the class.
torch::Tensor gradCamUpsampled(const AttributionRun& run, const torch::Tensor& input, int& target,
                               const std::string& layer,
                               const std::function<int(const torch::Tensor&)>& chooseClass) {
    torch::Tensor a;
    const WalkHook hook = [&](const std::string& name, torch::Tensor out) {
        if (name != layer) return out;
        a = out.detach().requires_grad_(true);
        return a;
    };
    const auto logits = run.logits(input.detach(), hook, {});
    target = chooseClass(logits[0]);
    const auto grads = torch::autograd::grad({logits[0][target]}, {a}, {}, false, false, true);
    torch::NoGradGuard noGrad;
    const auto g = grads[0].defined() ? grads[0][0].to(torch::kDouble)
                                      : torch::zeros_like(a[0], torch::kDouble);
    const auto w = g.mean({1, 2}, /*keepdim=*/true);
    const auto cam = torch::relu((w * a.detach()[0].to(torch::kDouble)).sum(0)).to(torch::kFloat);
    namespace F = torch::nn::functional;
    return F::interpolate(cam.unsqueeze(0).unsqueeze(0),
                          F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{input.size(2), input.size(3)})
                              .mode(torch::kBilinear)
                              .align_corners(false))[0][0];
}

}  // namespace

torch::Tensor inputGradient(const AttributionRun& run, const torch::Tensor& inputs, int target,
                            const ReluFn& relu) {
    auto x = inputs.detach().clone().requires_grad_(true);
    const auto logits = run.logits(x, {}, relu);
    const auto y = logits.select(1, target).sum();
    return torch::autograd::grad({y}, {x})[0];
}

torch::Tensor gradientAttribution(const AttributionRun& run, AttributionMethod method,
                                  const torch::Tensor& x, AttributionResult& result) {
    auto xin = x.detach().clone().requires_grad_(true);
    const auto logits = run.logits(xin, {}, reluFor(method));
    const int target = run.predict(result, logits[0]);
    const auto g = torch::autograd::grad({logits[0][target]}, {xin})[0][0];
    result.forwards = 1;
    if (method == AttributionMethod::Saliency) return g.abs();
    if (method == AttributionMethod::InputXGradient) return x[0] * g;
    return g;
}

torch::Tensor guidedGradCam(const AttributionRun& run, const torch::Tensor& x,
                            const std::string& layer, AttributionResult& result) {
    int target = run.classIndex;
    const auto camUp = gradCamUpsampled(run, x, target, layer, [&](const torch::Tensor& row) {
        return run.predict(result, row);
    });
    const auto gb = inputGradient(run, x, target, reluFor(AttributionMethod::GuidedGradCam))[0];
    result.forwards = 2;
    result.layer = layer;
    return gb * camUp.unsqueeze(0);
}

}  // namespace ds::internal
