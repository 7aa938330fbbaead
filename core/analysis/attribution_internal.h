#pragma once
// What the attribution files share (internal, LibTorch): one attribution's run (the plain
// module, the head, the class to explain, progress) and the methods, each giving its raw map
// [3, H, W] for the preprocessed input x [1, 3, H, W] on the run's device. attribution.cpp
// checks the options and calls them with gradients enabled, outside InferenceMode.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "analysis_internal.h"
#include "densescope/attribution.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"

namespace ds::internal {

struct AttributionRun {
    Engine& engine;
    DenseNetImpl& model;
    const LinearHead* head;
    torch::Device device;
    int features;
    int classes;
    const ProgressFn& progress;
    int classIndex;  // the class to explain; < 0: the top-1
    int topk;
    const std::vector<std::string>& classNames;
    std::string what;  // "Integrated Gradients", for Cancelled's message

    // The class logits of the walk (recorded when the input requires gradients).
    torch::Tensor logits(const torch::Tensor& input, const WalkHook& hook,
                         const ReluFn& relu) const {
        if (!head) return walk(model, input, hook, {}, relu);
        const auto norm5 = walk(model, input, hook, names::kNorm5, relu);
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
        if (!head) return EngineAccess::fastLogits(engine, input);
        torch::Tensor norm5;
        EngineAccess::fastLogits(engine, input, &norm5);
        torch::InferenceMode guard;
        const auto pooled = torch::relu(norm5).mean({2, 3});
        return headLogits(pooled).to(torch::kCPU, torch::kFloat);
    }
    void step(int done, int total) const {
        if (progress && !progress(done, total))
            throw Cancelled(what + " was cancelled after " + std::to_string(done) + " of " +
                            std::to_string(total) + " steps.");
    }
    // Predictions for the logits row and the target class (top-1 when classIndex < 0), into
    // `result`; returns the target class.
    int predict(AttributionResult& result, const torch::Tensor& row) const {
        const auto host = row.detach().to(torch::kCPU, torch::kFloat).contiguous();
        const std::vector<float> values(host.data_ptr<float>(), host.data_ptr<float>() + host.numel());
        result.top = topPredictions(values, topk, classNames);
        const int target = classIndex < 0 ? result.top.front().index : classIndex;
        for (auto& p : topPredictions(values, classes, classNames))
            if (p.index == target) {
                result.target = std::move(p);
                break;
            }
        return result.target.index;
    }
};

// One backward pass (attribution_gradients.cpp). Saliency, Input x Gradient, guided backprop
// and deconvolution:
torch::Tensor gradientAttribution(const AttributionRun& run, AttributionMethod method,
                                  const torch::Tensor& x, AttributionResult& result);
// Guided Grad-CAM with Grad-CAM at `layer` (sets result.layer):
torch::Tensor guidedGradCam(const AttributionRun& run, const torch::Tensor& x,
                            const std::string& layer, AttributionResult& result);
// dy/dx for a batch of inputs (each element's own gradient), NCHW float32; `relu` as walk's.
torch::Tensor inputGradient(const AttributionRun& run, const torch::Tensor& inputs, int target,
                            const ReluFn& relu);

// Input gradients averaged over many inputs, in batches, with progress (attribution_sampled.cpp):
torch::Tensor integratedGradients(AttributionRun& run, const torch::Tensor& x, int steps,
                                  AttributionResult& result);
torch::Tensor smoothGrad(AttributionRun& run, const torch::Tensor& x, int samples, uint64_t seed,
                         AttributionResult& result);

// Forwards only, on the engine's fast form, with progress (attribution_occlusion.cpp):
torch::Tensor occlusion(AttributionRun& run, const torch::Tensor& x, AttributionResult& result);

}  // namespace ds::internal
