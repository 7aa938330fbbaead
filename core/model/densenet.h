#pragma once
// The DenseNet module tree in LibTorch (BN -> ReLU -> Conv, as the paper and torchvision).
// Child modules are registered under torchvision's names, so named_parameters() and
// named_buffers() equal torchvision's state-dict keys exactly.
//
// Internal header (includes LibTorch): the UI reaches the model through engine.h.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "densescope/config.h"

namespace ds {

// Called during forward with (module name, output). For dense layers the output is a
// channel slice (view) of the block's output buffer: clone it if you keep it past the call.
using CaptureFn = std::function<void(const std::string& name, const torch::Tensor& output)>;

// A bias-free 2-D convolution and a linear layer with torchvision's parameter names ("weight",
// "bias"), created uninitialised: their weights are always either loaded from a file or drawn
// by DenseNetImpl::initRandom, so PyTorch's default initialisation (which pages in ~1.5 MB of
// random-number kernels that nothing else needs) never runs.
struct ConvImpl : torch::nn::Module {
    ConvImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;
    int64_t stride, padding;
};
TORCH_MODULE(Conv);

struct LinearImpl : torch::nn::Module {
    LinearImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;
};
TORCH_MODULE(Linear);

struct DenseLayerImpl : torch::nn::Module {
    DenseLayerImpl(int64_t inChannels, int64_t growthRate, int64_t bnSize, double dropRate);
    // x: the block buffer's first inChannels channels. Returns the k new channels.
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::BatchNorm2d norm1{nullptr}, norm2{nullptr};
    Conv conv1{nullptr}, conv2{nullptr};
    double dropRate;
};
TORCH_MODULE(DenseLayer);

struct DenseBlockImpl : torch::nn::Module {
    DenseBlockImpl(int64_t numLayers, int64_t inChannels, int64_t growthRate, int64_t bnSize, double dropRate,
                   const std::string& name);
    // Returns concat(x, x1, ..., xL) built in one preallocated buffer (no per-layer torch.cat).
    torch::Tensor forward(const torch::Tensor& x, const CaptureFn& capture);
    std::vector<DenseLayer> layers;
    std::vector<std::string> layerNames;  // full names: features.denseblockB.denselayerL
    int64_t inChannels, growthRate;
};
TORCH_MODULE(DenseBlock);

struct TransitionImpl : torch::nn::Module {
    TransitionImpl(int64_t inChannels, int64_t outChannels);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::BatchNorm2d norm{nullptr};
    Conv conv{nullptr};
};
TORCH_MODULE(Transition);

// torchvision's `features` Sequential, as a module with the same child names.
struct FeaturesImpl : torch::nn::Module {
    explicit FeaturesImpl(const DenseNetConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const CaptureFn& capture);
    Conv conv0{nullptr};
    torch::nn::BatchNorm2d norm0{nullptr}, norm5{nullptr};
    std::vector<DenseBlock> blocks;
    std::vector<Transition> transitions;
};
TORCH_MODULE(Features);

struct DenseNetImpl : torch::nn::Module {
    explicit DenseNetImpl(const DenseNetConfig& config);
    // x: float [N, 3, H, W]. Returns logits [N, numClasses]. `capture` (optional) sees every
    // inspectable module's output in forward order.
    torch::Tensor forward(const torch::Tensor& x, const CaptureFn& capture = nullptr);
    // Names capture sees, in order (see Engine::capturableLayers).
    std::vector<std::string> capturableLayers() const;
    // torchvision's initialisation: Kaiming normal conv weights, BN weight 1 / bias 0,
    // Linear bias 0 (Linear weight keeps PyTorch's default init), with a fixed seed.
    void initRandom(uint64_t seed);

    DenseNetConfig config;
    Features features{nullptr};
    Linear classifier{nullptr};
};
TORCH_MODULE(DenseNet);

}  // namespace ds
