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
#include <limits>
#include <string>

#include "densescope/config.h"
#include "densescope/npy.h"

namespace fixtures {

inline QString dir() { return qEnvironmentVariable("DENSESCOPE_FIXTURES"); }

// The AddressSanitizer + UBSan build (./dev test's second run; CMake sets the variable for
// its tests). Full-size densenet121 cases skip there: they check numerics, which the release
// run checks, and run the same code as the tiny model's cases, ten times slower instrumented.
inline bool sanitized() { return qEnvironmentVariableIsSet("DENSESCOPE_SANITIZED"); }
#define DS_SKIP_FULL_SIZE_WHEN_SANITIZED()                                                    \
    do {                                                                                      \
        if (fixtures::sanitized())                                                            \
            QSKIP("full-size densenet121: checked by the release run (tests/fixtures.h)");    \
    } while (false)
// The sanitizer stage builds no widget code, so the densescope program is not there: its cases
// run in the release stage.
#define DS_SKIP_WINDOW_PROGRAM_WHEN_SANITIZED()                                               \
    do {                                                                                      \
        if (fixtures::sanitized())                                                            \
            QSKIP("the densescope program: the sanitizer stage builds no widgets (tests/CMakeLists.txt)"); \
    } while (false)
inline std::string path(const QString& name) { return (dir() + "/" + name).toStdString(); }

inline QJsonDocument json(const QString& name) {
    QFile f(dir() + "/" + name);
    if (!f.open(QIODevice::ReadOnly)) qFatal("fixture %s missing: run the tests through ctest", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll());
}

// The DenseNetConfig of a fixture model ("tiny", "densenet121") from configs.json.
// A layout as the oracle scripts write it: growth_rate, block_config, init_features, bn_size
// and, when given, num_classes. The name is "custom"; callers name torchvision's variants.
inline ds::DenseNetConfig layoutFromJson(const QJsonObject& o) {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = o.value("growth_rate").toInt();
    c.blockConfig.clear();
    for (const auto& b : o.value("block_config").toArray()) c.blockConfig.push_back(b.toInt());
    c.initFeatures = o.value("init_features").toInt();
    c.bnSize = o.value("bn_size").toInt();
    c.numClasses = o.value("num_classes").toInt(c.numClasses);
    return c;
}

inline ds::DenseNetConfig config(const QString& model) {
    ds::DenseNetConfig c = layoutFromJson(json("configs.json").object().value(model).toObject());
    if (model == "densenet121") c.name = "densenet121";
    return c;
}

// The same model as the command-line flags of densescope and densescope-cli.
inline QStringList configFlags(const ds::DenseNetConfig& c) {
    QStringList blocks;
    for (int b : c.blockConfig) blocks << QString::number(b);
    return {"--growth-rate",   QString::number(c.growthRate),   "--blocks",  blocks.join(','),
            "--init-features", QString::number(c.initFeatures), "--bn-size", QString::number(c.bnSize)};
}

inline QStringList mapLayers(const QString& model) {
    QStringList out;
    for (const auto& v : json("configs.json").object().value(model).toObject().value("layers").toArray())
        out << v.toString();
    return out;
}

// Largest absolute difference over n values. NaN-aware: a NaN or infinity on either side
// (where the other side does not hold the very same infinity) makes the result +infinity, so
// `diff < tolerance` fails. (std::max would silently drop NaN: an all-NaN output would pass.)
// Callers compare the sizes themselves.
inline double maxAbsDiff(const float* a, const float* b, size_t n) {
    double worst = 0;
    for (size_t i = 0; i < n; ++i) {
        if (a[i] == b[i]) continue;  // includes equal infinities
        const double d = std::fabs(double(a[i]) - double(b[i]));
        if (!(d <= worst)) worst = std::isfinite(d) ? d : std::numeric_limits<double>::infinity();
    }
    return worst;
}

}  // namespace fixtures
