// Class activation maps (Grad-CAM, Grad-CAM++, LayerCAM) on the plain module behind the engine.
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

// CAM [H, W] (double, >= 0) from A and g ([C, H, W], float32), per analysis.h's formulas.
torch::Tensor camOf(CamMethod method, const torch::Tensor& a32, const torch::Tensor& g32) {
    const auto a = a32.to(torch::kDouble);
    const auto g = g32.to(torch::kDouble);
    switch (method) {
        case CamMethod::GradCam: {
            const auto w = g.mean({1, 2}, /*keepdim=*/true);
            return torch::relu((w * a).sum(0));
        }
        case CamMethod::GradCamPlusPlus: {
            const auto g2 = g * g;
            const auto g3 = g2 * g;
            const auto sumA = a.sum({1, 2}, /*keepdim=*/true);
            auto alpha = g2 / (2.0 * g2 + sumA * g3 + 1e-6);
            alpha = torch::where(g != 0, alpha, torch::zeros_like(alpha));
            const auto w = (torch::relu(g) * alpha).sum({1, 2}, /*keepdim=*/true);
            return torch::relu((w * a).sum(0));
        }
        case CamMethod::LayerCam:
            return torch::relu((torch::relu(g) * a).sum(0));
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

CamResult computeOn(Engine& engine, torch::Tensor input, const std::vector<std::string>& layers,
                    CamMethod method, int classIndex, int topk, const LinearHead* head) {
    auto& model = internal::EngineAccess::plainModel(engine);  // logic_error without a model
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
    try {
        // Gradients are needed even when the caller runs under InferenceMode or NoGradGuard.
        c10::InferenceMode notInference(false);
        torch::AutoGradMode grad(true);
        const std::set<std::string> wanted(layers.begin(), layers.end());
        std::map<std::string, torch::Tensor> outputs;
        const internal::WalkHook hook = [&](const std::string& name, torch::Tensor out) {
            if (!wanted.count(name)) return out;
            // The first requested module: a fresh leaf, so nothing before it is recorded. The
            // later ones depend on it and are recorded anyway.
            if (!out.requires_grad()) out = out.detach().requires_grad_(true);
            outputs[name] = out;
            return out;
        };
        // NCHW, as torchvision runs: its CPU convolution kernels are the ones the reference
        // values come from. (Channels-last runs the walk about 1.3x faster but moved densenet121's
        // CAMs by up to 2e-3 of their maximum (Grad-CAM at features.pool0) and 2e-2 (Grad-CAM++
        // at a dense layer): float32 sums in another order, amplified by the backward pass.)
        input = input.to(internal::EngineAccess::device(engine)).contiguous();
        torch::Tensor logits;
        if (head) {
            // The head on the pooled features, as torchvision's classifier reads them.
            const auto norm5 = internal::walk(model, input, hook, names::kNorm5);
            const auto pooled = torch::adaptive_avg_pool2d(torch::relu(norm5), {1, 1}).flatten(1);
            const auto w = torch::from_blob(const_cast<float*>(head->weight.data()),
                                            {head->classes(), features}, torch::kFloat);
            const auto b = torch::from_blob(const_cast<float*>(head->bias.data()),
                                            {head->classes()}, torch::kFloat);
            logits = torch::linear(pooled, w.to(pooled.device()), b.to(pooled.device()));
        } else {
            logits = internal::walk(model, input, hook);
        }

        const auto row = logits[0].detach().to(torch::kCPU, torch::kFloat).contiguous();
        const std::vector<float> values(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
        CamResult result;
        result.method = method;
        // A taught head names its own classes; else the engine's labels (--labels, ImageNet).
        const std::vector<std::string>& classNames = head ? head->classNames : engine.labels();
        result.top = topPredictions(values, topk, classNames);
        const int target = classIndex < 0 ? result.top.front().index : classIndex;
        for (auto& p : topPredictions(values, classes, classNames))
            if (p.index == target) {
                result.target = std::move(p);
                break;
            }

        std::vector<torch::Tensor> inputs;
        std::vector<std::string> names;
        for (const auto& [name, t] : outputs) {
            names.push_back(name);
            inputs.push_back(t);
        }
        const auto grads = torch::autograd::grad({logits[0][target]}, inputs, /*grad_outputs=*/{},
                                                 /*retain_graph=*/false, /*create_graph=*/false,
                                                 /*allow_unused=*/true);
        torch::NoGradGuard noGrad;
        for (const auto& layer : layers) {
            const size_t i = size_t(std::find(names.begin(), names.end(), layer) - names.begin());
            const auto a = inputs[i].detach()[0];
            const auto g = grads[i].defined() ? grads[i][0] : torch::zeros_like(a);
            result.maps.push_back(camMap(layer, camOf(method, a, g)));
        }
        return result;
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw Error("Out of memory while computing a class activation map for " +
                        model.config.describe() + ".");
        throw Error("Computing the class activation map failed: " +
                    std::string(e.what_without_backtrace()));
    }
}

}  // namespace

const char* camMethodName(CamMethod m) {
    switch (m) {
        case CamMethod::GradCam: return "gradcam";
        case CamMethod::GradCamPlusPlus: return "gradcampp";
        case CamMethod::LayerCam: return "layercam";
    }
    return "gradcam";
}

CamMethod parseCamMethod(const std::string& text) {
    const std::string t = asciiLower(trimmed(text));
    for (CamMethod m : {CamMethod::GradCam, CamMethod::GradCamPlusPlus, CamMethod::LayerCam})
        if (t == camMethodName(m)) return m;
    throw ConfigError("Unknown CAM method '" + text + "': use gradcam, gradcampp or layercam.");
}

CamResult computeCams(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                      CamMethod method, int classIndex, int topk, const LinearHead* head) {
    torch::Tensor input;
    {
        c10::InferenceMode notInference(false);
        input = preprocessToTensor(image);  // throws ImageError
    }
    return computeOn(engine, std::move(input), layers, method, classIndex, topk, head);
}

CamResult computeCamsTensor(Engine& engine, const std::vector<float>& chw, int height, int width,
                            const std::vector<std::string>& layers, CamMethod method,
                            int classIndex, int topk, const LinearHead* head) {
    if (height < 32 || width < 32 || chw.size() != size_t(3) * height * width)
        throw ImageError("The input tensor must be float32 [3, H, W] with H, W >= 32; got " +
                         std::to_string(chw.size()) + " values for " + std::to_string(height) +
                         "x" + std::to_string(width) + ".");
    c10::InferenceMode notInference(false);
    auto input = torch::from_blob(const_cast<float*>(chw.data()), {1, 3, height, width},
                                  torch::kFloat)
                     .clone();
    return computeOn(engine, std::move(input), layers, method, classIndex, topk, head);
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
