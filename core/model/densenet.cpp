#include "densenet.h"
#include "densescope/module_names.h"

#include <cmath>

namespace ds {
namespace nn = torch::nn;

ConvImpl::ConvImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride_, int64_t padding_)
    : stride(stride_), padding(padding_) {
    weight = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
}

torch::Tensor ConvImpl::forward(const torch::Tensor& x) {
    return torch::conv2d(x, weight, {}, stride, padding);
}

LinearImpl::LinearImpl(int64_t in, int64_t out) {
    weight = register_parameter("weight", torch::empty({out, in}));
    bias = register_parameter("bias", torch::empty({out}));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) { return torch::linear(x, weight, bias); }

namespace {
Conv conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0) {
    return Conv(in, out, kernel, stride, padding);
}
}  // namespace

DenseLayerImpl::DenseLayerImpl(int64_t inChannels, int64_t growthRate, int64_t bnSize,
                               double dropRate_)
    : dropRate(dropRate_) {
    norm1 = register_module("norm1", nn::BatchNorm2d(inChannels));
    conv1 = register_module("conv1", conv(inChannels, bnSize * growthRate, /*kernel=*/1));
    norm2 = register_module("norm2", nn::BatchNorm2d(bnSize * growthRate));
    conv2 = register_module(
        "conv2", conv(bnSize * growthRate, growthRate, /*kernel=*/3, /*stride=*/1, /*padding=*/1));
}

torch::Tensor DenseLayerImpl::forward(const torch::Tensor& x) {
    auto y = conv1(torch::relu(norm1(x)));
    y = conv2(torch::relu(norm2(y)));
    if (dropRate > 0 && is_training()) y = torch::dropout(y, dropRate, /*train=*/true);
    return y;
}

DenseBlockImpl::DenseBlockImpl(int64_t numLayers, int64_t inChannels_, int64_t growthRate_,
                               int64_t bnSize, double dropRate, const std::string& name)
    : inChannels(inChannels_), growthRate(growthRate_) {
    for (int64_t l = 0; l < numLayers; ++l) {
        const std::string child = names::denseLayerChild(int(l) + 1);
        layers.push_back(register_module(
            child, DenseLayer(inChannels + l * growthRate, growthRate, bnSize, dropRate)));
        layerNames.push_back(name + "." + child);
    }
}

torch::Tensor DenseBlockImpl::forward(const torch::Tensor& x, const CaptureFn& capture) {
    const int64_t total = inChannels + int64_t(layers.size()) * growthRate;
    // One buffer holds concat(x0, x1, ..., xL): layer l reads its first channels and writes
    // its k new channels after them, so nothing is concatenated and every layer's output is
    // a view of the block output.
    auto buffer = torch::empty({x.size(0), total, x.size(2), x.size(3)},
                               x.options().memory_format(x.suggest_memory_format()));
    buffer.narrow(1, 0, inChannels).copy_(x);
    for (size_t l = 0; l < layers.size(); ++l) {
        const int64_t offset = inChannels + int64_t(l) * growthRate;
        auto slot = buffer.narrow(1, offset, growthRate);
        slot.copy_(layers[l]->forward(buffer.narrow(1, 0, offset)));
        if (capture) capture(layerNames[l], slot);
    }
    return buffer;
}

TransitionImpl::TransitionImpl(int64_t inChannels, int64_t outChannels) {
    norm = register_module("norm", nn::BatchNorm2d(inChannels));
    conv = register_module("conv", ds::conv(inChannels, outChannels, /*kernel=*/1));
}

torch::Tensor TransitionImpl::forward(const torch::Tensor& x) {
    return torch::avg_pool2d(conv(torch::relu(norm(x))), /*kernel_size=*/2, /*stride=*/2);
}

FeaturesImpl::FeaturesImpl(const DenseNetConfig& c) {
    conv0 = register_module("conv0",
                            conv(3, c.initFeatures, /*kernel=*/7, /*stride=*/2, /*padding=*/3));
    norm0 = register_module("norm0", nn::BatchNorm2d(c.initFeatures));
    int64_t channels = c.initFeatures;
    for (size_t b = 0; b < c.blockConfig.size(); ++b) {
        const int index = int(b) + 1;
        blocks.push_back(register_module(
            names::denseBlockChild(index),
            DenseBlock(c.blockConfig[b], channels, c.growthRate, c.bnSize, c.dropRate,
                       names::denseBlock(index))));
        channels += int64_t(c.blockConfig[b]) * c.growthRate;
        if (b + 1 < c.blockConfig.size()) {
            const auto out = static_cast<int64_t>(std::floor(double(channels) * c.compression));
            transitions.push_back(register_module(names::transitionChild(index), Transition(channels, out)));
            channels = out;
        }
    }
    norm5 = register_module("norm5", nn::BatchNorm2d(channels));
}

torch::Tensor FeaturesImpl::forward(const torch::Tensor& input, const CaptureFn& capture) {
    auto emit = [&capture](const char* name, const torch::Tensor& t) {
        if (capture) capture(name, t);
    };
    auto x = conv0(input);
    emit(names::kConv0, x);
    x = norm0(x);
    emit(names::kNorm0, x);
    x = torch::relu(x);
    emit(names::kRelu0, x);
    x = torch::max_pool2d(x, /*kernel_size=*/3, /*stride=*/2, /*padding=*/1);
    emit(names::kPool0, x);
    for (size_t b = 0; b < blocks.size(); ++b) {
        x = blocks[b]->forward(x, capture);
        if (capture) capture(names::denseBlock(int(b) + 1), x);
        if (b < transitions.size()) {
            x = transitions[b]->forward(x);
            if (capture) capture(names::transition(int(b) + 1), x);
        }
    }
    x = norm5(x);
    emit(names::kNorm5, x);
    return x;
}

DenseNetImpl::DenseNetImpl(const DenseNetConfig& c) : config(c) {
    c.validate();
    features = register_module("features", Features(c));
    classifier = register_module("classifier",
                                 Linear(features->norm5->options.num_features(), c.numClasses));
}

torch::Tensor DenseNetImpl::forward(const torch::Tensor& x, const CaptureFn& capture) {
    auto y = torch::relu(features->forward(x, capture));
    y = torch::adaptive_avg_pool2d(y, {1, 1}).flatten(1);
    return classifier(y);
}

std::vector<std::string> DenseNetImpl::capturableLayers() const {
    std::vector<std::string> out = {names::kConv0, names::kNorm0, names::kRelu0, names::kPool0};
    for (size_t b = 0; b < features->blocks.size(); ++b) {
        const auto& block = features->blocks[b];
        out.insert(out.end(), block->layerNames.begin(), block->layerNames.end());
        out.push_back(names::denseBlock(int(b) + 1));
        if (b < features->transitions.size()) out.push_back(names::transition(int(b) + 1));
    }
    out.push_back(names::kNorm5);
    return out;
}

void DenseNetImpl::initRandom(uint64_t seed) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* c = module->as<Conv>()) {
            nn::init::kaiming_normal_(c->weight);
        } else if (auto* bn = module->as<nn::BatchNorm2d>()) {
            nn::init::ones_(bn->weight);
            nn::init::zeros_(bn->bias);
            bn->reset_running_stats();
        } else if (auto* fc = module->as<Linear>()) {
            // PyTorch's default Linear weight init (kept by torchvision), redrawn under the seed.
            nn::init::kaiming_uniform_(fc->weight, std::sqrt(5.0));
            nn::init::zeros_(fc->bias);
        }
    }
}

}  // namespace ds
