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

QStringList weightsNotes(const Engine& engine) {
    const auto& source = engine.weightsSource();
    QStringList out;
    if (!source.strippedPrefix.empty())
        out << QCoreApplication::translate("ds::ui::EngineText",
                                           "Every key in the file starts with '%1': the prefix "
                                           "was stripped.")
                   .arg(QString::fromStdString(source.strippedPrefix));
    if (source.fileClasses > 0)
        out << QCoreApplication::translate("ds::ui::EngineText",
                                           "The file's classifier has %1 classes: the model now "
                                           "has %1.")
                   .arg(source.fileClasses);
    return out;
}

QString deviceText(const Engine& engine) {
    if (engine.deviceName() == "cuda") return QString::fromStdString(engine.deviceDescription());
    if (engine.threads() == 1)
        return QCoreApplication::translate("ds::ui::EngineText", "CPU, 1 thread");
    return QCoreApplication::translate("ds::ui::EngineText", "CPU, %1 threads")
        .arg(engine.threads());
}

}  // namespace ds::ui
