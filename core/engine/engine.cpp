#include "densescope/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "cpu_densenet.h"
#include "engine_impl.h"
#include "cuda_forward.h"
#include "densenet.h"
#include "device_maps.h"
#include "densescope/errors.h"
#include "densescope/feature_maps.h"
#include "densescope/labels.h"
#include "densescope/memory_estimate.h"
#include "densescope/teach.h"
#include "preprocess_internal.h"
#include "torch_errors.h"
#include "weights.h"
#include "densescope/module_names.h"

namespace ds {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The friendly form of an allocation failure: what ran out, the estimate, what is available.
// onGpu: the GPU's memory ran out (the host estimate and MemAvailable do not apply).
ConfigError outOfMemory(const DenseNetConfig& config, const std::string& doing, bool onGpu,
                        int batch = 1) {
    std::string need, total, free;
    try {
        const auto e = estimateMemory(config, batch);
        total = formatBytes(e.total());
        need = " The model needs about " + total + " (" + formatBytes(e.weightBytes) +
               " for the weights while loading, " + formatBytes(e.activationBytes) +
               " for the activations)";
        const uint64_t available = onGpu ? 0 : availableMemoryBytes();
        if (available) free = formatBytes(available);
        need += available ? "; " + free + " is available now." : ".";
    } catch (const Error&) {
    }
    const std::string model = config.name == "custom" ? config.describe() : config.name;
    return ConfigError(
        std::string(onGpu ? "Out of GPU memory while " : "Out of memory while ") + doing + " (" +
            (config.name == "custom" ? config.describe() : config.name) + ")." + need +
            " Use a smaller model or layout" +
            (onGpu ? ", a smaller batch, or --device cpu." : ", or close other programs."),
        ErrorKind::OutOfMemory,
        {{"doing", doing == "loading the model" ? "loading" : "inference"},
         {"gpu", onGpu ? "1" : "0"},
         {"model", model},
         {"need", total},
         {"available", free}});
}

bool mentionsCuda(const c10::Error& e) {
    return std::string(e.what_without_backtrace()).find("CUDA") != std::string::npos;
}

}  // namespace

// loadStateDict shares the file's tensors, so the model's placeholder tensors (allocated, not
// initialised) are freed before the file is read: each becomes a zero-stride view of one value
// (same shape for the name and shape checks, no memory). The file's tensors then take the
// freed space, and peak memory holds one copy of the weights (measured: skipping this step
// costs 2 MB of peak RSS, the file landing above the placeholders).
void hollow(torch::nn::Module& model) {
    torch::NoGradGuard noGrad;
    for (auto t : model.parameters()) t.set_data(torch::zeros({}, t.options()).expand(t.sizes()));
    for (auto t : model.buffers()) t.set_data(torch::zeros({}, t.options()).expand(t.sizes()));
    trimHeap();
}

float FeatureMap::min() const {
    return channelMin.empty() ? 0.f : *std::min_element(channelMin.begin(), channelMin.end());
}
float FeatureMap::max() const {
    return channelMax.empty() ? 0.f : *std::max_element(channelMax.begin(), channelMax.end());
}

Engine::Engine(EngineOptions options) : d(std::make_unique<Impl>()) {
    d->options = options;
    const bool cuda = torch::cuda::is_available();
    if (options.device == DeviceKind::Cuda && !cuda)
        throw DeviceError(std::string("CUDA was requested, but ") +
                              "no usable CUDA GPU was found (this build's LibTorch " +
                              (torch::hasCUDA() ? "supports CUDA, but no GPU or driver is available"
                                                : "is CPU-only") +
                              "). Use device auto or cpu.",
                          ErrorKind::NoGpu,
                          {{"reason", torch::hasCUDA() ? "no-device" : "cpu-only"}});
    d->device = (options.device != DeviceKind::Cpu && cuda) ? torch::Device(torch::kCUDA)
                                                            : torch::Device(torch::kCPU);
    if (options.precision != Precision::Fp32 && !d->device.is_cuda())
        throw ConfigError(std::string("Precision ") + precisionName(options.precision) +
                          " is only supported on CUDA; use fp32 on the CPU.");
    if (options.precision != Precision::Fp32 && !options.optimize)
        throw ConfigError(std::string("Precision ") + precisionName(options.precision) +
                          " is part of the optimised CUDA path; the plain module (optimize off, "
                          "--no-optimize) runs in fp32. Use fp32, or leave optimisation on.");
}

Engine::~Engine() = default;

