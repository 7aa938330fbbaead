#pragma once
// The torchvision parity check shared by tst_model (plain module) and tst_fast_path (fast
// path): logits and the fixture's feature maps for input256, each within a tolerance.
// Include after LibTorch headers (fixtures.h pulls in Qt).
#include <functional>

#include "densescope/engine.h"
#include "fixtures.h"

namespace fixtures {

inline std::vector<float> loadInput(const QString& name = "input256.npy") {
    const auto a = ds::readNpy(path(name));
    return std::vector<float>(a.f32(), a.f32() + a.numel());
}

// mapTolerance(reference, count) is the largest absolute difference allowed for one map.
// Returns what differs, for a person (empty when everything is within tolerance). `input`
// is the float32 [3, 224, 224] network input (the fixture's input256 by default).
inline QString parityError(ds::Engine& engine, const QString& model, double logitTolerance,
                           const std::function<double(const float*, size_t)>& mapTolerance,
                           const std::vector<float>& input = loadInput()) {
    std::vector<std::string> layers;
    for (const auto& l : mapLayers(model)) layers.push_back(l.toStdString());
    const auto result = engine.classifyTensor(input, 224, 224, 5, layers);

    const auto logits = ds::readNpy(path(model + ".logits.npy"));
    if (int64_t(result.logits.size()) != logits.numel())
        return QString("%1 logits, the reference has %2").arg(result.logits.size()).arg(logits.numel());
    const double logitDiff = maxAbsDiff(result.logits.data(), logits.f32(), result.logits.size());
    if (!(logitDiff < logitTolerance)) return QString("logits differ by %1").arg(logitDiff);

    if (result.maps.size() != layers.size())
        return QString("%1 maps for %2 layers").arg(result.maps.size()).arg(layers.size());
    for (const auto& map : result.maps) {
        const auto ref =
            ds::readNpy(path(model + ".maps." + QString::fromStdString(map.layer) + ".npy"));
        if (ref.shape != std::vector<int64_t>{map.channels, map.height, map.width})
            return QString("%1 has the wrong shape").arg(map.layer.c_str());
        const double tolerance = mapTolerance(ref.f32(), size_t(ref.numel()));
        const double diff = maxAbsDiff(map.data.data(), ref.f32(), map.data.size());
        if (!(diff < tolerance))
            return QString("%1 differs by %2 (tolerance %3)").arg(map.layer.c_str()).arg(diff).arg(tolerance);
    }
    return {};
}

inline void checkParity(ds::Engine& engine, const QString& model, double logitTolerance,
                        const std::function<double(const float*, size_t)>& mapTolerance) {
    const QString error = parityError(engine, model, logitTolerance, mapTolerance);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

}  // namespace fixtures
