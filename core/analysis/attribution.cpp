// Pixel attributions (densescope/attribution.h) on the plain module behind the engine, and
// occlusion on the engine's fast forward.
//
// The gradient methods run the walk (analysis_internal.h) with the input as a leaf that
// requires gradients; parameters never do, so the backward computes input gradients only.
// Guided backprop and deconvolution give the walk a ReLU whose backward is replaced (a custom
// autograd function). Integrated Gradients and SmoothGrad run their inputs in batches
// (the network's BatchNorm is in eval mode, so the batch elements are independent and
// d(sum of the batch's logits)/d(input) is each element's own gradient).
#include "densescope/attribution.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include <ATen/CPUGeneratorImpl.h>

#include "analysis_internal.h"
#include "ascii_text.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "preprocess_internal.h"
#include "torch_errors.h"

namespace ds {
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

internal::ReluFn reluFor(AttributionMethod method) {
    if (method == AttributionMethod::GuidedBackprop || method == AttributionMethod::GuidedGradCam)
        return [](const torch::Tensor& x) { return ModifiedRelu::apply(x, true); };
    if (method == AttributionMethod::Deconvolution)
        return [](const torch::Tensor& x) { return ModifiedRelu::apply(x, false); };
    return {};
}

// Gauss-Legendre nodes and weights on [-1, 1] (as numpy.polynomial.legendre.leggauss): Newton
// on P_m from Chebyshev guesses, in double.
void gaussLegendre(int m, std::vector<double>& nodes, std::vector<double>& weights) {
    nodes.assign(size_t(m), 0.0);
    weights.assign(size_t(m), 0.0);
    const double pi = std::acos(-1.0);
    for (int i = 0; i < m; ++i) {
        double x = std::cos(pi * (i + 0.75) / (m + 0.5));
        double dp = 1.0;
        for (int iter = 0; iter < 100; ++iter) {
            double p0 = 1.0, p1 = x;
            for (int k = 2; k <= m; ++k) {
                const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = m * (x * p1 - p0) / (x * x - 1.0);
            const double dx = p1 / dp;
            x -= dx;
            if (std::abs(dx) < 1e-16) break;
        }
        // recompute the derivative at the converged root
        double p0 = 1.0, p1 = x;
        for (int k = 2; k <= m; ++k) {
            const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        dp = m * (x * p1 - p0) / (x * x - 1.0);
        nodes[size_t(m - 1 - i)] = x;  // ascending, as numpy
        weights[size_t(m - 1 - i)] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Inputs per batch of the gradient passes: 8 at 224 x 224 (fewer for larger inputs), which
// keeps densenet121's recorded forward near a gigabyte.
int64_t gradientBatch(int64_t height, int64_t width) {
    return std::max<int64_t>(1, (8 * 224 * 224) / std::max<int64_t>(1, height * width));
}

struct Run {
    Engine& engine;
    DenseNetImpl& model;
    const LinearHead* head;
    torch::Device device;
    int features;
    int classes;
    const ProgressFn& progress;
    std::string what;  // "Integrated Gradients", for Cancelled's message

    // The class logits of the walk (recorded when the input requires gradients).
    torch::Tensor logits(const torch::Tensor& input, const internal::WalkHook& hook,
                         const internal::ReluFn& relu) const {
        if (!head) return internal::walk(model, input, hook, {}, relu);
        const auto norm5 = internal::walk(model, input, hook, names::kNorm5, relu);
        const auto r = relu ? relu(norm5) : torch::relu(norm5);
        return headLogits(torch::adaptive_avg_pool2d(r, {1, 1}).flatten(1));
    }
    torch::Tensor headLogits(const torch::Tensor& pooled) const {
        const auto w = torch::from_blob(const_cast<float*>(head->weight.data()),
                                        {head->classes(), features}, torch::kFloat);
        const auto b = torch::from_blob(const_cast<float*>(head->bias.data()), {head->classes()},
                                        torch::kFloat);
        return torch::linear(pooled, w.to(pooled.device()), b.to(pooled.device()));
    }
    // The engine's fast forward's class logits [N, classes] on the CPU.
    torch::Tensor fastLogits(const torch::Tensor& input) const {
        if (!head) return internal::EngineAccess::fastLogits(engine, input);
        torch::Tensor norm5;
        internal::EngineAccess::fastLogits(engine, input, &norm5);
        torch::InferenceMode guard;
        const auto pooled = torch::relu(norm5).mean({2, 3});
        return headLogits(pooled).to(torch::kCPU, torch::kFloat);
    }
    void step(int done, int total) const {
        if (progress && !progress(done, total))
            throw Cancelled(what + " was cancelled after " + std::to_string(done) + " of " +
                            std::to_string(total) + " steps.");
    }
};

// Predictions for the logits row and the target class (top-1 when classIndex < 0).
void predict(AttributionResult& result, const torch::Tensor& row, int classIndex, int topk,
             int classes, const std::vector<std::string>& classNames) {
    const auto host = row.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const std::vector<float> values(host.data_ptr<float>(), host.data_ptr<float>() + host.numel());
    result.top = topPredictions(values, topk, classNames);
    const int target = classIndex < 0 ? result.top.front().index : classIndex;
    for (auto& p : topPredictions(values, classes, classNames))
        if (p.index == target) {
            result.target = std::move(p);
            break;
        }
}

// dy/dx for a batch of inputs (each element's own gradient), NCHW float32.
torch::Tensor inputGradient(const Run& run, const torch::Tensor& inputs, int target,
                            const internal::ReluFn& relu) {
    auto x = inputs.detach().clone().requires_grad_(true);
    const auto logits = run.logits(x, {}, relu);
    const auto y = logits.select(1, target).sum();
    return torch::autograd::grad({y}, {x})[0];
}

// Grad-CAM at `layer` (analysis.h) for the class `target` (the top-1 of this pass when < 0,
// set here), after its ReLU, upsampled to the input's size bilinearly (align_corners=False):
// [H, W] float32. `onLogits` sees the pass's logits row before the class is chosen.
torch::Tensor gradCamUpsampled(const Run& run, const torch::Tensor& input, int& target,
                               const std::string& layer,
                               const std::function<int(const torch::Tensor&)>& chooseClass) {
    torch::Tensor a;
    const internal::WalkHook hook = [&](const std::string& name, torch::Tensor out) {
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

AttributionResult computeOn(Engine& engine, torch::Tensor input, AttributionMethod method,
                            int classIndex, const AttributionOptions& options, int topk,
                            const ProgressFn& progress, const LinearHead* head) {
    auto& model = internal::EngineAccess::plainModel(engine);  // logic_error without a model
    if (!head) head = engine.head().get();
    const int features = int(model.features->norm5->options.num_features());
    if (head && head->featureCount != features)
        throw ConfigError("The head takes " + std::to_string(head->featureCount) +
                          " features, but this model's norm5 has " + std::to_string(features) +
                          ": it was trained on another backbone.");
    const int classes = head ? head->classes() : model.config.numClasses;
    if (classIndex >= classes)
        throw ConfigError("Class " + std::to_string(classIndex) + " does not exist: this model has " +
                          std::to_string(classes) + " classes (0 to " + std::to_string(classes - 1) +
                          ").");
    if (options.steps < 1 || options.steps > 1024)
        throw ConfigError("Integrated Gradients takes 1 to 1024 steps; got " +
                          std::to_string(options.steps) + ".");
    if (options.samples < 1 || options.samples > 1024)
        throw ConfigError("SmoothGrad takes 1 to 1024 samples; got " +
                          std::to_string(options.samples) + ".");
    const int64_t H = input.size(2), W = input.size(3);
    if (method == AttributionMethod::Occlusion && (H < kOcclusionWindow || W < kOcclusionWindow))
        throw ImageError("Occlusion needs an input of at least 16 x 16.");
    std::string layer = options.layer;
    if (method == AttributionMethod::GuidedGradCam) {
        if (layer.empty()) layer = names::denseBlock(int(model.config.blockConfig.size()));
        internal::checkLayerNames(model, {layer});
    }
    const std::vector<std::string>& classNames = head ? head->classNames : engine.labels();
    Run run{engine, model, head, internal::EngineAccess::device(engine), features, classes,
                  progress, {}};
    AttributionResult result;
    result.method = method;
    result.height = int(H);
    result.width = int(W);
    try {
        c10::InferenceMode notInference(false);
        torch::AutoGradMode gradMode(true);
        // NCHW, as torchvision runs (cam.cpp says why).
        const auto x = input.to(run.device).contiguous();
        torch::Tensor map;  // [3, H, W] float32
        int target = classIndex;
        const auto relu = reluFor(method);
        switch (method) {
            case AttributionMethod::Saliency:
            case AttributionMethod::InputXGradient:
            case AttributionMethod::GuidedBackprop:
            case AttributionMethod::Deconvolution:
            case AttributionMethod::GuidedGradCam: {
                if (method == AttributionMethod::GuidedGradCam) {
                    const auto camUp = gradCamUpsampled(
                        run, x, target, layer, [&](const torch::Tensor& row) {
                            predict(result, row, classIndex, topk, classes, classNames);
                            return result.target.index;
                        });
                    const auto gb = inputGradient(run, x, target, relu)[0];
                    result.forwards = 2;
                    map = gb * camUp.unsqueeze(0);
                    result.layer = layer;
                    break;
                }
                auto xin = x.detach().clone().requires_grad_(true);
                const auto logits = run.logits(xin, {}, relu);
                predict(result, logits[0], classIndex, topk, classes, classNames);
                target = result.target.index;
                const auto g = torch::autograd::grad({logits[0][target]}, {xin})[0][0];
                result.forwards = 1;
                if (method == AttributionMethod::Saliency) map = g.abs();
                else if (method == AttributionMethod::InputXGradient) map = x[0] * g;
                else map = g;
                break;
            }
            case AttributionMethod::IntegratedGradients: {
                run.what = "Integrated Gradients";
                {
                    torch::NoGradGuard noGrad;
                    const auto ends = torch::cat({x, torch::zeros_like(x)}, 0);
                    const auto logits = run.logits(ends, {}, {});
                    predict(result, logits[0], classIndex, topk, classes, classNames);
                    target = result.target.index;
                    result.logitInput = double(logits[0][target].item<float>());
                    result.logitBaseline = double(logits[1][target].item<float>());
                }
                std::vector<double> t, w;
                gaussLegendre(options.steps, t, w);
                const int m = options.steps;
                const int64_t batch = gradientBatch(H, W);
                auto total = torch::zeros({3, H, W}, x.options().dtype(torch::kDouble));
                run.step(0, m);
                for (int first = 0; first < m; first += int(batch)) {
                    const int n = int(std::min<int64_t>(batch, m - first));
                    std::vector<float> alphas(static_cast<size_t>(n));
                    std::vector<double> om(static_cast<size_t>(n));
                    for (int i = 0; i < n; ++i) {
                        alphas[size_t(i)] = float((t[size_t(first + i)] + 1.0) / 2.0);
                        om[size_t(i)] = w[size_t(first + i)] / 2.0;
                    }
                    const auto a = torch::tensor(alphas).to(run.device).view({n, 1, 1, 1});
                    const auto g = inputGradient(run, a * x, target, {});
                    const auto o = torch::tensor(om, torch::kDouble).to(run.device).view({n, 1, 1, 1});
                    total += (g.to(torch::kDouble) * o).sum(0);
                    result.forwards += n;
                    run.step(first + n, m);
                }
                const auto ig = x[0].to(torch::kDouble) * total;
                map = ig.to(torch::kFloat);
                result.forwards += 2;
                const double sum = ig.sum().item<double>();
                result.completenessGap =
                    std::abs(sum - (*result.logitInput - *result.logitBaseline));
                break;
            }
            case AttributionMethod::SmoothGrad: {
                run.what = "SmoothGrad";
                {
                    torch::NoGradGuard noGrad;
                    const auto logits = run.fastLogits(x);
                    predict(result, logits[0], classIndex, topk, classes, classNames);
                    target = result.target.index;
                }
                const int s = options.samples;
                auto generator = at::detail::createCPUGenerator(options.seed);
                const auto noise = torch::randn({s, 3, H, W}, generator, torch::kFloat);
                const double sigma = 0.15 * (x.max().item<double>() - x.min().item<double>());
                const int64_t batch = gradientBatch(H, W);
                auto total = torch::zeros({3, H, W}, x.options().dtype(torch::kDouble));
                run.step(0, s);
                for (int first = 0; first < s; first += int(batch)) {
                    const int n = int(std::min<int64_t>(batch, s - first));
                    const auto noisy =
                        x + float(sigma) * noise.narrow(0, first, n).to(run.device);
                    const auto g = inputGradient(run, noisy, target, {});
                    total += g.abs().to(torch::kDouble).sum(0);
                    result.forwards += n;
                    run.step(first + n, s);
                }
                map = (total / double(s)).to(torch::kFloat);
                result.forwards += 1;
                break;
            }
            case AttributionMethod::Occlusion: {
                run.what = "Occlusion";
                torch::NoGradGuard noGrad;
                const auto base = run.fastLogits(x);
                predict(result, base[0], classIndex, topk, classes, classNames);
                target = result.target.index;
                const double y = double(base[0][target].item<float>());
                const int64_t ny = (H - kOcclusionWindow) / kOcclusionStride + 1;
                const int64_t nx = (W - kOcclusionWindow) / kOcclusionStride + 1;
                const int total = int(ny * nx);
                std::vector<double> sum(size_t(H * W), 0.0), count(size_t(H * W), 0.0);
                const int64_t batch = std::max<int64_t>(1, (32 * 224 * 224) / (H * W));
                run.step(0, total);
                for (int first = 0; first < total; first += int(batch)) {
                    const int n = int(std::min<int64_t>(batch, total - first));
                    auto occluded = x.expand({n, 3, H, W}).clone();
                    for (int i = 0; i < n; ++i) {
                        const int64_t wy = (first + i) / nx * kOcclusionStride;
                        const int64_t wx = (first + i) % nx * kOcclusionStride;
                        occluded[i]
                            .narrow(1, wy, kOcclusionWindow)
                            .narrow(2, wx, kOcclusionWindow)
                            .zero_();
                    }
                    const auto logits = run.fastLogits(occluded).select(1, target).to(torch::kDouble).contiguous();
                    const double* yo = logits.data_ptr<double>();
                    for (int i = 0; i < n; ++i) {
                        const int64_t wy = (first + i) / nx * kOcclusionStride;
                        const int64_t wx = (first + i) % nx * kOcclusionStride;
                        const double d = y - yo[i];
                        for (int64_t r = wy; r < wy + kOcclusionWindow; ++r)
                            for (int64_t c = wx; c < wx + kOcclusionWindow; ++c) {
                                sum[size_t(r * W + c)] += d;
                                count[size_t(r * W + c)] += 1.0;
                            }
                    }
                    result.forwards += n;
                    run.step(first + n, total);
                }
                result.forwards += 1;
                auto plane = torch::zeros({H, W}, torch::kDouble);
                double* p = plane.data_ptr<double>();
                for (size_t i = 0; i < sum.size(); ++i)
                    p[i] = count[i] > 0 ? sum[i] / count[i] : 0.0;
                map = plane.to(torch::kFloat).unsqueeze(0).expand({3, H, W});
                break;
            }
        }
        torch::NoGradGuard noGrad;
        const auto host = map.detach().to(torch::kCPU, torch::kFloat).contiguous();
        result.values.assign(host.data_ptr<float>(), host.data_ptr<float>() + host.numel());
        result.sum = host.to(torch::kDouble).sum().item<double>();
        result.maxAbs = host.numel() ? host.abs().max().item<float>() : 0.f;
        return result;
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw Error("Out of memory while computing " + std::string(attributionMethodName(method)) +
                        " for " + model.config.describe() + ".");
        throw Error("Computing the attribution failed: " + std::string(e.what_without_backtrace()));
    }
}

}  // namespace

const char* attributionMethodName(AttributionMethod m) {
    switch (m) {
        case AttributionMethod::Saliency: return "saliency";
        case AttributionMethod::InputXGradient: return "inputxgradient";
        case AttributionMethod::IntegratedGradients: return "integratedgradients";
        case AttributionMethod::SmoothGrad: return "smoothgrad";
        case AttributionMethod::GuidedBackprop: return "guidedbackprop";
        case AttributionMethod::Deconvolution: return "deconvolution";
        case AttributionMethod::GuidedGradCam: return "guidedgradcam";
        case AttributionMethod::Occlusion: return "occlusion";
    }
    return "saliency";
}

std::vector<AttributionMethod> attributionMethods() {
    return {AttributionMethod::Saliency,       AttributionMethod::InputXGradient,
            AttributionMethod::IntegratedGradients, AttributionMethod::SmoothGrad,
            AttributionMethod::GuidedBackprop, AttributionMethod::Deconvolution,
            AttributionMethod::GuidedGradCam,  AttributionMethod::Occlusion};
}

AttributionMethod parseAttributionMethod(const std::string& text) {
    const std::string t = asciiLower(trimmed(text));
    for (AttributionMethod m : attributionMethods())
        if (t == attributionMethodName(m)) return m;
    std::string list;
    for (AttributionMethod m : attributionMethods())
        list += std::string(list.empty() ? "" : ", ") + attributionMethodName(m);
    throw ConfigError("Unknown attribution method '" + text + "': use one of " + list + ".");
}

bool attributionUsesSteps(AttributionMethod m) { return m == AttributionMethod::IntegratedGradients; }
bool attributionUsesSamples(AttributionMethod m) { return m == AttributionMethod::SmoothGrad; }
bool attributionUsesLayer(AttributionMethod m) { return m == AttributionMethod::GuidedGradCam; }
bool attributionIsSlow(AttributionMethod m) {
    return m == AttributionMethod::IntegratedGradients || m == AttributionMethod::SmoothGrad ||
           m == AttributionMethod::Occlusion;
}

int occlusionWindows(int height, int width) {
    if (height < kOcclusionWindow || width < kOcclusionWindow) return 0;
    return ((height - kOcclusionWindow) / kOcclusionStride + 1) *
           ((width - kOcclusionWindow) / kOcclusionStride + 1);
}

AttributionResult computeAttribution(Engine& engine, const RgbImage& image,
                                     AttributionMethod method, int classIndex,
                                     const AttributionOptions& options, int topk,
                                     const ProgressFn& progress, const LinearHead* head) {
    torch::Tensor input;
    {
        c10::InferenceMode notInference(false);
        input = preprocessToTensor(image);  // throws ImageError
    }
    return computeOn(engine, std::move(input), method, classIndex, options, topk, progress, head);
}

AttributionResult computeAttributionTensor(Engine& engine, const std::vector<float>& chw,
                                           int height, int width, AttributionMethod method,
                                           int classIndex, const AttributionOptions& options,
                                           int topk, const ProgressFn& progress,
                                           const LinearHead* head) {
    if (height < 32 || width < 32 || chw.size() != size_t(3) * height * width)
        throw ImageError("The input tensor must be float32 [3, H, W] with H, W >= 32; got " +
                         std::to_string(chw.size()) + " values for " + std::to_string(height) +
                         "x" + std::to_string(width) + ".");
    c10::InferenceMode notInference(false);
    auto input = torch::from_blob(const_cast<float*>(chw.data()), {1, 3, height, width},
                                  torch::kFloat)
                     .clone();
    return computeOn(engine, std::move(input), method, classIndex, options, topk, progress, head);
}

std::vector<float> attributionDisplay(const AttributionResult& result) {
    const size_t plane = size_t(result.height) * size_t(result.width);
    std::vector<float> out(plane, 0.f);
    if (result.values.size() != 3 * plane || plane == 0) return out;
    std::vector<double> magnitude(plane, 0.0);
    for (size_t c = 0; c < 3; ++c)
        for (size_t i = 0; i < plane; ++i) magnitude[i] += std::abs(double(result.values[c * plane + i]));
    // numpy.percentile(v, 99), linear interpolation between the order statistics
    std::vector<double> sorted = magnitude;
    const double pos = 0.99 * double(plane - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(plane - 1, lo + 1);
    std::nth_element(sorted.begin(), sorted.begin() + long(lo), sorted.end());
    const double vlo = sorted[lo];
    const double vhi = hi == lo ? vlo : *std::min_element(sorted.begin() + long(lo) + 1, sorted.end());
    const double p99 = vlo + (pos - double(lo)) * (vhi - vlo);
    if (!(p99 > 0)) return out;
    for (size_t i = 0; i < plane; ++i) out[i] = float(std::min(1.0, magnitude[i] / p99));
    return out;
}

}  // namespace ds