void Engine::load(const DenseNetConfig& config, const std::string& weightsSpec,
                  const std::function<bool()>& cancelled) {
    config.validate();
    checkMemoryFits(config);  // before anything is allocated
    const auto spec = WeightsSpec::parse(weightsSpec);
    const auto checkCancelled = [&cancelled] {
        if (cancelled && cancelled())
            throw Cancelled("Loading the model was cancelled.", ErrorKind::Cancelled);
    };
    try {
        torch::InferenceMode guard(false);  // parameters must be ordinary tensors
        DenseNet model(config);
        DenseNetConfig used = config;  // the file's number of classes, for a fine-tuned file
        std::vector<std::string> notes;
        WeightsSource source;
        switch (spec.kind) {
            case WeightsSpec::Kind::Random:
                model->initRandom(spec.seed);
                source = {WeightsSource::Kind::Random, spec.seed, {}, {}, 0};
                break;
            case WeightsSpec::Kind::File:
                source = loadWeightsFile(model, used, spec.path, notes);
                break;
            case WeightsSpec::Kind::ImageNet: {
                const auto path = findImagenetWeights(config);
                hollow(*model);
                loadStateDict(*model, readStateDict(path), path);
                trimHeap();
                source = {WeightsSource::Kind::ImageNet, 0, path, {}, 0};
                break;
            }
        }
        checkCancelled();
        model->eval();
        for (auto& p : model->parameters()) p.set_requires_grad(false);
        auto layers = model->capturableLayers();
        std::shared_ptr<const CpuDenseNet> cpu;
        std::shared_ptr<CudaForward> cuda;
        if (d->device.is_cuda()) {
            cuda = std::make_shared<CudaForward>(model, d->options.precision, d->options.optimize);
            model = nullptr;
        } else if (d->options.optimize) {
            cpu = std::make_shared<CpuDenseNet>(*model, std::vector<int64_t>{1, 3, 224, 224},
                                                cancelled);
            model = nullptr;  // the inference form holds its own (folded, packed) weights
        }
        checkCancelled();
        d->kept.clear();
        d->analysisModel = nullptr;
        d->layers = std::move(layers);
        d->cpu = std::move(cpu);
        d->cuda = std::move(cuda);
        d->model = model;
        d->summary = summarize(used);
        d->config = used;
        d->weights = source;
        d->labels.clear();
        d->notes.clear();
        d->notes.insert(d->notes.end(), notes.begin(), notes.end());
        keepHeadIfFits(*this, head());
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e)) throw outOfMemory(config, "loading the model", mentionsCuda(e));
        throw WeightsError("Building the model failed: " + std::string(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        throw outOfMemory(config, "loading the model", false);
    } catch (const WeightsOutOfMemory&) {
        throw outOfMemory(config, "loading the model", false);
    }
}

bool Engine::loaded() const { return d->loaded(); }
const DenseNetConfig& Engine::config() const { return d->config; }
const ModelSummary& Engine::summary() const { return d->summary; }
const Engine::WeightsSource& Engine::weightsSource() const { return d->weights; }

std::string Engine::weightsDescription() const {
    switch (d->weights.kind) {
        case WeightsSource::Kind::Random:
            return "random (seed " + std::to_string(d->weights.seed) + ")";
        case WeightsSource::Kind::ImageNet:
            return "imagenet: " + d->weights.path;
        case WeightsSource::Kind::File:
            break;
    }
    return d->weights.path;
}
std::string Engine::deviceName() const { return d->device.is_cuda() ? "cuda" : "cpu"; }
int Engine::threads() const { return torch::get_num_threads(); }
const std::vector<std::string>& Engine::notes() const { return d->notes; }

std::vector<std::string> Engine::capturableLayers() const { return d->layers; }

std::string Engine::deviceDescription() const {
    if (d->cuda) return d->cuda->description();
    if (d->device.is_cuda()) return "CUDA GPU";
    const int threads = this->threads();
    return "CPU, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

bool Engine::cudaAvailable() { return torch::cuda::is_available(); }

std::string Engine::versionInfo() {
    return "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." +
           std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH) +
           (torch::hasCUDA() ? " (CUDA)" : " (CPU)");
}

namespace {

// The first image's [C, H, W] output as a host FeatureMap with per-channel statistics (and
// its 8-bit form when `bytes`). The CPU forward's channels_last outputs take one fused parallel
// pass into the map's own buffers (cpu_kernels.h); anything else (GPU tensors, the plain
// module's NCHW outputs) is summarised with ATen where it lives and copied once (device_maps.h).
FeatureMap toHost(const std::string& name, const torch::Tensor& output, bool bytes) {
    FeatureMap map;
    map.layer = name;
    if (channelsLastToHost(output, bytes, &map)) return map;
    return packedMapToHost(name, output, bytes);
}

torch::Tensor inputTensor(const std::vector<float>& chw, int height, int width) {
    if (height < 32 || width < 32 || chw.size() != size_t(3) * height * width)
        throw ImageError("The input tensor must be float32 [3, H, W] with H, W >= 32; got " +
                         std::to_string(chw.size()) + " values for " + std::to_string(height) +
                         "x" + std::to_string(width) + ".");
    return torch::from_blob(const_cast<float*>(chw.data()), {1, 3, height, width}, torch::kFloat);
}

}  // namespace

