#pragma once
// The inference engine: owns one DenseNet, loads weights, classifies images and captures
// feature maps by torchvision module name. No LibTorch types in this header.
//
// Threading: an Engine is used from one thread at a time (the UI's worker thread owns it).
// It sets torch's intra-op thread count once, and runs every forward under InferenceMode.
// Failure: every function documents what it throws; all are ds::Error subclasses
// (ConfigError, WeightsError, ImageError, DeviceError, LayerError) with a message for a person.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/image.h"
#include "densescope/process.h"  // threads are the process's: configureProcess()

namespace at {
class Tensor;
}

namespace ds {

struct LinearHead;  // teach.h: a classifier taught on the pooled features

enum class DeviceKind { Auto, Cpu, Cuda };
enum class Precision { Fp32, Fp16, Bf16 };

// "auto" | "cpu" | "cuda" -> DeviceKind; throws ConfigError otherwise.
DeviceKind parseDevice(const std::string& text);
Precision parsePrecision(const std::string& text);  // "fp32" | "fp16" | "bf16"
const char* precisionName(Precision p);

struct EngineOptions {
    DeviceKind device = DeviceKind::Auto;  // Auto: CUDA when present, else CPU
    Precision precision = Precision::Fp32;  // fp16/bf16 only on CUDA (BatchNorm stays fp32)
    // Fast inference forms (CPU: folded BatchNorms, prepacked oneDNN convolutions; CUDA:
    // channels_last, cuDNN autotuning, fp16/bf16, CUDA graphs). false runs the plain fp32
    // module in NCHW without autotuning, for comparisons (with fp16/bf16: ConfigError);
    // outputs agree within float rounding either way.
    bool optimize = true;
    // Also fill FeatureMap::bytes (every channel as 8-bit, per-channel scaling, see
    // feature_maps.h); on CUDA computed on the device and copied with the map in one transfer.
    bool mapBytes = false;
    // classify() also keeps every capturable layer's output of its pass (on the device, not
    // copied), so keptMap() can show any layer of that image without another forward pass.
    // Costs the memory of those outputs (dense layers are views of their block's buffer:
    // densenet121 at 224x224 keeps about 17 MB) and runs the stem unfused (features.conv0
    // and features.norm0 are kept too).
    bool keepLayers = false;
};

struct Prediction {
    int index = 0;            // ImageNet class index (0..999) or class number for custom heads
    std::string label;        // the given label, else ImageNet's name, or "class N" (topPredictions)
    float probability = 0.f;  // softmax probability
};

// softmax(logits) (max subtracted, exp in float, sum in double) and the k most probable
// classes, highest first; ties go to the lower index and NaN ranks last. k is clamped to
// [1, logits.size()]. Labels are `labels` when it has one per logit (a --labels file), else
// ImageNet's when there are 1000 logits, else "class N".
// The one ranking of the program: Engine::classify and the UI's top-k changes both use it.
std::vector<Prediction> topPredictions(const std::vector<float>& logits, int topk,
                                       const std::vector<std::string>& labels = {});

// Reads a labels file: UTF-8 text, one class name per line in the classifier's order (\n or
// \r\n; trailing blank lines ignored; a UTF-8 byte order mark skipped). Throws ConfigError
// when the file is missing or unreadable, not a regular file (a FIFO is not waited on), not
// UTF-8 text, larger than 16 MB, has more than 100,000 lines, or has an empty line among the
// labels, saying what to fix.
std::vector<std::string> readLabels(const std::string& path);

// How a feature map's values become 8-bit indices (feature_maps.h): the value range is
// each channel's own [min, max] or the whole map's.
enum class MapScaling { PerChannel, Shared };

// One captured module output for one image, on the host, float32 [channels, height, width].
struct FeatureMap {
    std::string layer;  // torchvision module name
    int channels = 0;
    int height = 0;
    int width = 0;
    std::vector<float> data;                   // channels * height * width values
    std::vector<float> channelMin, channelMax, channelMean;  // per-channel statistics
    // The 8-bit form, mapToBytes(*this, bytesScaling, bytesSymmetric) (feature_maps.h): filled
    // by the engine with EngineOptions::mapBytes (per channel, not symmetric), or later by
    // ensureBytes() for another scaling. Empty when nobody asked for it.
    std::vector<uint8_t> bytes;
    MapScaling bytesScaling = MapScaling::PerChannel;
    bool bytesSymmetric = false;
    const float* channel(int c) const { return data.data() + size_t(c) * height * width; }
    float min() const;  // over all channels
    float max() const;
};

// Wall-clock milliseconds of each stage of one classify() call.
struct Timings {
    double preprocessMs = 0;
    double forwardMs = 0;
    double mapsMs = 0;  // copying captured maps to the host, their statistics (and 8-bit form)
};

struct ClassifyResult {
    std::vector<Prediction> top;    // highest probability first
    std::vector<FeatureMap> maps;   // in the order requested
    std::vector<float> logits;      // all numClasses raw scores (with a head: the head's)
    Timings timings;
};

namespace internal {
struct EngineAccess;  // core/analysis: the plain module behind the engine (analysis_internal.h)
}

class Engine {
public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Builds the model for `config` and loads `weightsSpec` (see weights.h: "random",
    // "random:SEED", a .pth/.safetensors path, "imagenet"). On failure the previous model
    // stays loaded and usable. Throws ConfigError, WeightsError, DeviceError. A layout whose
    // estimated memory (memory_estimate.h) exceeds what the machine has available is refused
    // before anything is allocated (ConfigError stating the estimate); an allocation that still
    // fails becomes a ConfigError "Out of memory while loading the model ..." with the estimate.
    //
    // `cancelled` (optional) is polled between steps (after reading a file, while preparing
    // each dense layer's fast form); when it returns true, load() stops and throws Cancelled,
    // and the previous model stays loaded.
    void load(const DenseNetConfig& config, const std::string& weightsSpec,
              const std::function<bool()>& cancelled = {});
    bool loaded() const;

    const DenseNetConfig& config() const;
    const ModelSummary& summary() const;
    // Where the loaded weights came from, as data (the app words it in its own language).
    struct WeightsSource {
        enum class Kind { Random, File, ImageNet };
        Kind kind = Kind::Random;
        uint64_t seed = 0;  // Random
        std::string path;   // File and ImageNet (the file found in the torch hub cache)
        std::string strippedPrefix;  // File: the prefix every key had ("module.", "model.")
        int fileClasses = 0;         // File: the classes taken from the file (0: as asked)
    };
    const WeightsSource& weightsSource() const;
    std::string weightsDescription() const;  // e.g. "random (seed 0)", "imagenet: /path/densenet121-a639ec97.pth"
    std::string deviceName() const;          // "cpu" or "cuda"
    std::string deviceDescription() const;   // e.g. "CPU, 2 threads" or "CUDA: NVIDIA H100 80GB HBM3"
    int threads() const;                     // LibTorch's intra-op threads (configureProcess())
    // Remarks for a person about choices made for them (e.g. a thread count capped at the
    // number of cores, a key prefix stripped from a checkpoint, a number of classes taken from
    // the file: "note: ..."), for stderr or a status line. Empty when there are none. The
    // load's notes are replaced by the next successful load().
    //
    // A file spec whose classifier has another number of classes than `config` while
    // everything else fits is a fine-tuned model: load() builds the model with the file's
    // number of classes (config() says it) and adds a note.
    const std::vector<std::string>& notes() const;

    // Names the loaded model's classes (readLabels()); predictions use them. Empty: ImageNet's
    // names for 1000 classes, else "class N". Cleared by every load(). Throws ConfigError
    // when the count differs from config().numClasses (`source` names the file in the message).
    void setLabels(std::vector<std::string> labels, const std::string& source = {});
    const std::vector<std::string>& labels() const;

    // A taught head (teach.h). While one is set, classify() also pools features.norm5 of the
    // same pass (ReLU, then each channel's spatial mean: exactly ds::pooledFeatures) and returns
    // the head's logits and predictions, labelled with its class names, instead of the model's
    // classifier's; computeCams() explains the head's classes. The caller checks that the head
    // was trained on this backbone (checkHeadBackbone); one for another feature count is a
    // ConfigError here. load() keeps the head when it still fits the new model
    // (checkHeadBackbone), else clears it. Null clears.
    void setHead(std::shared_ptr<const LinearHead> head);
    void clearHead() { setHead(nullptr); }
    const std::shared_ptr<const LinearHead>& head() const;

    // Names accepted by classify()'s capture list, in forward order: features.conv0,
    // features.norm0, features.relu0, features.pool0, features.denseblockB,
    // features.denseblockB.denselayerL, features.transitionB, features.norm5.
    std::vector<std::string> capturableLayers() const;

    // Classifies one image and returns the outputs of `capture` (module names) from the same
    // forward pass. topk is clamped to [1, numClasses]. Throws ImageError for an invalid
    // image, LayerError for an unknown layer name (listing a few valid ones), and
    // std::logic_error when no model is loaded.
    ClassifyResult classify(const RgbImage& image, int topk, const std::vector<std::string>& capture = {});

    // With EngineOptions::keepLayers: `layer`'s output from the last classify() as a host map
    // (with its 8-bit form when EngineOptions::mapBytes), computed from what that pass kept.
    // False when nothing is kept (no pass yet, a new model loaded, releaseKept(), or the last
    // pass failed). Throws LayerError for an unknown layer name.
    bool keptMap(const std::string& layer, FeatureMap* out) const;
    void releaseKept();          // frees what the last pass kept
    uint64_t keptBytes() const;  // memory held by the kept outputs (shared buffers once)

    // Same on an already preprocessed float32 CHW [3, H, W] input (H, W >= 32): for tests and
    // the benchmark. Exact torchvision parity is checked through this entry point.
    ClassifyResult classifyTensor(const std::vector<float>& chw, int height, int width, int topk,
                                  const std::vector<std::string>& capture = {});

    // For benchmarks: one forward pass over `batch` copies of a preprocessed float32 [3, H, W]
    // input, with the `capture` outputs held (on the device) until the pass ends, not copied
    // to the host. Returns all logits [batch * numClasses] as float32; *forwardMs gets the
    // pass's wall time, device work included. Throws like classifyTensor.
    std::vector<float> forwardBatch(const std::vector<float>& chw, int height, int width, int batch,
                                    const std::vector<std::string>& capture, double* forwardMs);

    static bool cudaAvailable();
    static std::string versionInfo();  // e.g. "LibTorch 1.13.0 (CPU)" or "LibTorch 2.4.1 (CUDA)"

private:
    friend struct internal::EngineAccess;
    // Takes the input over, so the forward can free it once the stem has read it.
    ClassifyResult run(at::Tensor input, int topk, const std::vector<std::string>& capture);
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace ds
