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
    // Logits [N, classes] (float32, on the CPU) of N different inputs [N, 3, H, W] from the
    // engine's inference form (the fast CPU form, the CUDA path or the plain module), as
    // Engine::forwardBatch runs it, under InferenceMode; the model's classifier (never a head).
    // Throws like forwardBatch (Error, out of memory as ConfigError).
    static torch::Tensor fastLogits(Engine& engine, torch::Tensor input);
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

// Throws LayerError (listing valid names) unless every name is a capturable layer of `model`.
void checkLayerNames(const DenseNetImpl& model, const std::vector<std::string>& layers);

}  // namespace ds::internal
