#include "engine_text.h"

#include <QCoreApplication>

#include "densescope/engine.h"
#include "worker_types.h"

namespace ds::ui {

QString weightsText(const Engine& engine) { return weightsText(engine.weightsSource()); }

QString weightsText(const Engine::WeightsSource& source) {
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

QStringList weightsNotes(const Engine& engine) { return weightsNotes(engine.weightsSource()); }

QStringList weightsNotes(const Engine::WeightsSource& source) {
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
    return deviceText(QString::fromStdString(engine.deviceName()),
                      QString::fromStdString(engine.deviceDescription()), engine.threads());
}

QString deviceText(const QString& deviceName, const QString& description, int threads) {
    if (deviceName == QLatin1String("cuda")) return description;
    if (threads == 1) return QCoreApplication::translate("ds::ui::EngineText", "CPU, 1 thread");
    return QCoreApplication::translate("ds::ui::EngineText", "CPU, %1 threads").arg(threads);
}

void describeAgain(ModelInfo& info) {
    info.weightsDescription = weightsText(info.weightsSource);
    info.weightsNotes = weightsNotes(info.weightsSource);
    info.deviceDescription =
        deviceText(info.deviceName, info.engineDeviceDescription, info.threads);
}

}  // namespace ds::ui
