// Pixel attributions (densescope/attribution.h): the methods' names and options, the checks and
// the run that every method shares, and the map as it is displayed. The methods themselves:
// attribution_gradients.cpp (one backward pass), attribution_sampled.cpp (Integrated Gradients
// and SmoothGrad, many in batches) and attribution_occlusion.cpp (forwards only).
#include "densescope/attribution.h"

#include <algorithm>
#include <cmath>

#include "analysis_internal.h"
#include "ascii_text.h"
#include "attribution_internal.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "preprocess_internal.h"
#include "torch_errors.h"

namespace ds {
namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
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
    internal::AttributionRun run{engine, model, head, internal::EngineAccess::device(engine),
                                 features, classes, progress, classIndex, topk, classNames, {}};
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
        switch (method) {
            case AttributionMethod::Saliency:
            case AttributionMethod::InputXGradient:
            case AttributionMethod::GuidedBackprop:
            case AttributionMethod::Deconvolution:
                map = internal::gradientAttribution(run, method, x, result);
                break;
            case AttributionMethod::GuidedGradCam:
                map = internal::guidedGradCam(run, x, layer, result);
                break;
            case AttributionMethod::IntegratedGradients:
                map = internal::integratedGradients(run, x, options.steps, result);
                break;
            case AttributionMethod::SmoothGrad:
                map = internal::smoothGrad(run, x, options.samples, options.seed, result);
                break;
            case AttributionMethod::Occlusion:
                map = internal::occlusion(run, x, result);
                break;
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
