// loadStateDict: copies a state dict into a model by name after checking every key and shape,
// and explains mismatches (including which DenseNet the file's shapes describe).
#include <map>
#include <optional>
#include <regex>

#include "densescope/errors.h"
#include "weights.h"
#include "densescope/module_names.h"

namespace ds {

namespace {

using Shape = std::vector<int64_t>;
using Shapes = std::map<std::string, Shape>;

constexpr size_t kListed = 8;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isOptional(const std::string& key) { return endsWith(key, ".num_batches_tracked"); }

// "module." (DataParallel) is dropped; torchvision's 2017 names are renamed as torchvision does.
std::string canonicalKey(const std::string& key) {
    static const std::regex kLegacy(
        R"(^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$)");
    std::string k = key.rfind("module.", 0) == 0 ? key.substr(7) : key;
    std::smatch m;
    if (std::regex_match(k, m, kLegacy)) return m[1].str() + m[2].str();
    return k;
}

// The DenseNet layout that parameter shapes describe, when they describe one.
std::optional<DenseNetConfig> inferLayout(const Shapes& shapes) {
    auto get = [&](const std::string& k) -> const Shape* {
        auto it = shapes.find(k);
        return it == shapes.end() ? nullptr : &it->second;
    };
    const Shape* conv0 = get(std::string(names::kConv0) + ".weight");
    const Shape* conv1 = get(names::denseLayer(1, 1) + ".conv1.weight");
    const Shape* conv2 = get(names::denseLayer(1, 1) + ".conv2.weight");
    const Shape* fc = get(std::string(names::kClassifier) + ".weight");
    if (!conv0 || !conv1 || !conv2 || !fc || conv0->empty() || conv1->empty() || conv2->empty() ||
        fc->empty() || (*conv2)[0] <= 0)
        return std::nullopt;
    DenseNetConfig c;
    c.name = "custom";
    c.initFeatures = int((*conv0)[0]);
    c.growthRate = int((*conv2)[0]);
    c.bnSize = int((*conv1)[0] / (*conv2)[0]);
    c.numClasses = int((*fc)[0]);
    c.blockConfig.clear();
    for (int b = 1; b < 64; ++b) {
        int layers = 0;
        while (get(names::denseLayer(b, layers + 1) + ".conv2.weight"))
            ++layers;
        if (!layers) break;
        c.blockConfig.push_back(layers);
    }
    if (const Shape* t = get(names::transition(1) + ".conv.weight");
        t && t->size() >= 2 && (*t)[1] > 0)
        c.compression = (*t)[0] == (*t)[1] / 2 ? 0.5 : double((*t)[0]) / double((*t)[1]);
    DenseNetConfig arch = c;
    arch.numClasses = 1000;
    for (const auto& name : DenseNetConfig::variantNames())
        if (DenseNetConfig::variant(name) == arch) c.name = name;
    return c;
}

std::string layoutText(const DenseNetConfig& c) {
    return c.name == "custom" ? "a custom DenseNet (" + c.describe() + ")"
                              : c.name + " (" + c.describe() + ")";
}

// What the file's shapes say when they describe another DenseNet than the model's: a hint for
// the start of the message and, when the file is a whole other layout, that layout.
struct VariantHint {
    std::string text;
    std::optional<DenseNetConfig> layout;
};

VariantHint variantHint(const Shapes& file, const Shapes& model) {
    const auto f = inferLayout(file), m = inferLayout(model);
    if (!f || !m) return {};
    DenseNetConfig fa = *f, ma = *m;
    fa.numClasses = ma.numClasses = 1000;
    if (!(fa == ma))
        return {"These weights are " + layoutText(*f) + ", not " + layoutText(*m) +
                    ": choose the variant or configuration that matches the file.",
                *f};
    if (f->numClasses != m->numClasses)
        return {"The file's classifier has " + std::to_string(f->numClasses) +
                    " classes but the model's has " + std::to_string(m->numClasses) +
                    ": set the number of classes to " + std::to_string(f->numClasses) + ".",
                std::nullopt};
    return {};
}

std::string listText(const std::vector<std::string>& items, const char* one, const char* many) {
    std::string s = std::to_string(items.size()) + " " + (items.size() == 1 ? one : many) + ": ";
    for (size_t i = 0; i < items.size() && i < kListed; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > kListed) s += ", and " + std::to_string(items.size() - kListed) + " more";
    return s;
}

}  // namespace

void loadStateDict(torch::nn::Module& model, StateDict dict, const std::string& source) {
    try {
        std::map<std::string, torch::Tensor> targets;
        Shapes modelShapes;
        for (const auto& p : model.named_parameters(/*recurse=*/true)) targets[p.key()] = p.value();
        for (const auto& b : model.named_buffers(/*recurse=*/true)) targets[b.key()] = b.value();
        for (const auto& [k, t] : targets) modelShapes[k] = t.sizes().vec();

        std::map<std::string, std::string> original;  // canonical -> name in the file
        std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;  // (target, source)
        std::vector<std::string> unexpected, mismatched, missing, duplicated;
        Shapes fileShapes;
        for (auto& [name, tensor] : dict) {
            const std::string key = canonicalKey(name);
            if (!original.emplace(key, name).second) {
                duplicated.push_back(name + " (also given as " + original[key] + ")");
                continue;
            }
            fileShapes[key] = tensor.sizes().vec();
            auto it = targets.find(key);
            if (it == targets.end()) {
                if (!isOptional(key)) unexpected.push_back(name);
                continue;
            }
            if (!tensor.sizes().equals(it->second.sizes())) {
                mismatched.push_back(key + " (file " + shapeText(tensor.sizes().vec()) +
                                     ", model " + shapeText(it->second.sizes().vec()) + ")");
                continue;
            }
            copies.emplace_back(it->second, tensor);
        }
        for (const auto& [key, t] : targets)
            if (!original.count(key) && !isOptional(key)) missing.push_back(key);

        if (!missing.empty() || !unexpected.empty() || !mismatched.empty() || !duplicated.empty()) {
            // The hint first: it is what a person acts on, and the key lists below can be long.
            const VariantHint hint = variantHint(fileShapes, modelShapes);
            std::string msg = hint.text.empty() ? std::string() : hint.text + " ";
            msg += "Cannot load the weights from " + source + " into the model:";
            const char* sep = " ";
            if (!missing.empty())
                msg += sep + listText(missing, "missing key", "missing keys"), sep = "; ";
            if (!unexpected.empty())
                msg += sep + listText(unexpected, "unexpected key", "unexpected keys"), sep = "; ";
            if (!mismatched.empty())
                msg += sep + listText(mismatched, "shape mismatch", "shape mismatches"), sep = "; ";
            if (!duplicated.empty())
                msg += sep + listText(duplicated, "duplicated key", "duplicated keys");
            msg += ".";
            if (hint.text.empty()) msg += " The file was made for a different model.";
            if (hint.layout) throw WeightsLayoutError(msg, *hint.layout);
            throw WeightsError(msg);
        }
        torch::NoGradGuard noGrad;
        // Share the file's tensors rather than copy them: no second copy of the weights.
        for (auto& [target, tensor] : copies) target.set_data(tensor.to(target.scalar_type()));
    } catch (const c10::Error& e) {
        throw WeightsError("Loading the weights from " + source +
                           " failed: " + e.what_without_backtrace());
    }
}

}  // namespace ds
