#include "analysis_internal.h"

#include <algorithm>

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

// Signals that the module named in stopAfter has been computed.
struct Stop {
    torch::Tensor output;
};

}  // namespace

void checkLayerNames(const DenseNetImpl& model, const std::vector<std::string>& layers) {
    names::checkLayerNames(layers, model.capturableLayers());
}

torch::Tensor walk(DenseNetImpl& model, torch::Tensor input, const WalkHook& hook,
                   const std::string& stopAfter) {
    return walk(model, std::move(input), hook, stopAfter, ReluFn());
}

torch::Tensor walk(DenseNetImpl& model, torch::Tensor input, const WalkHook& hook,
                   const std::string& stopAfter, const ReluFn& reluFn) {
    auto relu = [&](const torch::Tensor& t) { return reluFn ? reluFn(t) : torch::relu(t); };
    auto emit = [&](const std::string& name, torch::Tensor t) {
        if (hook) t = hook(name, std::move(t));
        if (!stopAfter.empty() && name == stopAfter) throw Stop{t};
        return t;
    };
    try {
        auto& f = *model.features;
        auto x = emit(names::kConv0, conv(f.conv0, input));
        x = emit(names::kNorm0, batchNorm(f.norm0, x));
        x = emit(names::kRelu0, relu(x));
        x = emit(names::kPool0, torch::max_pool2d(x, 3, 2, 1));
        for (size_t b = 0; b < f.blocks.size(); ++b) {
            const auto& block = *f.blocks[b];
            std::vector<torch::Tensor> parts{x};
            for (size_t l = 0; l < block.layers.size(); ++l) {
                const auto& layer = *block.layers[l];
                auto in = parts.size() == 1 ? parts[0] : torch::cat(parts, 1);
                auto y = conv(layer.conv1, relu(batchNorm(layer.norm1, in)));
                y = conv(layer.conv2, relu(batchNorm(layer.norm2, y)));
                parts.push_back(emit(block.layerNames[l], y));
            }
            x = emit(names::denseBlock(int(b) + 1), torch::cat(parts, 1));
            if (b < f.transitions.size()) {
                const auto& t = *f.transitions[b];
                x = torch::avg_pool2d(conv(t.conv, relu(batchNorm(t.norm, x))), 2, 2);
                x = emit(names::transition(int(b) + 1), x);
            }
        }
        x = emit(names::kNorm5, batchNorm(f.norm5, x));
        x = torch::adaptive_avg_pool2d(relu(x), {1, 1}).flatten(1);
        return torch::linear(x, model.classifier->weight, model.classifier->bias);
    } catch (Stop& stop) {
        return std::move(stop.output);
    }
}

}  // namespace ds::internal
