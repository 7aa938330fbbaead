// The engine's taught head (Engine::setHead, densescope/teach.h): predictions from a linear
// classifier on the pooled norm5 features of classify()'s own pass, and the check after a load.
#include "cpu_kernels.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "device_maps.h"
#include "engine_impl.h"

namespace ds {

void headPredictions(const LinearHead& head, const torch::Tensor& norm5, int topk,
                     ClassifyResult& result) {
    // The same host map and the same pooling as ds::pooledFeatures(engine, image), so the
    // predictions equal head.predict(pooledFeatures(...)) bit for bit.
    FeatureMap map;
    map.layer = names::kNorm5;
    if (!channelsLastToHost(norm5, false, &map)) map = packedMapToHost(names::kNorm5, norm5, false);
    const std::vector<float> pooled = pooledFeatures(map);
    result.logits = head.logits(pooled);
    result.top = head.predict(pooled, topk);
}

bool keepHeadIfFits(Engine& engine, std::shared_ptr<const LinearHead> head) {
    if (head && engine.loaded()) {
        try {
            checkHeadBackbone(*head, backboneIdentity(engine), "taught classes");
            engine.setHead(std::move(head));
            return true;
        } catch (const Error&) {
            // Made for another layout or other weights: not kept.
        }
    }
    engine.clearHead();
    return false;
}

void Engine::setHead(std::shared_ptr<const LinearHead> head) {
    if (head && loaded()) {
        const auto* norm5 = d->summary.find(names::kNorm5);
        const int features = norm5 ? norm5->outChannels : 0;
        if (head->featureCount != features)
            throw ConfigError("The head takes " + std::to_string(head->featureCount) +
                              " features, but this model's norm5 has " + std::to_string(features) +
                              ": it was trained on another backbone.");
    }
    if (head && (head->classes() < 1 || head->weight.size() != size_t(head->classes()) *
                                                                   size_t(head->featureCount) ||
                 head->bias.size() != size_t(head->classes())))
        throw ConfigError("The head's weights do not match its classes.");
    d->head = std::move(head);
}

const std::shared_ptr<const LinearHead>& Engine::head() const { return d->head; }

}  // namespace ds
