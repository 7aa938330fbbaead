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

// torchvision's 2017 names are renamed as torchvision does.
std::string canonicalKey(const std::string& key) {
    static const std::regex kLegacy(
        R"(^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$)");
    // No model key is this long; libstdc++'s regex recurses per character, and a hostile
    // file's megabyte-long key must not cost time (or stack).
    if (key.size() > 256) return key;
    std::smatch m;
    if (std::regex_match(key, m, kLegacy)) return m[1].str() + m[2].str();
    return key;
}

// The prefix every key shares ("module.", "model.", "backbone.model.") whose removal makes
// the most keys the model's; "" when none helps. Only whole dotted components are stripped.
std::string sharedPrefix(const StateDict& dict, const std::map<std::string, torch::Tensor>& targets) {
    if (dict.empty()) return {};
    // At most 8 components of at most 256 characters: hostile keys sharing a huge prefix cost
    // no more than real ones.
    std::string common = dict.front().first.substr(0, 256);
    for (const auto& [name, t] : dict) {
        size_t n = 0;
        while (n < common.size() && n < name.size() && common[n] == name[n]) ++n;
        common.resize(n);
    }
    const auto hits = [&](size_t length) {
        size_t h = 0;
        for (const auto& [name, t] : dict) h += targets.count(canonicalKey(name.substr(length)));
        return h;
    };
    size_t best = 0, bestHits = hits(0);
    for (size_t i = 0, dots = 0; i < common.size() && dots < 8; ++i)
        if (common[i] == '.') {
            ++dots;
            if (const size_t h = hits(i + 1); h > bestHits) best = i + 1, bestHits = h;
        }
    return common.substr(0, best);
}

std::string prefixNote(const std::string& prefix, const std::string& source) {
    std::string why;
    if (prefix == "module.") why = " (a model saved from DataParallel)";
    if (prefix == "model.") why = " (a PyTorch Lightning module's model)";
    return "note: every key in " + source + " starts with '" + prefix + "'" + why +
           ": DenseScope stripped that prefix.";
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

// The file's number of classes when the `mismatches` shape mismatches are exactly the
// classifier's weight [N, F] (and bias [N]) against the model's [M, F]; else 0.
int classesOnly(const Shapes& file, const Shapes& model, size_t mismatches) {
    const std::string w = std::string(names::kClassifier) + ".weight";
    const std::string b = std::string(names::kClassifier) + ".bias";
    const auto fw = file.find(w), mw = model.find(w), fb = file.find(b), mb = model.find(b);
    if (fw == file.end() || mw == model.end() || fw->second.size() != 2 || mw->second.size() != 2 ||
        fw->second[1] != mw->second[1] || fw->second[0] == mw->second[0] || fw->second[0] <= 0 ||
        fw->second[0] > (1 << 24))
        return 0;
    size_t expected = 1;
    if (fb != file.end() && mb != model.end()) {
        if (fb->second != Shape{fw->second[0]}) return 0;
        ++expected;
    }
    return mismatches == expected ? int(fw->second[0]) : 0;
}

std::string listText(const std::vector<std::string>& items, const char* one, const char* many) {
    std::string s = std::to_string(items.size()) + " " + (items.size() == 1 ? one : many) + ": ";
    for (size_t i = 0; i < items.size() && i < kListed; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > kListed) s += ", and " + std::to_string(items.size() - kListed) + " more";
    return s;
}

}  // namespace

std::string loadStateDict(torch::nn::Module& model, StateDict dict, const std::string& source,
                          std::vector<std::string>* notes) {
    try {
        std::map<std::string, torch::Tensor> targets;
        Shapes modelShapes;
        for (const auto& p : model.named_parameters(/*recurse=*/true)) targets[p.key()] = p.value();
        for (const auto& b : model.named_buffers(/*recurse=*/true)) targets[b.key()] = b.value();
        for (const auto& [k, t] : targets) modelShapes[k] = t.sizes().vec();

        const std::string prefix = sharedPrefix(dict, targets);
        std::map<std::string, std::string> original;  // canonical -> name in the file
        std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;  // (target, source)
        std::vector<std::string> unexpected, mismatched, missing, duplicated;
        Shapes fileShapes;
        for (auto& [name, tensor] : dict) {
            const std::string key = canonicalKey(name.substr(prefix.size()));
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

        const int fileClasses = classesOnly(fileShapes, modelShapes, mismatched.size());
        // A Teach head (teach.h: only 'weight' [N, C] and 'bias' [N]) given as weights: say so
        // and where it belongs, not "806 missing keys ... made for a different model".
        const torch::Tensor* w = nullptr;
        const torch::Tensor* b = nullptr;
        for (const auto& [name, tensor] : dict) {
            if (name == "weight") w = &tensor;
            if (name == "bias") b = &tensor;
        }
        if (dict.size() == 2 && w && b && w->dim() == 2 && b->dim() == 1 && !missing.empty())
            throw HeadAsWeightsError(
                source + " is a Teach head (taught classes: a classifier of " +
                    std::to_string(w->size(0)) +
                    " classes on the network's pooled features), not the weights of a network. "
                    "Open it in the Teach tab (Teach -> Open...) or give it to densescope-cli "
                    "classify --head, with the network and weights it was taught on loaded.",
                source, int(w->size(0)));
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
            // The values, for callers that word the error themselves (errors.h).
            const auto model = inferLayout(modelShapes);
            if (hint.layout)
                throw WeightsLayoutError(msg, *hint.layout,
                                         {{"file", source},
                                          {"foundName", hint.layout->name},
                                          {"foundLayout", hint.layout->describe()},
                                          {"modelName", model ? model->name : ""},
                                          {"modelLayout", model ? model->describe() : ""}});
            if (missing.empty() && unexpected.empty() && duplicated.empty() && fileClasses > 0)
                throw WeightsClassesError(
                    msg, fileClasses,
                    {{"file", source},
                     {"found", std::to_string(fileClasses)},
                     {"model", model ? std::to_string(model->numClasses) : std::string()}});
            const auto f = inferLayout(fileShapes);
            if (!hint.text.empty() && f && model && f->numClasses != model->numClasses)
                throw WeightsError(msg, ErrorKind::WeightsOtherClasses,
                                   {{"file", source},
                                    {"found", std::to_string(f->numClasses)},
                                    {"model", std::to_string(model->numClasses)}});
            std::string keys;
            for (const auto* list : {&missing, &unexpected, &mismatched, &duplicated})
                for (size_t i = 0; i < list->size() && i < 3; ++i)
                    keys += (keys.empty() ? "" : ", ") + (*list)[i];
            throw WeightsError(msg, ErrorKind::WeightsKeys,
                               {{"file", source},
                                {"missing", std::to_string(missing.size())},
                                {"unexpected", std::to_string(unexpected.size())},
                                {"mismatched", std::to_string(mismatched.size())},
                                {"duplicated", std::to_string(duplicated.size())},
                                {"keys", keys}});
        }
        if (notes && !prefix.empty()) notes->push_back(prefixNote(prefix, source));
        torch::NoGradGuard noGrad;
        // Share the file's tensors rather than copy them: no second copy of the weights.
        for (auto& [target, tensor] : copies) target.set_data(tensor.to(target.scalar_type()));
        return prefix;
    } catch (const c10::Error& e) {
        throw WeightsError("Loading the weights from " + source +
                           " failed: " + e.what_without_backtrace());
    }
}

}  // namespace ds
