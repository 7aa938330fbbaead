// A head's backbone: its identity (layout + weights hash), the pooled features it computes,
// and the feature cache (teach.h).
#include <sys/stat.h>

#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"

namespace ds {

const char* const kHeadFeatures = "adaptive_avg_pool2d(relu(features(x)), 1).flatten(1)";

namespace {

std::string joined(const std::vector<int>& blocks, char separator) {
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i)
        out += (i ? std::string(1, separator) : std::string()) + std::to_string(blocks[i]);
    return out;
}

bool statFile(const std::string& path, uint64_t* size, int64_t* mtimeNs) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    *size = uint64_t(st.st_size);
    *mtimeNs = int64_t(st.st_mtim.tv_sec) * 1000000000 + int64_t(st.st_mtim.tv_nsec);
    return true;
}

// Hashing densenet121's 32 MB takes ~0.15 s: once per file version and process.
std::string cachedSha256(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::tuple<std::string, uint64_t, int64_t>, std::string> hashes;
    uint64_t size = 0;
    int64_t mtime = 0;
    if (!statFile(path, &size, &mtime))
        throw WeightsError("Cannot read the weights file '" + path +
                           "' to identify the backbone: it is missing or not a regular file.");
    const auto key = std::make_tuple(path, size, mtime);
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = hashes.find(key);
        if (it != hashes.end()) return it->second;
    }
    const std::string hash = sha256File(path);
    std::lock_guard<std::mutex> lock(mutex);
    hashes[key] = hash;
    return hash;
}

}  // namespace

bool BackboneIdentity::sameLayout(const BackboneIdentity& o) const {
    return config.growthRate == o.config.growthRate && config.blockConfig == o.config.blockConfig &&
           config.initFeatures == o.config.initFeatures && config.bnSize == o.config.bnSize &&
           config.compression == o.config.compression && featureCount == o.featureCount;
}

std::string BackboneIdentity::describe() const {
    std::ostringstream s;
    if (config.name != "custom")
        s << config.name;
    else
        s << "custom (k=" << config.growthRate << " blocks=" << joined(config.blockConfig, '-')
          << " init=" << config.initFeatures << " bn_size=" << config.bnSize
          << " compression=" << config.compression << ")";
    s << " with weights " << weights;
    return s.str();
}

std::string BackboneIdentity::flags() const {
    if (config.name != "custom") return "--variant " + config.name;
    std::ostringstream s;
    s << "--growth-rate " << config.growthRate << " --blocks " << joined(config.blockConfig, ',')
      << " --init-features " << config.initFeatures << " --bn-size " << config.bnSize
      << " --compression " << config.compression;
    return s.str();
}

BackboneIdentity backboneIdentity(const Engine& engine) {
    if (!engine.loaded())
        throw std::logic_error("backboneIdentity called before a model was loaded");
    BackboneIdentity id;
    id.config = engine.config();
    const auto* norm5 = engine.summary().find(names::kNorm5);
    id.featureCount = norm5 ? norm5->outChannels : 0;
    const auto& source = engine.weightsSource();
    if (source.kind == Engine::WeightsSource::Kind::Random) {
        id.weights = "random:" + std::to_string(source.seed);
        id.weightsSpec = id.weights;
    } else {
        id.weights = "sha256:" + cachedSha256(source.path);
        id.weightsSpec =
            source.kind == Engine::WeightsSource::Kind::ImageNet ? "imagenet" : source.path;
    }
    return id;
}

std::vector<float> pooledFeatures(const FeatureMap& norm5) {
    const size_t plane = size_t(norm5.height) * size_t(norm5.width);
    if (plane == 0 || norm5.data.size() != plane * size_t(norm5.channels))
        throw Error("pooledFeatures: the map '" + norm5.layer + "' is empty or inconsistent.");
    std::vector<float> out(size_t(norm5.channels));
    for (int c = 0; c < norm5.channels; ++c) {
        const float* v = norm5.channel(c);
        double sum = 0;
        for (size_t i = 0; i < plane; ++i) sum += v[i] > 0.f ? double(v[i]) : 0.0;
        out[size_t(c)] = float(sum / double(plane));
    }
    return out;
}

std::vector<float> pooledFeatures(Engine& engine, const RgbImage& image, double* forwardMs) {
    const ClassifyResult r = engine.classify(image, 1, {std::string(names::kNorm5)});
    if (forwardMs) *forwardMs = r.timings.preprocessMs + r.timings.forwardMs + r.timings.mapsMs;
    return pooledFeatures(r.maps.at(0));
}

bool FeatureCache::Key::operator<(const Key& o) const {
    return std::tie(backbone, path, size, mtimeNs) <
           std::tie(o.backbone, o.path, o.size, o.mtimeNs);
}

bool FeatureCache::keyFor(const BackboneIdentity& backbone, const std::string& path, Key* key) {
    Key k;
    k.backbone = backbone.describe();
    k.path = path;
    if (!statFile(path, &k.size, &k.mtimeNs)) return false;
    *key = std::move(k);
    return true;
}

const std::vector<float>* FeatureCache::find(const Key& key) const {
    const auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : &it->second;
}

void FeatureCache::insert(const Key& key, std::vector<float> features) {
    m_entries[key] = std::move(features);
}

}  // namespace ds
