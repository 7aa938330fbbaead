#pragma once
// Helpers shared by tst_weights (reading files) and tst_weights_loading (loading, specs).
// LibTorch before Qt: Qt's `slots` macro breaks torch headers included after it.
#include <torch/torch.h>

#include "densenet.h"
#include "errors.h"
#include "weights.h"

#include <sys/resource.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>
#include <regex>

namespace weights_test {

inline QString fixture(const QString& name) {
    return qEnvironmentVariable("DENSESCOPE_FIXTURES") + "/" + name;
}
inline std::string weightFile(const QString& name) {
    return fixture("weights/" + name).toStdString();
}

inline ds::DenseNetConfig tinyConfig() {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = 8;
    c.blockConfig = {2, 3, 2};
    c.initFeatures = 16;
    c.bnSize = 2;
    return c;
}

// The WeightsError message `fn` throws, or "" (and a failed check) when it does not throw.
inline QString errorOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ds::WeightsError& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return "not a WeightsError: " + QString::fromStdString(e.what());
    }
    return {};
}

inline long maxRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// torchvision's rename of its 2017 key names (the test's own copy of the rule).
inline std::string modernKey(const std::string& key) {
    static const std::regex re(
        R"(^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$)");
    std::smatch m;
    return std::regex_match(key, m, re) ? m[1].str() + m[2].str() : key;
}

inline std::vector<std::string> keysJson(const QString& model) {
    QFile f(fixture(model + ".keys.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    std::vector<std::string> keys;
    for (const auto& v : QJsonDocument::fromJson(f.readAll()).array())
        keys.push_back(v.toString().toStdString());
    return keys;
}

inline std::vector<std::string> namesOf(const ds::StateDict& d, bool modernise = false) {
    std::vector<std::string> names;
    for (const auto& [k, t] : d) names.push_back(modernise ? modernKey(k) : k);
    return names;
}

inline std::map<std::string, torch::Tensor> byName(const ds::StateDict& d, bool modernise = false) {
    std::map<std::string, torch::Tensor> m;
    for (const auto& [k, t] : d) m[modernise ? modernKey(k) : k] = t;
    return m;
}

inline std::map<std::string, torch::Tensor> modelState(torch::nn::Module& m) {
    std::map<std::string, torch::Tensor> s;
    for (const auto& p : m.named_parameters()) s[p.key()] = p.value().detach().clone();
    for (const auto& b : m.named_buffers()) s[b.key()] = b.value().clone();
    return s;
}

// Every tensor of `expected` equals the one of the same name in `actual` (exactly, same dtype).
inline bool sameTensors(const std::map<std::string, torch::Tensor>& expected,
                        const std::map<std::string, torch::Tensor>& actual, QString* why) {
    for (const auto& [k, t] : expected) {
        auto it = actual.find(k);
        if (it == actual.end()) return *why = "missing " + QString::fromStdString(k), false;
        if (t.scalar_type() != it->second.scalar_type() || !t.sizes().equals(it->second.sizes()) ||
            !torch::equal(t, it->second))
            return *why = "differs: " + QString::fromStdString(k), false;
    }
    return true;
}

}  // namespace weights_test
