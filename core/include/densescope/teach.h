#pragma once
// Teaching DenseNet new classes: a linear head (softmax regression) on the frozen network's
// pooled features, trained in steps, saved as one .safetensors file with the backbone it needs.
//
//   features  pooled = adaptive_avg_pool2d(relu(norm5), 1).flatten(1): the input of
//             torchvision's classifier (kHeadFeatures), one ordinary fast forward per image;
//   cache     FeatureCache: by backbone identity + image file path, size and mtime, so
//             retraining never reruns the network for an unchanged file;
//   training  HeadTrainer: seeded held-out split per class, features standardised, full-batch
//             Adam with weight decay, step(n) epochs at a time (a caller cancels between
//             steps), loss curve, confusion matrix; the standardisation is folded into the
//             final weights, so the head is a plain Linear on the raw pooled features;
//   files     saveHead / loadHead: tensors weight [N, C] and bias [N] (float32), class names
//             and the backbone in __metadata__ (docs/architecture.md, "Head files");
//             checkHeadBackbone refuses a head made for another layout or other weights.
// No Qt, no LibTorch types here.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/image.h"

namespace ds {

// The feature definition, as written into head files.
extern const char* const kHeadFeatures;  // "adaptive_avg_pool2d(relu(features(x)), 1).flatten(1)"

// The backbone a head was trained on: its layout and the identity of its weights.
struct BackboneIdentity {
    DenseNetConfig config;    // name, growth rate, blocks, init features, bn_size, compression
    std::string weights;      // "random:SEED" or "sha256:<64 hex digits>" of the weights file
    std::string weightsSpec;  // how it was given ("imagenet", a path, "random:0"): for messages
    int featureCount = 0;     // norm5's channels: the head's input size C

    bool sameLayout(const BackboneIdentity& o) const;
    // "densenet121" or "custom (k=8 blocks=2-3-2 init=16 bn_size=2)", then " with weights ...".
    std::string describe() const;
    // The model flags that select this layout ("--variant densenet121" or the custom flags).
    std::string flags() const;
};

// The loaded engine's backbone. Hashes the weights file (SHA-256) once per path, size and
// modification time (then remembered for the process). Throws std::logic_error without a
// model, WeightsError when the weights file cannot be read any more.
BackboneIdentity backboneIdentity(const Engine& engine);

// The one rule for keeping taught classes when the model changes (a reload, another device, a
// new engine): `head` goes onto `engine` when it was trained on this engine's backbone (the
// same layout and weights identity), else the engine is left without a head. Returns whether it
// was kept. A weights file that cannot be read any more counts as another backbone.
bool keepHeadIfFits(Engine& engine, std::shared_ptr<const LinearHead> head);

// SHA-256 of a file's bytes as 64 lowercase hex digits (and of a byte string, for tests).
// Throws WeightsError naming the file when it cannot be read.
std::string sha256File(const std::string& path);
std::string sha256Hex(const std::string& bytes);

// The pooled features of an image (C = norm5's channels values), through the engine's ordinary
// fast forward capturing features.norm5. *forwardMs (optional) gets preprocessing + forward.
// Throws like Engine::classify.
std::vector<float> pooledFeatures(Engine& engine, const RgbImage& image,
                                  double* forwardMs = nullptr);
// relu then the spatial mean of each channel of a captured norm5 map.
std::vector<float> pooledFeatures(const FeatureMap& norm5);

// Pooled features by backbone and image file. Not thread-safe (the owner's thread uses it).
class FeatureCache {
public:
    struct Key {
        std::string backbone;  // BackboneIdentity::describe() (layout + weights identity)
        std::string path;
        uint64_t size = 0;
        int64_t mtimeNs = 0;
        bool operator<(const Key& o) const;
    };
    // The key of `path` now (stat); false when the file cannot be stat'ed.
    static bool keyFor(const BackboneIdentity& backbone, const std::string& path, Key* key);
    const std::vector<float>* find(const Key& key) const;
    void insert(const Key& key, std::vector<float> features);
    size_t size() const { return m_entries.size(); }
    void clear() { m_entries.clear(); }

private:
    std::map<Key, std::vector<float>> m_entries;
};

struct EpochStats {
    int epoch = 0;         // 1-based
    double trainLoss = 0;  // mean cross-entropy over the training examples
    double trainAccuracy = 0;
    double holdoutAccuracy = -1;  // -1 when nothing is held out
};

// How a head was trained, kept in its file so that reopening it shows the curve and the
// confusion matrix again. Empty (curve and confusion empty) for a file written without it
// (by an older DenseScope, or another tool): the head still works.
struct HeadTraining {
    std::vector<EpochStats> curve;
    std::vector<std::vector<int>> confusion;  // [true][predicted] over the held-out set
    double holdoutAccuracy = -1;              // -1 when nothing was held out
    bool empty() const { return curve.empty() && confusion.empty(); }
};

// A linear classifier on the pooled features: logits = weight · pooled + bias.
struct LinearHead {
    std::vector<std::string> classNames;  // N names
    int featureCount = 0;                 // C
    std::vector<float> weight;            // [N, C] row-major
    std::vector<float> bias;              // [N]
    BackboneIdentity backbone;
    HeadTraining training;  // optional in the file: empty when it was not saved

