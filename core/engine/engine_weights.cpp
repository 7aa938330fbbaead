// Engine::load's weights-file step (a fine-tuned classifier's number of classes taken from the
// file) and the engine's class labels.
#include "densescope/errors.h"
#include "densescope/memory_estimate.h"
#include "engine_impl.h"
#include "weights.h"

namespace ds {

Engine::WeightsSource loadWeightsFile(DenseNet& model, DenseNetConfig& config,
                                      const std::string& path, std::vector<std::string>& notes) {
    const int asked = config.numClasses;
    hollow(*model);
    StateDict dict = readStateDict(path, &notes);
    std::string prefix;
    try {
        prefix = loadStateDict(*model, dict, path, &notes);
    } catch (const WeightsClassesError& e) {
        // A fine-tuned classifier: everything else fits, so the model takes the file's number
        // of classes. The file's tensors are already in memory; the new model's placeholders
        // are freed again before they are replaced.
        config.numClasses = e.fileClasses;
        config.validate();
        checkMemoryFits(config);
        model = DenseNet(config);
        hollow(*model);
        prefix = loadStateDict(*model, std::move(dict), path, &notes);
        notes.push_back("note: the file's classifier has " + std::to_string(config.numClasses) +
                        " classes: the model now has " + std::to_string(config.numClasses) +
                        " (it was set to " + std::to_string(asked) + ").");
    }
    trimHeap();
    return {Engine::WeightsSource::Kind::File, 0, path, prefix,
            config.numClasses != asked ? config.numClasses : 0};
}

void Engine::setLabels(std::vector<std::string> labels, const std::string& source) {
    if (!loaded()) throw std::logic_error("Engine::setLabels called before a model was loaded");
    if (!labels.empty() && int(labels.size()) != d->config.numClasses)
        throw ConfigError((source.empty() ? std::string("The labels") : source) + " name " +
                          std::to_string(labels.size()) + " classes, but the model has " +
                          std::to_string(d->config.numClasses) +
                          ": give one label per line for each class, in the classifier's order.",
                          ErrorKind::LabelsCount,
                          {{"file", source},
                           {"labels", std::to_string(labels.size())},
                           {"classes", std::to_string(d->config.numClasses)}});
    d->labels = std::move(labels);
}

const std::vector<std::string>& Engine::labels() const { return d->labels; }

}  // namespace ds
