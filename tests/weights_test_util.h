#pragma once
// Helpers shared by tst_weights (reading files) and tst_weights_loading (loading, specs).
// LibTorch before Qt: Qt's `slots` macro breaks torch headers included after it.
#include <torch/torch.h>

#include "densenet.h"
#include "densescope/errors.h"
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

#include "fixtures.h"

#include <functional>
#include <map>

namespace weights_test {

inline QString fixture(const QString& name) {
    return qEnvironmentVariable("DENSESCOPE_FIXTURES") + "/" + name;
}
inline std::string weightFile(const QString& name) {
    return fixture("weights/" + name).toStdString();
}

// The tiny fixture model (tests/oracle/make_fixtures.py, via configs.json).
inline ds::DenseNetConfig tinyConfig() { return fixtures::config("tiny"); }

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

// torchvision's rename of its 2017 key names (norm.1.weight -> norm1.weight), as torchvision's
// own loader did it to the fixtures (tests/oracle/make_fixtures.py writes the mapping).
inline std::string modernKey(const std::string& key) {
    static const std::map<std::string, std::string> renamed = [] {
        std::map<std::string, std::string> m;
        for (const char* model : {"tiny", "densenet121"}) {
            QFile f(fixture(QString(model) + ".legacy_keys.json"));
            if (!f.open(QIODevice::ReadOnly)) qFatal("%s.legacy_keys.json missing: run ctest", model);
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            for (auto it = o.begin(); it != o.end(); ++it)
                m[it.key().toStdString()] = it.value().toString().toStdString();
        }
        return m;
    }();
    const auto it = renamed.find(key);
    return it == renamed.end() ? key : it->second;
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
