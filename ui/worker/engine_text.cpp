#include "engine_text.h"

#include <QCoreApplication>

#include "densescope/engine.h"

namespace ds::ui {

QString weightsText(const Engine& engine) {
    const auto& source = engine.weightsSource();
    switch (source.kind) {
        case Engine::WeightsSource::Kind::Random:
            return QCoreApplication::translate("ds::ui::EngineText", "random (seed %1)")
                .arg(source.seed);
        case Engine::WeightsSource::Kind::ImageNet:
            return QCoreApplication::translate("ds::ui::EngineText", "ImageNet: %1")
                .arg(QString::fromStdString(source.path));
        case Engine::WeightsSource::Kind::File:
            break;
    }
    return QString::fromStdString(source.path);
}

QString deviceText(const Engine& engine) {
    if (engine.deviceName() == "cuda") return QString::fromStdString(engine.deviceDescription());
    if (engine.threads() == 1)
        return QCoreApplication::translate("ds::ui::EngineText", "CPU, 1 thread");
    return QCoreApplication::translate("ds::ui::EngineText", "CPU, %1 threads")
        .arg(engine.threads());
}

}  // namespace ds::ui
