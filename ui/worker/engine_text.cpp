#include "engine_text.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include "densescope/engine.h"

namespace ds::ui {

QString weightsText(const Engine& engine) {
    // The forms are Engine::weightsDescription()'s (engine.h): anything else is a file path.
    const QString core = QString::fromStdString(engine.weightsDescription());
    static const QRegularExpression random(QStringLiteral("^random \\(seed (\\d+)\\)$"));
    if (const auto m = random.match(core); m.hasMatch())
        return QCoreApplication::translate("ds::ui::EngineText", "random (seed %1)")
            .arg(m.captured(1));
    static const QLatin1String imagenet("imagenet: ");
    if (core.startsWith(imagenet))
        return QCoreApplication::translate("ds::ui::EngineText", "ImageNet: %1")
            .arg(core.mid(imagenet.size()));
    return core;
}

QString deviceText(const Engine& engine) {
    if (engine.deviceName() == "cuda") return QString::fromStdString(engine.deviceDescription());
    if (engine.threads() == 1)
        return QCoreApplication::translate("ds::ui::EngineText", "CPU, 1 thread");
    return QCoreApplication::translate("ds::ui::EngineText", "CPU, %1 threads")
        .arg(engine.threads());
}

}  // namespace ds::ui
