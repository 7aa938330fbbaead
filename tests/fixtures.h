#pragma once
// Shared helpers for tests that read the torchvision reference fixtures
// (tests/oracle/make_fixtures.py, run by CTest before the tests).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QtTest>

#include <cmath>
#include <string>

#include "config.h"
#include "npy.h"

namespace fixtures {

inline QString dir() { return qEnvironmentVariable("DENSESCOPE_FIXTURES"); }
inline std::string path(const QString& name) { return (dir() + "/" + name).toStdString(); }

inline QJsonDocument json(const QString& name) {
    QFile f(dir() + "/" + name);
    if (!f.open(QIODevice::ReadOnly)) qFatal("fixture %s missing: run the tests through ctest", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll());
}

// The DenseNetConfig of a fixture model ("tiny", "densenet121") from configs.json.
inline ds::DenseNetConfig config(const QString& model) {
    const auto o = json("configs.json").object().value(model).toObject();
    ds::DenseNetConfig c;
    c.name = model == "densenet121" ? "densenet121" : "custom";
    c.growthRate = o.value("growth_rate").toInt();
    c.blockConfig.clear();
    for (const auto& b : o.value("block_config").toArray()) c.blockConfig.push_back(b.toInt());
    c.initFeatures = o.value("init_features").toInt();
    c.bnSize = o.value("bn_size").toInt();
    return c;
}

inline QStringList mapLayers(const QString& model) {
    QStringList out;
    for (const auto& v : json("configs.json").object().value(model).toObject().value("layers").toArray())
        out << v.toString();
    return out;
}

// Largest absolute difference; fails the test on a size mismatch.
inline double maxAbsDiff(const float* a, const float* b, size_t n) {
    double worst = 0;
    for (size_t i = 0; i < n; ++i) worst = std::max(worst, double(std::fabs(a[i] - b[i])));
    return worst;
}

}  // namespace fixtures
