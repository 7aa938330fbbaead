#pragma once
// What the analyses share (internal, includes LibTorch): the plain module behind an engine and
// a functional forward pass over it that can observe or replace every capturable module's
// output, for gradients (CAMs, feature visualisation).
#include <torch/torch.h>

#include <functional>
#include <string>

#include "densenet.h"
#include "densescope/engine.h"

namespace ds::internal {

struct EngineAccess {
    // The plain module with the engine's loaded weights, eval mode, parameters not requiring
    // gradients, on the engine's device (built on first use when the fast form replaced it;
    // dropped when another model is loaded). Throws std::logic_error with no model loaded.
    static DenseNetImpl& plainModel(Engine& engine);
    static torch::Device device(const Engine& engine);
    // The engine's own fast forward (its CPU inference form, CUDA path or plain module) on a
    // batch of N different inputs [N, 3, H, W], under InferenceMode: the logits [N, classes] as
    // float32 on the CPU (the model's classifier, never a taught head); with `norm5`, that
    // module's output too (for a taught head). For many forwards (occlusion, Score-CAM, ROAD).
    // Throws like Engine::forwardBatch (Error; out of memory as ConfigError).
    static torch::Tensor fastLogits(Engine& engine, torch::Tensor input,
                                    torch::Tensor* norm5 = nullptr);
};

// Sees each capturable module's output (torchvision's names, forward order) and returns the
// tensor the forward continues with: `output` itself, or a replacement of the same shape (for
// example output.detach().requires_grad_() to make gradients start there). Dense layers are
// seen with their k new channels; the block's output is the concatenation of its input and
// those (replaced) outputs.
using WalkHook = std::function<torch::Tensor(const std::string& name, torch::Tensor output)>;

// The network as torchvision computes it (eval BatchNorm, ReLU never in place, dense blocks by
// concatenation), autograd-friendly. Returns the logits [N, classes], or with `stopAfter` that
// module's output (after the hook) and nothing of the network behind it is computed.
// Gradients are recorded only from tensors that require them (parameters do not).
torch::Tensor walk(DenseNetImpl& model, torch::Tensor input, const WalkHook& hook,
                   const std::string& stopAfter = {});

// The same with every ReLU of the network (the one after norm5 included) computed by `relu`
// instead of torch::relu (null: torch::relu): for attributions that change the ReLUs' backward
// (guided backprop, deconvolution; attribution_gradients.cpp).
using ReluFn = std::function<torch::Tensor(const torch::Tensor&)>;
torch::Tensor walk(DenseNetImpl& model, torch::Tensor input, const WalkHook& hook,
                   const std::string& stopAfter, const ReluFn& relu);

// The forward continued from a module's output (walk_from.cpp), for Ablation-CAM: the
// module's output for a batch-1 input and, for a dense layer, what the rest of its block reads
// besides it (the block's input and the earlier layers' outputs, each [1, ...]).
struct ResumeState {
    std::string layer;
    torch::Tensor output;
    std::vector<torch::Tensor> parts;
};
ResumeState resumeState(DenseNetImpl& model, const torch::Tensor& input, const std::string& layer);
// The network behind state.layer on `replacement` [N, ...] (in place of its output; the parts
// are broadcast over N): logits [N, classes], or norm5's output with stopAtNorm5. Computes
// exactly as walk() does.
torch::Tensor walkFrom(DenseNetImpl& model, const ResumeState& state, const torch::Tensor& replacement,
                       bool stopAtNorm5 = false);

// Throws LayerError (listing valid names) unless every name is a capturable layer of `model`.
void checkLayerNames(const DenseNetImpl& model, const std::vector<std::string>& layers);

}  // namespace ds::internal
