// The analyses' door into the engine (core/analysis/analysis_internal.h): the plain module
// with the loaded weights, which the fast inference forms do not keep.
#include "analysis_internal.h"
#include "densescope/errors.h"
#include "engine_impl.h"
#include "torch_errors.h"
#include "weights.h"

namespace ds::internal {

DenseNetImpl& EngineAccess::plainModel(Engine& engine) {
    auto& d = *engine.d;
    if (!d.loaded()) throw std::logic_error("an analysis was run before a model was loaded");
    if (!d.model.is_empty()) return *d.model;
    if (!d.analysisModel.is_empty()) return *d.analysisModel;
    torch::InferenceMode guard(false);  // parameters must be ordinary tensors
    DenseNet model(d.config);
    switch (d.weights.kind) {
        case Engine::WeightsSource::Kind::Random:
            model->initRandom(d.weights.seed);
            break;
        case Engine::WeightsSource::Kind::File:
        case Engine::WeightsSource::Kind::ImageNet:
            // The file the loaded model came from; reading it again keeps the fast form's
            // memory use unchanged for people who never run an analysis.
            hollow(*model);
            loadStateDict(*model, readStateDict(d.weights.path), d.weights.path);
            break;
    }
    model->eval();
    for (auto& p : model->parameters()) p.set_requires_grad(false);
    model->to(d.device);
    d.analysisModel = model;
    return *d.analysisModel;
}

torch::Device EngineAccess::device(const Engine& engine) { return engine.d->device; }

torch::Tensor EngineAccess::fastLogits(Engine& engine, torch::Tensor input, torch::Tensor* norm5) {
    auto& d = *engine.d;
    if (!d.loaded()) throw std::logic_error("an analysis was run before a model was loaded");
    const int64_t count = input.size(0);
    std::set<std::string> wanted;
    CaptureFn capture;
    if (norm5) {
        wanted.insert(names::kNorm5);
        capture = [norm5](const std::string& name, const torch::Tensor& t) {
            if (name == names::kNorm5) *norm5 = t;
        };
    }
    try {
        torch::InferenceMode guard;
        input = input.to(d.device).contiguous();
        return d.forward(std::move(input), capture, wanted).to(torch::kCPU, torch::kFloat);
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw ConfigError("Out of memory while running " + std::to_string(count) +
                              " inputs through " + d.config.describe() +
                              " at once. Close other programs or use a smaller model.");
        throw Error("Inference failed: " + std::string(e.what_without_backtrace()));
    }
}

}  // namespace ds::internal
