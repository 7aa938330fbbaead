// Class activation maps on the plain module behind the engine (the perturbation methods' forwards
// per channel are in cam_perturbation.cpp).
//
// One forward and one backward for any number of modules: the walk's hook turns the first
// requested module's output into a leaf that requires gradients (nothing before it is recorded,
// so the backward stops there; parameters never require gradients), keeps every requested
// module's output, and one autograd::grad call from the class's logit gives all their
// gradients. The maps are then computed from A and g by cam_maps.cpp; the methods' names and
// the parsing of classes are in cam_names.cpp.
#include <algorithm>
#include <map>
#include <set>

#include "analysis_internal.h"
#include "cam_internal.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "preprocess_internal.h"
#include "torch_errors.h"

namespace ds {
namespace {

// Score-CAM's masked inputs per batch of the engine's fast forward. Its CPU form is tuned for
// one image: per image, batches of 32 measured about 1.2x slower than batches of 4 or 8
// (densenet121, transition2, 2 threads; noisy shared machine).
constexpr int64_t kScoreBatch = 8;

// Ablation-CAM's copies per batch: 64 at 14 x 14 (the memory of what runs behind the module
// grows with its resolution), at least 8.
int ablationBatch(const torch::Tensor& a) {
    return int(std::clamp<int64_t>(64 * 196 / std::max<int64_t>(1, a.size(1) * a.size(2)), 8, 64));
}

torch::Tensor preprocessedInput(const RgbImage& image) {
    c10::InferenceMode notInference(false);
    return preprocessToTensor(image);  // throws ImageError
}

torch::Tensor tensorInput(const std::vector<float>& chw, int height, int width) {
    if (height < 32 || width < 32 || chw.size() != size_t(3) * height * width)
        throw ImageError("The input tensor must be float32 [3, H, W] with H, W >= 32; got " +
                         std::to_string(chw.size()) + " values for " + std::to_string(height) +
                         "x" + std::to_string(width) + ".");
    c10::InferenceMode notInference(false);
    return torch::from_blob(const_cast<float*>(chw.data()), {1, 3, height, width}, torch::kFloat).clone();
}

[[noreturn]] void rethrowTorch(const c10::Error& e, const DenseNetConfig& config) {
    if (isOutOfMemory(e))
        throw Error("Out of memory while computing a class activation map for " + config.describe() + ".");
    throw Error("Computing the class activation map failed: " + std::string(e.what_without_backtrace()));
}

}  // namespace

struct CamComputation::State {
    Engine& engine;
    DenseNetImpl& model;
    const LinearHead* head = nullptr;
    CamMethod method = CamMethod::GradCam;
    CamOptions options;
    torch::Tensor input;
    int target = 0;
    double logit = 0;  // the class's logit of the unchanged forward
    CamResult result;
    std::vector<std::string> layers;
    std::vector<torch::Tensor> a, g;        // per layer, [C, H, W]
    // The perturbation methods' state: per layer's forward results so far, where they are.
    std::vector<torch::Tensor> scores;  // per layer, [C] double
    internal::ResumeState resume;       // Ablation-CAM: the current layer's
    size_t layer = 0;
    int64_t channel = 0;
    int done = 0, total = 0;

    State(Engine& e, DenseNetImpl& m) : engine(e), model(m) {}

