// The dense-connectivity heat map (DenseNet paper, Figure 5) from the loaded weights: for each
// target's input convolution, the mean |W| over the input channels each source contributes.
// Definitions: densescope/analysis.h.
#include <string>
#include <vector>

#include "analysis_internal.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"

namespace ds {
namespace {

// Mean |W| per input channel: W is [out, in] or [out, in, kh, kw]; returns [in] in double on
// the host. Every input channel has the same number of weights, so the mean over a slice of
// these is the mean of |W| over that slice.
std::vector<double> perInputMeanAbs(const torch::Tensor& weight) {
    auto w = weight.detach().to(torch::kCPU, torch::kDouble).abs();
    if (w.dim() == 4) w = w.transpose(0, 1).reshape({w.size(1), -1});
    else w = w.transpose(0, 1).contiguous();
    const auto means = w.mean(1).contiguous();
    return std::vector<double>(means.data_ptr<double>(), means.data_ptr<double>() + means.numel());
}

// One row of values: sources [0, count) from the per-input-channel means, nullopt beyond.
std::vector<std::optional<double>> row(const std::vector<double>& perChannel,
                                       const std::vector<std::pair<int, int>>& slices, size_t count,
                                       const std::string& target) {
    std::vector<std::optional<double>> out(slices.size());
    for (size_t s = 0; s < count; ++s) {
        const auto [first, n] = slices[s];
        if (size_t(first + n) > perChannel.size())
            throw Error("Connectivity: " + target + " has " + std::to_string(perChannel.size()) +
                        " input channels, fewer than its sources need.");
        double sum = 0;
        for (int c = first; c < first + n; ++c) sum += perChannel[size_t(c)];
        out[s] = sum / n;
    }
    return out;
}

}  // namespace

std::vector<BlockConnectivity> connectivity(Engine& engine) {
    DenseNetImpl& model = internal::EngineAccess::plainModel(engine);
    try {
        torch::NoGradGuard noGrad;
        const auto& f = *model.features;
        std::vector<BlockConnectivity> out;
        for (size_t b = 0; b < f.blocks.size(); ++b) {
            const auto& block = *f.blocks[b];
            const int blockNo = int(b) + 1;
            const int k0 = int(block.inChannels), k = int(block.growthRate);
            const size_t L = block.layers.size();
            BlockConnectivity bc;
            bc.name = names::denseBlock(blockNo);
            bc.sources.push_back("input");
            bc.sourceChannels.emplace_back(0, k0);
            for (size_t s = 1; s <= L; ++s) {
                bc.sources.push_back(names::denseLayerChild(int(s)));
                bc.sourceChannels.emplace_back(k0 + int(s - 1) * k, k);
            }
            for (size_t l = 1; l <= L; ++l) {
                bc.targets.push_back(names::denseLayerChild(int(l)));
                bc.values.push_back(row(perInputMeanAbs(block.layers[l - 1]->conv1->weight),
                                        bc.sourceChannels, l, block.layerNames[l - 1]));
            }
            const bool last = b + 1 == f.blocks.size();
            if (!last) {
                bc.targets.push_back(names::transitionChild(blockNo));
                bc.values.push_back(row(perInputMeanAbs(f.transitions[b]->conv->weight),
                                        bc.sourceChannels, L + 1, names::transition(blockNo)));
            } else {
                bc.targets.push_back(names::kClassifier);
                bc.values.push_back(row(perInputMeanAbs(model.classifier->weight),
                                        bc.sourceChannels, L + 1, names::kClassifier));
            }
            out.push_back(std::move(bc));
        }
        return out;
    } catch (const c10::Error& e) {
        throw Error("Connectivity failed: " + std::string(e.what_without_backtrace()));
    }
}

}  // namespace ds
