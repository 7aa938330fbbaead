#include "config_text.h"

#include <QCoreApplication>
#include <QStringList>

namespace ds::ui {

QString layoutText(const DenseNetConfig& config) {
    QStringList blocks;
    for (int n : config.blockConfig) blocks << QString::number(n);
    QStringList parts = {
        QStringLiteral("k=%1").arg(config.growthRate),
        QCoreApplication::translate("ds::ui::ConfigText", "blocks %1")
            .arg(blocks.join(QLatin1Char('-'))),
        QStringLiteral("k0=%1").arg(config.initFeatures)};
    if (config.bnSize != 4) parts << QStringLiteral("bn_size=%1").arg(config.bnSize);
    if (config.compression != 0.5) parts << QStringLiteral("θ=%1").arg(config.compression);
    if (config.numClasses != 1000)
        parts << QCoreApplication::translate("ds::ui::ConfigText", "%1 classes")
                     .arg(config.numClasses);
    return parts.join(QStringLiteral(" · "));
}

}  // namespace ds::ui
