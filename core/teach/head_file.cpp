// A linear head's arithmetic and its .safetensors file (teach.h; the format is described in
// docs/architecture.md, "Head files"). Reading goes through the bounded safetensors reader.
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <sstream>

#include "binary_file.h"
#include "densescope/atomic_file.h"
#include "densescope/errors.h"
#include "densescope/teach.h"
#include "densescope/version.h"
#include "state_dict_internal.h"

namespace ds {
namespace {

constexpr const char* kFormat = "densescope.linear_head.v1";

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string blocksText(const std::vector<int>& blocks) {
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i) out += (i ? "," : "") + std::to_string(blocks[i]);
    return out;
}

std::string numberText(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

void appendFloats(std::string& out, const std::vector<float>& values) {
    for (const float v : values) {
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        for (int i = 0; i < 4; ++i) out += char((bits >> (8 * i)) & 0xff);  // little-endian
    }
}

}  // namespace

std::vector<float> LinearHead::logits(const std::vector<float>& pooled) const {
    if (int(pooled.size()) != featureCount)
        throw ConfigError("The head takes " + std::to_string(featureCount) + " features; got " +
                          std::to_string(pooled.size()) + ".");
    const size_t C = size_t(featureCount);
    std::vector<float> out(classNames.size());
    for (size_t k = 0; k < out.size(); ++k) {
        double sum = bias[k];
        const float* w = weight.data() + k * C;
        for (size_t c = 0; c < C; ++c) sum += double(w[c]) * double(pooled[c]);
        out[k] = float(sum);
    }
    return out;
}

std::vector<Prediction> LinearHead::predict(const std::vector<float>& pooled, int topk) const {
    auto top = topPredictions(logits(pooled), topk);
    for (auto& p : top) p.label = classNames.at(size_t(p.index));
    return top;
}

void saveHead(const LinearHead& head, const std::string& path) {
    const size_t N = head.classNames.size(), C = size_t(head.featureCount);
    if (N < 2 || C < 1 || head.weight.size() != N * C || head.bias.size() != N)
        throw Error("saveHead: the head's sizes disagree (" + std::to_string(N) + " classes, " +
                    std::to_string(C) + " features).");
    const auto& b = head.backbone;
    std::string classes = "[";
    for (size_t k = 0; k < N; ++k) classes += (k ? ", " : "") + jsonString(head.classNames[k]);
    classes += "]";
    std::vector<std::pair<std::string, std::string>> meta = {
        {"format", kFormat},
        {"classes", classes},
        {"backbone.variant", b.config.name},
        {"backbone.growth_rate", std::to_string(b.config.growthRate)},
        {"backbone.block_config", blocksText(b.config.blockConfig)},
        {"backbone.init_features", std::to_string(b.config.initFeatures)},
        {"backbone.bn_size", std::to_string(b.config.bnSize)},
        {"backbone.compression", numberText(b.config.compression)},
        {"backbone.weights", b.weights},
        {"backbone.weights_spec", b.weightsSpec},
        {"features", kHeadFeatures},
        {"feature_count", std::to_string(C)},
        {"densescope_version", version()},
    };
    // How it was trained (optional; a reopened head shows them again).
    const HeadTraining& t = head.training;
    if (!t.curve.empty()) {
        std::string curve;
        for (const auto& e : t.curve)
            curve += (curve.empty() ? "" : ";") + std::to_string(e.epoch) + " " +
                     numberText(e.trainLoss) + " " + numberText(e.trainAccuracy) + " " +
                     numberText(e.holdoutAccuracy);
        meta.push_back({"training.curve", curve});
    }
    if (t.confusion.size() == N) {
        std::string rows;
        for (size_t i = 0; i < N; ++i) {
            rows += i ? ";" : "";
            for (size_t j = 0; j < t.confusion[i].size(); ++j)
                rows += (j ? "," : "") + std::to_string(t.confusion[i][j]);
        }
        meta.push_back({"training.confusion", rows});
        meta.push_back({"training.holdout_accuracy", numberText(t.holdoutAccuracy)});
    }
    std::string header = "{\"__metadata__\": {";
    for (size_t i = 0; i < meta.size(); ++i)
        header += (i ? ", " : "") + jsonString(meta[i].first) + ": " + jsonString(meta[i].second);
    const size_t biasBytes = 4 * N, weightBytes = 4 * N * C;
    header += "}, \"bias\": {\"dtype\": \"F32\", \"shape\": [" + std::to_string(N) +
              "], \"data_offsets\": [0, " + std::to_string(biasBytes) + "]}";
    header += ", \"weight\": {\"dtype\": \"F32\", \"shape\": [" + std::to_string(N) + ", " +
              std::to_string(C) + "], \"data_offsets\": [" + std::to_string(biasBytes) + ", " +
              std::to_string(biasBytes + weightBytes) + "]}}";
    while (header.size() % 8) header += ' ';  // the format's alignment of the data
    std::string bytes;
    for (int i = 0; i < 8; ++i) bytes += char((uint64_t(header.size()) >> (8 * i)) & 0xff);
    bytes += header;
    appendFloats(bytes, head.bias);
    appendFloats(bytes, head.weight);

    writeFileAtomically(path, bytes);  // densescope/atomic_file.h: a temporary, fsync, rename
}

namespace {
// ImageNet-21k has 21,841 classes; more than this is a damaged or hostile file, refused before
// its names are kept.
constexpr size_t kMaxClasses = 100'000;

int metaInt(const std::map<std::string, std::string>& meta, const std::string& key,
            const std::string& src, int lo, int hi) {
    const auto it = meta.find(key);
    if (it == meta.end()) throw WeightsError(src + ": the head's metadata lacks '" + key + "'.");
    const char* s = it->second.c_str();
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        throw WeightsError(src + ": the head's metadata '" + key + "' is '" + it->second +
                           "', not a whole number from " + std::to_string(lo) + " to " +
                           std::to_string(hi) + ".");
    return int(v);
}

std::string metaText(const std::map<std::string, std::string>& meta, const std::string& key,
                     const std::string& src) {
    const auto it = meta.find(key);
    if (it == meta.end()) throw WeightsError(src + ": the head's metadata lacks '" + key + "'.");
    return it->second;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        const size_t end = text.find(sep, start);
        parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

bool finiteNumber(const std::string& text, double* value) {
    char* end = nullptr;
    *value = std::strtod(text.c_str(), &end);
    return !text.empty() && !*end && std::isfinite(*value);
}

// The optional training record: anything malformed leaves it empty (the head itself is fine;
// the panel then says the curve and the matrix were not saved).
HeadTraining parseTraining(const std::map<std::string, std::string>& meta, size_t classes) {
    constexpr size_t kMaxEpochs = 1'000'000, kMaxMatrix = 1'000;
    HeadTraining t;
    if (const auto it = meta.find("training.curve"); it != meta.end() && !it->second.empty()) {
        const auto rows = split(it->second, ';');
        if (rows.size() > kMaxEpochs) return {};
        for (const auto& row : rows) {
            const auto v = split(row, ' ');
            double n[4];
            if (v.size() != 4) return {};
            for (int i = 0; i < 4; ++i)
                if (!finiteNumber(v[size_t(i)], &n[i])) return {};
            if (n[0] < 1 || n[0] > double(kMaxEpochs)) return {};
            t.curve.push_back({int(n[0]), n[1], n[2], n[3]});
        }
    }
    const auto matrix = meta.find("training.confusion");
    if (matrix != meta.end() && classes <= kMaxMatrix) {
        const auto rows = split(matrix->second, ';');
        if (rows.size() != classes) return {};
        for (const auto& row : rows) {
            const auto cells = split(row, ',');
            if (cells.size() != classes) return {};
            std::vector<int> counts;
            for (const auto& cell : cells) {
                double v = 0;
                if (!finiteNumber(cell, &v) || v < 0 || v > 1e9 || v != std::floor(v)) return {};
                counts.push_back(int(v));
            }
            t.confusion.push_back(std::move(counts));
        }
        double accuracy = -1;
        const auto a = meta.find("training.holdout_accuracy");
        if (a != meta.end() && finiteNumber(a->second, &accuracy) && accuracy >= -1 &&
            accuracy <= 1)
            t.holdoutAccuracy = accuracy;
    }
    return t;
}

std::vector<float> floats(const torch::Tensor& t) {
    const auto c = t.contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

LinearHead loadHead(const std::string& path) {
    BinaryFile file(path);
    const std::string src = file.quoted();
    std::vector<std::pair<std::string, std::string>> metaList;
    const StateDict tensors = detail::readSafetensors(file, &metaList);
    const std::map<std::string, std::string> meta(std::make_move_iterator(metaList.begin()),
                                                  std::make_move_iterator(metaList.end()));
    const auto format = meta.find("format");
    if (format == meta.end() || format->second != kFormat)
        throw WeightsError(src + " is not a DenseScope head file (its metadata lacks format '" +
                           kFormat + "'): make one with densescope-cli train-head.");
    LinearHead head;
    head.classNames = detail::parseJsonStringArray(metaText(meta, "classes", src),
                                                   src + " (the class names)", kMaxClasses);
    for (const auto& name : head.classNames)
        if (name.empty()) throw WeightsError(src + ": a class name is empty.");
    auto& b = head.backbone;
    b.config.name = metaText(meta, "backbone.variant", src);
    b.config.growthRate = metaInt(meta, "backbone.growth_rate", src, 1, 100000);
    b.config.initFeatures = metaInt(meta, "backbone.init_features", src, 1, 100000);
    b.config.bnSize = metaInt(meta, "backbone.bn_size", src, 1, 100000);
    head.featureCount = metaInt(meta, "feature_count", src, 1, 1 << 24);
    b.featureCount = head.featureCount;
    const std::string compression = metaText(meta, "backbone.compression", src);
    char* end = nullptr;
    b.config.compression = std::strtod(compression.c_str(), &end);
    if (compression.empty() || *end)
        throw WeightsError(src + ": the head's metadata 'backbone.compression' is not a number.");
    try {
        b.config.blockConfig =
            DenseNetConfig::parseBlocks(metaText(meta, "backbone.block_config", src));
        b.config.validate();
        const ModelSummary summary = summarize(b.config);  // find() points into it
        const auto* norm5 = summary.find("features.norm5");
        if (!norm5 || norm5->outChannels != head.featureCount)
            throw WeightsError(src + ": the metadata says " + std::to_string(head.featureCount) +
                               " features, but its backbone layout has " +
                               std::to_string(norm5 ? norm5->outChannels : 0) + ".");
    } catch (const ConfigError& e) {
        throw WeightsError(src + ": the head's backbone layout is invalid: " + e.what());
    }
    b.weights = metaText(meta, "backbone.weights", src);
    const auto spec = meta.find("backbone.weights_spec");
    b.weightsSpec = spec == meta.end() ? std::string() : spec->second;

    const torch::Tensor *weight = nullptr, *bias = nullptr;
    for (const auto& [name, t] : tensors) {
        if (name == "weight")
            weight = &t;
        else if (name == "bias")
            bias = &t;
        else
            throw WeightsError(src + ": unexpected tensor '" + name +
                               "' (a head file holds only 'weight' and 'bias').");
    }
    const int64_t N = int64_t(head.classNames.size()), C = head.featureCount;
    if (!weight || !bias)
        throw WeightsError(src + ": the head file lacks its '" +
                           std::string(weight ? "bias" : "weight") + "' tensor.");
    if (weight->scalar_type() != torch::kFloat || bias->scalar_type() != torch::kFloat)
        throw WeightsError(src + ": the head's tensors must be floating point.");
    if (N < 2)
        throw WeightsError(src + ": a head needs at least 2 class names; it has " +
                           std::to_string(N) + ".");
    if (weight->sizes() != torch::IntArrayRef{N, C} || bias->sizes() != torch::IntArrayRef{N})
        throw WeightsError(src + ": 'weight' is " + shapeText(weight->sizes().vec()) +
                           " and 'bias' " + shapeText(bias->sizes().vec()) +
                           ", but the metadata says " + std::to_string(N) + " classes of " +
                           std::to_string(C) + " features: weight must be [" + std::to_string(N) +
                           ", " + std::to_string(C) + "], bias [" + std::to_string(N) + "].");
    head.training = parseTraining(meta, size_t(N));
    head.weight = floats(*weight);
    head.bias = floats(*bias);
    for (const float v : head.weight)
        if (!std::isfinite(v)) throw WeightsError(src + ": 'weight' holds a non-finite value.");
    for (const float v : head.bias)
        if (!std::isfinite(v)) throw WeightsError(src + ": 'bias' holds a non-finite value.");
    return head;
}

void checkHeadBackbone(const LinearHead& head, const BackboneIdentity& loaded,
                       const std::string& headSource) {
    const auto& need = head.backbone;
    const bool layout = need.sameLayout(loaded);
    if (layout && need.weights == loaded.weights) return;
    std::string weights =
        "--weights " + (need.weightsSpec.empty() ? need.weights : need.weightsSpec);
    if (need.weights.rfind("sha256:", 0) == 0)
        weights += " (a file with SHA-256 " + need.weights.substr(7) + ")";
    throw WeightsError("The head '" + headSource + "' was trained on " + need.describe() +
                       ", but the loaded model is " + loaded.describe() + " (" +
                       (layout ? "other weights" : "another layout") +
                       "). Load the backbone it needs: " + need.flags() + " " + weights + ".");
}

}  // namespace ds