    void finishLayer() {
        torch::Tensor weights;
        if (method == CamMethod::ScoreCam) weights = torch::softmax(scores[layer], 0);
        if (method == CamMethod::AblationCam)
            // y = 0 would make every weight infinite: the differences alone then.
            weights = logit != 0 ? (logit - scores[layer]) / logit : logit - scores[layer];
        result.maps.push_back(internal::camMap(
            layers[layer], internal::camOf(method, a[layer], g[layer], result.eigenSmooth, weights)));
        ++layer;
        channel = 0;
    }
};

CamComputation::CamComputation(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                               CamMethod method, int classIndex, int topk, const LinearHead* head,
                               const CamOptions& options)
    : CamComputation(engine, preprocessedInput(image), layers, method, classIndex, topk, head, options) {}

CamComputation::CamComputation(Engine& engine, const std::vector<float>& chw, int height, int width,
                               const std::vector<std::string>& layers, CamMethod method, int classIndex,
                               int topk, const LinearHead* head, const CamOptions& options)
    : CamComputation(engine, tensorInput(chw, height, width), layers, method, classIndex, topk, head, options) {}

CamComputation::CamComputation(Engine& engine, at::Tensor input, const std::vector<std::string>& layers,
                               CamMethod method, int classIndex, int topk, const LinearHead* head,
                               const CamOptions& options) {
    auto& model = internal::EngineAccess::plainModel(engine);  // logic_error without a model
    d = std::make_unique<State>(engine, model);
    if (!head) head = engine.head().get();  // the engine's taught classes, when it has some
    const int features = int(model.features->norm5->options.num_features());
    if (head && head->featureCount != features)
        throw ConfigError("The head takes " + std::to_string(head->featureCount) +
                          " features, but this model's norm5 has " + std::to_string(features) +
                          ": it was trained on another backbone.");
    if (layers.empty()) throw ConfigError("Name at least one layer for a class activation map.");
    internal::checkLayerNames(model, layers);
    const int classes = head ? head->classes() : model.config.numClasses;
    if (classIndex >= classes)
        throw ConfigError("Class " + std::to_string(classIndex) + " does not exist: this model has " +
                          std::to_string(classes) + " classes (0 to " + std::to_string(classes - 1) +
                          ").");
    if (options.batch < 0 || options.batch > 4096)
        throw ConfigError("The batch of forwards must be from 1 to 4096 (0: automatic); got " +
                          std::to_string(options.batch) + ".");
    const bool gradients = camMethodUsesGradient(method);
    d->head = head;
    d->method = method;
    d->options = options;
    d->layers = layers;
    try {
        // Gradients are needed even when the caller runs under InferenceMode or NoGradGuard.
        c10::InferenceMode notInference(false);
        torch::AutoGradMode grad(gradients);
        const std::set<std::string> wanted(layers.begin(), layers.end());
        std::map<std::string, torch::Tensor> outputs;
        const internal::WalkHook hook = [&](const std::string& name, torch::Tensor out) {
            if (!wanted.count(name)) return out;
            // The first requested module: a fresh leaf, so nothing before it is recorded. The
            // later ones depend on it and are recorded anyway.
            if (gradients && !out.requires_grad()) out = out.detach().requires_grad_(true);
            outputs[name] = out;
            return out;
        };
        // NCHW, as torchvision runs: its CPU convolution kernels are the ones the reference
        // values come from. (Channels-last runs the walk about 1.3x faster but moved densenet121's
        // CAMs by up to 2e-3 of their maximum (Grad-CAM at features.pool0) and 2e-2 (Grad-CAM++
        // at a dense layer): float32 sums in another order, amplified by the backward pass.)
        input = input.to(internal::EngineAccess::device(engine)).contiguous();
        d->input = input;
        torch::Tensor logits;
        if (head) {
            // The head on the pooled features, as torchvision's classifier reads them.
            logits = internal::headLogits(*head, internal::walk(model, input, hook, names::kNorm5));
        } else {
            logits = internal::walk(model, input, hook);
        }

        const auto row = logits[0].detach().to(torch::kCPU, torch::kFloat).contiguous();
        const std::vector<float> values(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
        CamResult& result = d->result;
        result.method = method;
        result.eigenSmooth = options.eigenSmooth && method != CamMethod::EigenCam &&
                             method != CamMethod::EigenGradCam;
        // A taught head names its own classes; else the engine's labels (--labels, ImageNet).
        const std::vector<std::string>& classNames = head ? head->classNames : engine.labels();
        result.top = topPredictions(values, topk, classNames);
        const int target = classIndex < 0 ? result.top.front().index : classIndex;
        for (auto& p : topPredictions(values, classes, classNames))
            if (p.index == target) {
                result.target = std::move(p);
                break;
            }
        d->target = target;
        d->logit = double(values[size_t(target)]);

        std::vector<torch::Tensor> inputs;
        std::vector<std::string> names;
        for (const auto& [name, t] : outputs) {
            names.push_back(name);
            inputs.push_back(t);
        }
        std::vector<torch::Tensor> grads(inputs.size());
        if (gradients)
            grads = torch::autograd::grad({logits[0][target]}, inputs, /*grad_outputs=*/{},
                                          /*retain_graph=*/false, /*create_graph=*/false,
                                          /*allow_unused=*/true);
        for (const auto& layer : layers) {
            const size_t i = size_t(std::find(names.begin(), names.end(), layer) - names.begin());
            d->a.push_back(inputs[i].detach()[0]);
            torch::Tensor g;
            if (gradients) g = grads[i].defined() ? grads[i][0] : torch::zeros_like(d->a.back());
            d->g.push_back(g);
            const int64_t channels = d->a.back().size(0);
            d->scores.push_back(torch::empty({channels}, torch::dtype(torch::kDouble)));
            d->total += int(channels);
        }
        torch::NoGradGuard noGrad;
        if (!camMethodIsPerturbation(method)) {
            while (d->layer < layers.size()) d->finishLayer();
            d->done = d->total;
        }
    } catch (const c10::Error& e) {
        rethrowTorch(e, model.config);
    }
}

CamComputation::~CamComputation() = default;

int CamComputation::step() {
    auto& s = *d;
    try {
        c10::InferenceMode notInference(false);
        torch::NoGradGuard noGrad;
        if (s.layer < s.layers.size()) {
            const auto& a = s.a[s.layer];
            const int64_t channels = a.size(0);
            if (s.method == CamMethod::AblationCam && s.channel == 0)
                s.resume = internal::resumeState(s.model, s.input, s.layers[s.layer]);
            int64_t batch = s.options.batch;
            if (!batch) batch = s.method == CamMethod::ScoreCam ? kScoreBatch : ablationBatch(a);
            const int64_t n = std::min<int64_t>(batch, channels - s.channel);
            const auto out = s.method == CamMethod::ScoreCam
                                 ? internal::scoreCamScores(s.engine, s.model, s.input, a, s.channel, n,
                                                            s.target, s.head)
                                 : internal::ablatedLogits(s.model, s.resume, s.channel, n, s.target, s.head);
            s.scores[s.layer].slice(0, s.channel, s.channel + n).copy_(out);
            s.channel += n;
            s.done += int(n);
            if (s.channel == channels) s.finishLayer();
        }
    } catch (const c10::Error& e) {
        rethrowTorch(e, s.model.config);
    }
    return s.done;
}

int CamComputation::done() const { return d->done; }
int CamComputation::total() const { return d->total; }
bool CamComputation::finished() const { return d->layer >= d->layers.size(); }
const Prediction& CamComputation::target() const { return d->result.target; }

CamResult CamComputation::result() {
    if (!finished()) throw std::logic_error("CamComputation::result() before it finished");
    return d->result;
}

namespace {

void report(const CamOptions& options, int done, int total) {
    if (options.progress && !options.progress(done, total))
        throw Cancelled("Computing the class activation map was cancelled.");
}

// Runs a computation to its end with the options' progress.
CamResult finish(CamComputation& cam, const CamOptions& options) {
    report(options, cam.done(), cam.total());
    while (!cam.finished()) {
        cam.step();
        report(options, cam.done(), cam.total());
    }
    return cam.result();
}

}  // namespace

CamResult computeCams(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                      CamMethod method, int classIndex, int topk, const LinearHead* head) {
    return computeCams(engine, image, layers, method, classIndex, topk, head, CamOptions{});
}

CamResult computeCamsTensor(Engine& engine, const std::vector<float>& chw, int height, int width,
                            const std::vector<std::string>& layers, CamMethod method,
                            int classIndex, int topk, const LinearHead* head) {
    return computeCamsTensor(engine, chw, height, width, layers, method, classIndex, topk, head,
                             CamOptions{});
}

CamResult computeCams(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                      CamMethod method, int classIndex, int topk, const LinearHead* head,
                      const CamOptions& options) {
    if (!camMethodIsPerturbation(method)) report(options, 0, 1);
    CamComputation cam(engine, image, layers, method, classIndex, topk, head, options);
    return finish(cam, options);
}

CamResult computeCamsTensor(Engine& engine, const std::vector<float>& chw, int height, int width,
                            const std::vector<std::string>& layers, CamMethod method,
                            int classIndex, int topk, const LinearHead* head,
                            const CamOptions& options) {
    if (!camMethodIsPerturbation(method)) report(options, 0, 1);
    CamComputation cam(engine, chw, height, width, layers, method, classIndex, topk, head, options);
    return finish(cam, options);
}

}  // namespace ds
