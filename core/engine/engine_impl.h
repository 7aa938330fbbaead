#pragma once
// Engine's private state, shared by engine.cpp and the analyses' door into it
// (core/analysis/engine_access.cpp). Internal header: includes LibTorch.
#include <torch/torch.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cpu_densenet.h"
#include "cuda_forward.h"
#include "densenet.h"
#include "densescope/engine.h"
#include "densescope/module_names.h"

namespace ds {

// Frees a freshly built model's placeholder tensors before a file's tensors replace them
// (engine.cpp explains why).
void hollow(torch::nn::Module& model);

// Engine::load's part for a weights file (engine_weights.cpp): reads `path` into `model`
// (built for `config`). A fine-tuned classifier (only the number of classes differs) rebuilds
// `model` with the file's number of classes, set in `config`. Appends notes for a person.
Engine::WeightsSource loadWeightsFile(DenseNet& model, DenseNetConfig& config,
                                      const std::string& path, std::vector<std::string>& notes);

// The head's predictions (engine_head.cpp): pools the captured norm5 output exactly as
// ds::pooledFeatures does and fills result.logits and result.top from `head`.
void headPredictions(const LinearHead& head, const torch::Tensor& norm5, int topk,
                     ClassifyResult& result);

struct Engine::Impl {
    EngineOptions options;
    torch::Device device{torch::kCPU};
    // Exactly one of these runs the forward: the CPU inference form (default on the CPU), the
    // CUDA path, or the plain module (EngineOptions::optimize == false).
    std::shared_ptr<const CpuDenseNet> cpu;
    std::shared_ptr<CudaForward> cuda;
    DenseNet model{nullptr};
    DenseNetConfig config;
    ModelSummary summary;
    Engine::WeightsSource weights;
    std::vector<std::string> layers;
    std::vector<std::string> notes;        // the last load's
    std::vector<std::string> labels;       // setLabels(); empty: topPredictions' defaults
    std::shared_ptr<const LinearHead> head;  // setHead(): predictions from a taught head
    // EngineOptions::keepLayers: every layer's output of the last classify(), on the device.
    std::vector<std::pair<std::string, torch::Tensor>> kept;
    // The plain module for analyses (gradients), when the fast form replaced `model`: built
    // from the same weights source on first use (internal::EngineAccess::plainModel).
    DenseNet analysisModel{nullptr};

    bool loaded() const { return cpu || cuda || !model.is_empty(); }
    // Logits [N, classes] (on the engine's device); capture sees at least the `wanted` names.
    torch::Tensor forward(torch::Tensor input, const CaptureFn& capture,
                          const std::set<std::string>& wanted) {
        if (cpu) {
            CpuDenseNet::Request request;
            request.capture = capture;
            request.stem = wanted.count(names::kConv0) || wanted.count(names::kNorm0);
            request.norm5 = wanted.count(names::kNorm5) > 0;
            return cpu->forward(std::move(input), request);
        }
        if (cuda) return cuda->forward(input, capture);
        return model->forward(input.to(device).contiguous(), capture);
    }
};

}  // namespace ds
