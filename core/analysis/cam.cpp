// Class activation maps on the plain module behind the engine (the perturbation methods' forwards
// per channel are in cam_perturbation.cpp).
//
// One forward and one backward for any number of modules: the walk's hook turns the first
// requested module's output into a leaf that requires gradients (nothing before it is recorded,
// so the backward stops there; parameters never require gradients), keeps every requested
// module's output, and one autograd::grad call from the class's logit gives all their
// gradients. The CAM arithmetic then runs in double on the float32 A and g, so the result does
// not depend on the order of the sums.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analysis_internal.h"
#include "cam_internal.h"
#include "densescope/analysis.h"
#include "ascii_text.h"
#include "densescope/errors.h"
#include "densescope/labels.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "preprocess_internal.h"
#include "torch_errors.h"

namespace ds {
namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

torch::Tensor channelSum(const torch::Tensor& weighted, bool eigenSmooth) {
    return eigenSmooth ? internal::eigenProjection(weighted) : torch::relu(weighted.sum(0));
}

// CAM [H, W] (double, >= 0) from A and g ([C, H, W], float32), per analysis.h's formulas.
// `weights` [C] (double): Score-CAM's and Ablation-CAM's, computed by the caller.
torch::Tensor camOf(CamMethod method, const torch::Tensor& a32, const torch::Tensor& g32,
                    bool eigenSmooth, const torch::Tensor& weights = {}) {
    const auto a = a32.to(torch::kDouble);
    const auto g = g32.defined() ? g32.to(torch::kDouble) : torch::Tensor();
    switch (method) {
        case CamMethod::GradCam: {
            const auto w = g.mean({1, 2}, /*keepdim=*/true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::GradCamPlusPlus: {
            const auto g2 = g * g;
            const auto g3 = g2 * g;
            const auto sumA = a.sum({1, 2}, /*keepdim=*/true);
            auto alpha = g2 / (2.0 * g2 + sumA * g3 + 1e-6);
            alpha = torch::where(g != 0, alpha, torch::zeros_like(alpha));
            const auto w = (torch::relu(g) * alpha).sum({1, 2}, /*keepdim=*/true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::LayerCam:
            return channelSum(torch::relu(g) * a, eigenSmooth);
        case CamMethod::HiResCam:
            return channelSum(g * a, eigenSmooth);
        case CamMethod::GradCamElementWise:
            return channelSum(torch::relu(g * a), eigenSmooth);
        case CamMethod::XGradCam: {
            const auto w = (g * a).sum({1, 2}, true) / (a.sum({1, 2}, true) + 1e-7);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::EigenCam:
            return internal::eigenProjection(a);
        case CamMethod::EigenGradCam:
            return internal::eigenProjection(g * a);
        case CamMethod::Fem: {
            const auto mean = a.mean({1, 2}, true);
            const auto sd = a.std({1, 2}, /*unbiased=*/false, /*keepdim=*/true);
            const auto w = (a > mean + 2.0 * sd).to(torch::kDouble).mean({1, 2}, true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::ScoreCam:
        case CamMethod::AblationCam:
            return channelSum(weights.to(a.device()).view({-1, 1, 1}) * a, eigenSmooth);
    }
    throw std::logic_error("unknown CAM method");
}

CamMap camMap(const std::string& layer, const torch::Tensor& cam) {
    const auto host = cam.to(torch::kCPU, torch::kFloat).contiguous();
    CamMap m;
    m.layer = layer;
    m.height = int(host.size(0));
    m.width = int(host.size(1));
    const float* p = host.data_ptr<float>();
    m.values.assign(p, p + host.numel());
    for (size_t i = 0; i < m.values.size(); ++i)
        if (m.values[i] > m.max || i == 0) {
            m.max = m.values[i];
            m.argmaxY = int(i) / m.width;
            m.argmaxX = int(i) % m.width;
        }
    return m;
}

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
        result.maps.push_back(camMap(layers[layer], camOf(method, a[layer], g[layer], result.eigenSmooth, weights)));
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

const char* camMethodName(CamMethod m) {
    switch (m) {
        case CamMethod::GradCam: return "gradcam";
        case CamMethod::GradCamPlusPlus: return "gradcampp";
        case CamMethod::LayerCam: return "layercam";
        case CamMethod::HiResCam: return "hirescam";
        case CamMethod::GradCamElementWise: return "gradcamelementwise";
        case CamMethod::XGradCam: return "xgradcam";
        case CamMethod::EigenCam: return "eigencam";
        case CamMethod::EigenGradCam: return "eigengradcam";
        case CamMethod::ScoreCam: return "scorecam";
        case CamMethod::AblationCam: return "ablationcam";
        case CamMethod::Fem: return "fem";
    }
    return "gradcam";
}

const std::vector<CamMethod>& allCamMethods() {
    static const std::vector<CamMethod> all{
        CamMethod::GradCam,  CamMethod::GradCamPlusPlus, CamMethod::LayerCam,
        CamMethod::HiResCam, CamMethod::GradCamElementWise, CamMethod::XGradCam,
        CamMethod::EigenCam, CamMethod::EigenGradCam, CamMethod::ScoreCam,
        CamMethod::AblationCam, CamMethod::Fem};
    return all;
}

std::string camMethodList() {
    std::string out;
    for (CamMethod m : allCamMethods()) out += (out.empty() ? "" : ", ") + std::string(camMethodName(m));
    return out;
}

bool camMethodUsesGradient(CamMethod m) {
    return m != CamMethod::EigenCam && m != CamMethod::ScoreCam && m != CamMethod::AblationCam &&
           m != CamMethod::Fem;
}

bool camMethodIsPerturbation(CamMethod m) {
    return m == CamMethod::ScoreCam || m == CamMethod::AblationCam;
}

bool camMethodIsClassIndependent(CamMethod m) { return m == CamMethod::EigenCam || m == CamMethod::Fem; }

CamMethod parseCamMethod(const std::string& text) {
    const std::string t = asciiLower(trimmed(text));
    for (CamMethod m : allCamMethods())
        if (t == camMethodName(m)) return m;
    throw ConfigError("Unknown CAM method '" + text + "': use one of " + camMethodList() + ".");
}

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

std::vector<std::string> camStripLayers(const DenseNetConfig& config) {
    std::vector<std::string> out{names::kPool0};
    const int blocks = int(config.blockConfig.size());
    for (int b = 1; b <= blocks; ++b) {
        out.push_back(names::denseBlock(b));
        if (b < blocks) out.push_back(names::transition(b));
    }
    return out;
}

int parseClass(const std::string& text, int numClasses, const std::vector<std::string>& given) {
    const std::string t = trimmed(text);
    if (t.empty()) throw ConfigError("Give a class as an index or a label, e.g. 281 or tabby.");
    if (std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); })) {
        const long long index = t.size() > 9 ? -1 : std::stoll(t);
        if (index < 0 || index >= numClasses)
            throw ConfigError("Class " + t + " does not exist: this model has " +
                              std::to_string(numClasses) + " classes (0 to " +
                              std::to_string(numClasses - 1) + ").");
        return int(index);
    }
    std::vector<std::string> labels;
    if (int(given.size()) == numClasses) {
        labels = given;
    } else if (numClasses == int(imagenetLabels().size())) {
        labels = imagenetLabels();
    } else {
        for (int i = 0; i < numClasses; ++i) labels.push_back("class " + std::to_string(i));
    }
    const std::string want = asciiLower(t);
    for (size_t i = 0; i < labels.size(); ++i)
        if (asciiLower(labels[i]) == want) return int(i);
    // "persian" -> "Persian cat"; "tabby cat" -> "tabby". Unique matches only.
    std::vector<int> candidates;
    for (size_t i = 0; i < labels.size(); ++i) {
        const std::string l = asciiLower(labels[i]);
        if (l.rfind(want + " ", 0) == 0 || want.rfind(l + " ", 0) == 0) candidates.push_back(int(i));
    }
    if (candidates.size() == 1) return candidates.front();
    if (candidates.empty())
        throw ConfigError("No class is called '" + t + "'" +
                          (int(given.size()) == numClasses ? std::string(" among the given labels")
                           : labels.size() == 1000 ? std::string(" among the 1000 ImageNet labels")
                                                   : std::string()) +
                          ". Give its index (0 to " + std::to_string(numClasses - 1) +
                          ") or a label as `densescope-cli classify` prints it.");
    std::string list;
    for (size_t i = 0; i < candidates.size() && i < 8; ++i)
        list += (i ? ", " : "") + labels[size_t(candidates[i])] + " (" +
                std::to_string(candidates[i]) + ")";
    throw ConfigError("'" + t + "' could mean several classes: " + list +
                      (candidates.size() > 8 ? ", ..." : "") + ". Give the full label or its index.");
}

}  // namespace ds
