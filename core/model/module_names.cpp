#include "densescope/module_names.h"

#include "densescope/errors.h"

namespace ds::names {
namespace {

constexpr const char* kFeatures = "features.";

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// `s` from `pos` holds `word` then a decimal number >= 1 (at most 6 digits), ending at the
// string's end or at a '.': the number, and `pos` moved past it (and past the dot). 0: no match.
int numbered(const std::string& s, size_t& pos, const std::string& word) {
    if (s.compare(pos, word.size(), word) != 0) return 0;
    size_t i = pos + word.size();
    int value = 0, digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (++digits > 6) return 0;
        value = value * 10 + (s[i] - '0');
        ++i;
    }
    if (digits == 0 || value == 0 || s[pos + word.size()] == '0') return 0;
    if (i < s.size() && s[i] != '.') return 0;
    pos = i < s.size() ? i + 1 : i;
    return value;
}

}  // namespace

ModulePath parseChild(const std::string& child) {
    ModulePath p;
    size_t pos = 0;
    if (int b = numbered(child, pos, "denseblock"); b && pos == child.size())
        p = {ModulePath::Kind::DenseBlock, b, 0, {}};
    else if (pos = 0, b = numbered(child, pos, "transition"); b && pos == child.size())
        p = {ModulePath::Kind::Transition, b, 0, {}};
    else if (pos = 0, b = numbered(child, pos, "denselayer"); b && pos == child.size())
        p = {ModulePath::Kind::DenseLayer, 0, b, {}};
    return p;
}

ModulePath parseModule(const std::string& name) {
    ModulePath p;
    if (!startsWith(name, kFeatures)) return p;
    size_t pos = std::char_traits<char>::length(kFeatures);
    if (int b = numbered(name, pos, "transition")) {
        p.kind = ModulePath::Kind::Transition;
        p.block = b;
    } else if ((b = numbered(name, pos, "denseblock"))) {
        p.kind = ModulePath::Kind::DenseBlock;
        p.block = b;
        const size_t at = pos;
        if (int l = numbered(name, pos, "denselayer")) {
            p.kind = ModulePath::Kind::DenseLayer;
            p.layer = l;
        } else {
            pos = at;
        }
    } else {
        return p;
    }
    p.rest = name.substr(pos);
    if (!p.rest.empty() && name[pos - 1] != '.') return {};  // "denseblock1x"
    return p;
}

std::string withoutFeatures(const std::string& name) {
    return startsWith(name, kFeatures) ? name.substr(std::char_traits<char>::length(kFeatures)) : name;
}

void checkLayerNames(const std::vector<std::string>& requested, const std::vector<std::string>& known) {
    auto has = [&](const std::string& n) { return std::find(known.begin(), known.end(), n) != known.end(); };
    for (const auto& name : requested) {
        if (has(name)) continue;
        std::string examples;
        for (const std::string& e : {std::string(kConv0), std::string(kPool0), denseBlock(1),
                                     denseLayer(1, 1), transition(1), std::string(kNorm5)})
            if (has(e)) examples += (examples.empty() ? "" : ", ") + e;
        throw LayerError(
            "Unknown layer '" + name + "'. Layer names are torchvision's module names, e.g. " +
                examples + " (" + std::to_string(known.size()) +
                " in this model; `densescope-cli inspect` "
                "lists them).",
            ErrorKind::UnknownLayer,
            {{"name", name}, {"examples", examples}, {"count", std::to_string(known.size())}});
    }
}

}  // namespace ds::names