    int classes() const { return int(classNames.size()); }
    // Throws ConfigError when pooled.size() != featureCount. Deterministic: the same input
    // gives bitwise the same logits (a saved and loaded head reproduces them exactly).
    std::vector<float> logits(const std::vector<float>& pooled) const;
    // topPredictions of the logits, labelled with the class names.
    std::vector<Prediction> predict(const std::vector<float>& pooled, int topk) const;
};

// Writes `head` as one .safetensors file, atomically (densescope/atomic_file.h: a temporary
// file beside it, fsync, renamed; a special file at `path` is refused). Throws OutputError
// naming the file and what to do when it cannot be written.
void saveHead(const LinearHead& head, const std::string& path);
// Reads a head file with the bounded safetensors reader. Throws WeightsError naming the file
// and the problem (not a head file, missing or malformed metadata, shapes that disagree with
// the class names, non-finite values).
LinearHead loadHead(const std::string& path);
// Throws WeightsError when `head` was trained on another backbone than `loaded`: the message
// says which backbone the head needs (layout and weights) and the flags that select it.
void checkHeadBackbone(const LinearHead& head, const BackboneIdentity& loaded,
                       const std::string& headSource);

struct TrainOptions {
    double holdout = 0.2;  // share of each class held out (at least 1 per class when > 0)
    uint64_t seed = 0;     // the split's shuffle (the weights start at zero: a convex problem)
    int epochs = 200;      // full-batch Adam steps
    double learningRate = 0.01;
    double weightDecay = 1e-2;  // L2 on the (standardised) weights, not the bias
};


struct TrainReport {
    LinearHead head;  // the folded head at the current epoch
    std::vector<EpochStats> curve;
    std::vector<int> trainIndices, holdoutIndices;  // into the examples given
    double holdoutAccuracy = -1;                    // -1 when nothing is held out
    std::vector<std::vector<int>> confusion;        // [true][predicted] over the held-out set
    struct Mistake {
        int example = 0;  // index into the examples given
        int truth = 0, predicted = 0;
    };
    std::vector<Mistake> mistakes;  // held-out examples predicted wrongly, in example order
};

// Trains a head step by step, so a caller can show progress and cancel between steps.
class HeadTrainer {
public:
    // features[i] (all of size C) belongs to class labels[i] in [0, classNames.size()).
    // Throws ConfigError for fewer than 2 classes, a class without examples, a class too small
    // for a training and a held-out example (when holdout > 0), sizes that disagree, non-finite
    // features, or options out of range (holdout in [0, 0.9], epochs >= 1, ...).
    HeadTrainer(std::vector<std::vector<float>> features, std::vector<int> labels,
                std::vector<std::string> classNames, BackboneIdentity backbone,
                TrainOptions options = {});
    // Runs up to n more epochs (fewer at the end); returns the last epoch's statistics.
    EpochStats step(int n = 1);
    bool finished() const { return m_epoch >= m_options.epochs; }
    int epoch() const { return m_epoch; }
    const std::vector<EpochStats>& curve() const { return m_curve; }
    // The folded head now, its held-out accuracy, confusion matrix and mistakes.
    TrainReport report() const;

private:
    LinearHead folded() const;

    std::vector<std::vector<float>> m_features;
    std::vector<int> m_labels;
    std::vector<std::string> m_classNames;
    BackboneIdentity m_backbone;
    TrainOptions m_options;
    std::vector<int> m_train, m_holdout;
    int m_c = 0, m_n = 0, m_epoch = 0;
    std::vector<double> m_mean, m_scale;         // standardisation: z = (x - mean) * scale
    std::vector<double> m_w, m_b;                // [N, C] and [N] on standardised features
    std::vector<double> m_mw, m_vw, m_mb, m_vb;  // Adam moments
    std::vector<EpochStats> m_curve;
};

}  // namespace ds