ClassifyResult Engine::classify(const RgbImage& image, int topk,
                                const std::vector<std::string>& capture) {
    const auto start = Clock::now();
    torch::InferenceMode guard;
    auto input = preprocessToTensor(image);
    const double preprocessMs = msSince(start);
    auto result = run(std::move(input), topk, capture);
    result.timings.preprocessMs = preprocessMs;
    return result;
}

ClassifyResult Engine::classifyTensor(const std::vector<float>& chw, int height, int width,
                                      int topk, const std::vector<std::string>& capture) {
    torch::InferenceMode guard;
    return run(inputTensor(chw, height, width).clone(), topk, capture);
}

std::vector<float> Engine::forwardBatch(const std::vector<float>& chw, int height, int width,
                                        int batch, const std::vector<std::string>& capture,
                                        double* forwardMs) {
    if (!loaded()) throw std::logic_error("Engine::forwardBatch called before a model was loaded");
    names::checkLayerNames(capture, d->layers);
    if (batch < 1)
        throw ConfigError("The batch size must be at least 1; got " + std::to_string(batch) + ".");
    try {
        torch::InferenceMode guard;
        auto input = inputTensor(chw, height, width)
                         .expand({batch, 3, height, width})
                         .contiguous()
                         .to(d->device);
        const std::set<std::string> wanted(capture.begin(), capture.end());
        std::vector<torch::Tensor> kept;  // held until the pass ends, as the app holds its maps
        const CaptureFn fn = [&](const std::string& name, const torch::Tensor& t) {
            if (wanted.count(name)) kept.push_back(t);
        };
        const auto start = Clock::now();
        const auto logits = d->forward(input, wanted.empty() ? CaptureFn() : fn, wanted)
                                .to(torch::kCPU, torch::kFloat);
        if (forwardMs) *forwardMs = msSince(start);
        return hostValues<float>(logits);
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw outOfMemory(d->config, "running inference", mentionsCuda(e), batch);
        throw Error("Inference failed: " + std::string(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        throw outOfMemory(d->config, "running inference", false, batch);
    }
}

ClassifyResult Engine::run(torch::Tensor cpuInput, int topk,
                           const std::vector<std::string>& capture) {
    if (!loaded()) throw std::logic_error("Engine::classify called before a model was loaded");
    names::checkLayerNames(capture, d->layers);
    ClassifyResult result;
    d->kept.clear();  // before the pass: the old outputs' memory is reused
    const bool keep = d->options.keepLayers;
    try {
        torch::InferenceMode guard;
        const auto start = Clock::now();
        std::set<std::string> wanted(capture.begin(), capture.end());
        if (keep) wanted.insert(d->layers.begin(), d->layers.end());
        if (d->head) wanted.insert(names::kNorm5);  // the head's input, from the same pass
        std::vector<std::pair<std::string, torch::Tensor>> captured;
        CaptureFn fn;
        if (!wanted.empty())
            fn = [&](const std::string& name, const torch::Tensor& t) {
                if (wanted.count(name)) captured.emplace_back(name, t);
            };
        auto logits = d->forward(std::move(cpuInput), fn, wanted).to(torch::kCPU, torch::kFloat);
        result.timings.forwardMs = msSince(start);

        const auto mapsStart = Clock::now();
        for (const auto& name : capture)
            for (const auto& [n, t] : captured)
                if (n == name) {
                    result.maps.push_back(toHost(n, t, d->options.mapBytes));
                    break;
                }
        result.timings.mapsMs = msSince(mapsStart);

        auto row = logits[0].contiguous();
        result.logits.assign(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
        for (const auto& [n, t] : captured)
            if (d->head && n == names::kNorm5) headPredictions(*d->head, t, topk, result);
        if (!d->head) result.top = topPredictions(result.logits, topk, d->labels);
        if (keep) d->kept = std::move(captured);
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e)) throw outOfMemory(d->config, "running inference", mentionsCuda(e));
        throw Error("Inference failed: " + std::string(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        throw outOfMemory(d->config, "running inference", false);
    }
    return result;
}

bool Engine::keptMap(const std::string& layer, FeatureMap* out) const {
    names::checkLayerNames({layer}, d->layers);
    for (const auto& [name, tensor] : d->kept)
        if (name == layer) {
            torch::InferenceMode guard;
            *out = toHost(name, tensor, d->options.mapBytes);
            return true;
        }
    return false;
}

void Engine::releaseKept() { d->kept.clear(); }

uint64_t Engine::keptBytes() const {
    std::set<const void*> storages;
    uint64_t bytes = 0;
    for (const auto& kept : d->kept) {
        const auto& storage = kept.second.storage();
        if (storages.insert(storage.data()).second) bytes += storage.nbytes();
    }
    return bytes;
}

}  // namespace ds

