// The network continued from one module's output (analysis_internal.h: ResumeState, walkFrom):
// Ablation-CAM runs only what lies behind the module, on a batch of ablated copies of its
// output, as the paper defines it. The same operations as walk() (grad_walk.cpp), in the
// same order, so a continued forward equals the full one.
#include <algorithm>

#include "analysis_internal.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"

namespace ds::internal {
namespace {

torch::Tensor batchNorm(const torch::nn::BatchNorm2d& bn, const torch::Tensor& x) {
    return torch::batch_norm(x, bn->weight, bn->bias, bn->running_mean, bn->running_var,
                             /*training=*/false, /*momentum=*/0.0, bn->options.eps(),
                             /*cudnn_enabled=*/true);
}

torch::Tensor conv(const Conv& c, const torch::Tensor& x) {
    return torch::conv2d(x, c->weight, {}, c->stride, c->padding);
}

torch::Tensor expandTo(const torch::Tensor& t, int64_t n) {
    if (t.size(0) == n) return t;
    auto sizes = t.sizes().vec();
    sizes[0] = n;
    return t.expand(sizes);
}

// Dense block b (0-based) from its layer `first` (0-based) on, given the parts so far (the
// block's input and the outputs of the layers before `first`); returns the block's output.
torch::Tensor denseBlockFrom(FeaturesImpl& f, size_t b, size_t first, std::vector<torch::Tensor> parts) {
    const auto& block = *f.blocks[b];
    for (size_t l = first; l < block.layers.size(); ++l) {
        const auto& layer = *block.layers[l];
        auto in = parts.size() == 1 ? parts[0] : torch::cat(parts, 1);
        auto y = conv(layer.conv1, torch::relu(batchNorm(layer.norm1, in)));
        y = conv(layer.conv2, torch::relu(batchNorm(layer.norm2, y)));
        parts.push_back(y);
    }
    return torch::cat(parts, 1);
}

torch::Tensor transitionOf(FeaturesImpl& f, size_t b, const torch::Tensor& x) {
    const auto& t = *f.transitions[b];
    return torch::avg_pool2d(conv(t.conv, torch::relu(batchNorm(t.norm, x))), 2, 2);
}

}  // namespace

ResumeState resumeState(DenseNetImpl& model, const torch::Tensor& input, const std::string& layer) {
    checkLayerNames(model, {layer});
    ResumeState state;
    state.layer = layer;
    const auto target = names::parseModule(layer);
    torch::Tensor blockInput;
    const WalkHook hook = [&](const std::string& name, torch::Tensor out) {
        const auto m = names::parseModule(name);
        if (name == names::kPool0 || (m.kind == names::ModulePath::Kind::Transition && m.rest.empty()))
            blockInput = out;
        if (target.kind == names::ModulePath::Kind::DenseLayer && m.kind == target.kind &&
            m.rest.empty() && m.block == target.block && m.layer < target.layer) {
            if (state.parts.empty()) state.parts.push_back(blockInput);
            state.parts.push_back(out);
        }
        return out;
    };
    state.output = walk(model, input, hook, layer);
    if (target.kind == names::ModulePath::Kind::DenseLayer && state.parts.empty())
        state.parts.push_back(blockInput);  // the block's first layer: only the block's input
    return state;
}

torch::Tensor walkFrom(DenseNetImpl& model, const ResumeState& state, const torch::Tensor& replacement,
                       bool stopAtNorm5) {
    auto& f = *model.features;
    const int64_t n = replacement.size(0);
    const std::string& name = state.layer;
    const auto m = names::parseModule(name);
    torch::Tensor x = replacement;
    size_t nextBlock = 0;  // the first dense block still to run (0-based)
    bool atNorm5 = false;
    if (name == names::kConv0 || name == names::kNorm0 || name == names::kRelu0) {
        if (name == names::kConv0) x = batchNorm(f.norm0, x);
        if (name != names::kRelu0) x = torch::relu(x);
        x = torch::max_pool2d(x, 3, 2, 1);
    } else if (name == names::kPool0) {
        // the first block comes next
    } else if (name == names::kNorm5) {
        atNorm5 = true;
    } else if (m.rest.empty() && m.kind == names::ModulePath::Kind::DenseLayer) {
        std::vector<torch::Tensor> parts;
        for (const auto& p : state.parts) parts.push_back(expandTo(p, n));
        parts.push_back(x);
        const size_t b = size_t(m.block - 1);
        x = denseBlockFrom(f, b, size_t(m.layer), std::move(parts));
        if (b < f.transitions.size()) x = transitionOf(f, b, x);
        nextBlock = b + 1;
    } else if (m.rest.empty() && m.kind == names::ModulePath::Kind::DenseBlock) {
        const size_t b = size_t(m.block - 1);
        if (b < f.transitions.size()) x = transitionOf(f, b, x);
        nextBlock = b + 1;
    } else if (m.rest.empty() && m.kind == names::ModulePath::Kind::Transition) {
        nextBlock = size_t(m.block);
    } else {
        throw LayerError("A forward cannot continue from '" + name + "'.");
    }
    if (!atNorm5) {
        for (size_t b = nextBlock; b < f.blocks.size(); ++b) {
            x = denseBlockFrom(f, b, 0, {x});
            if (b < f.transitions.size()) x = transitionOf(f, b, x);
        }
        x = batchNorm(f.norm5, x);
    }
    if (stopAtNorm5) return x;
    x = torch::adaptive_avg_pool2d(torch::relu(x), {1, 1}).flatten(1);
    return torch::linear(x, model.classifier->weight, model.classifier->bias);
}

}  // namespace ds::internal
