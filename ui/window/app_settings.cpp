#include "app_settings.h"

#include <QSettings>

#include "densescope/errors.h"

namespace ds::ui {

namespace {
constexpr int kStateVersion = 1;  // bump when the set of docks changes

QString deviceText(ds::DeviceKind d) {
    switch (d) {
        case ds::DeviceKind::Cpu:
            return QStringLiteral("cpu");
        case ds::DeviceKind::Cuda:
            return QStringLiteral("cuda");
        default:
            return QStringLiteral("auto");
    }
}
}  // namespace

std::unique_ptr<QSettings> AppSettings::open() {
    const QString file = qEnvironmentVariable("DENSESCOPE_SETTINGS");
    if (!file.isEmpty()) return std::make_unique<QSettings>(file, QSettings::IniFormat);
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                       QStringLiteral("DenseScope"), QStringLiteral("densescope"));
}

AppSettings AppSettings::load() {
    AppSettings s;
    auto q = open();
    if (q->value(QStringLiteral("window/version")).toInt() == kStateVersion) {
        s.geometry = q->value(QStringLiteral("window/geometry")).toByteArray();
        s.windowState = q->value(QStringLiteral("window/state")).toByteArray();
    }
    s.folder = q->value(QStringLiteral("images/folder")).toString();
    s.recentFiles = q->value(QStringLiteral("images/recent")).toStringList().mid(0, kMaxRecent);
    s.scale = qBound(0.5, q->value(QStringLiteral("view/scale"), 1.0).toDouble(), 4.0);
    s.topk = qBound(1, q->value(QStringLiteral("view/topk"), 5).toInt(), 20);
    if (q->contains(QStringLiteral("model/variant"))) {
        // A stale or hand-edited entry must not stop the app from starting: fall back silently.
        try {
            ds::ui::ModelRequest r;
            const QString variant = q->value(QStringLiteral("model/variant")).toString();
            if (variant == QLatin1String("custom")) {
                r.config.name = "custom";
                r.config.growthRate = q->value(QStringLiteral("model/growth_rate"), 32).toInt();
                r.config.blockConfig = ds::DenseNetConfig::parseBlocks(
                    q->value(QStringLiteral("model/blocks"), QStringLiteral("6,12,24,16"))
                        .toString()
                        .toStdString());
                r.config.initFeatures = q->value(QStringLiteral("model/init_features"), 64).toInt();
                r.config.bnSize = q->value(QStringLiteral("model/bn_size"), 4).toInt();
                r.config.compression =
                    q->value(QStringLiteral("model/compression"), 0.5).toDouble();
                r.config.validate();
            } else {
                r.config = ds::DenseNetConfig::variant(variant.toStdString());
            }
            r.weights =
                q->value(QStringLiteral("model/weights"), QStringLiteral("random:0")).toString();
            r.device =
                ds::parseDevice(q->value(QStringLiteral("model/device"), QStringLiteral("auto"))
                                    .toString()
                                    .toStdString());
            s.model = r;
        } catch (const ds::Error&) {
            s.model.reset();
        }
    }
    return s;
}

void AppSettings::save() const {
    auto q = open();
    q->setValue(QStringLiteral("window/version"), kStateVersion);
    q->setValue(QStringLiteral("window/geometry"), geometry);
    q->setValue(QStringLiteral("window/state"), windowState);
    q->setValue(QStringLiteral("images/folder"), folder);
    q->setValue(QStringLiteral("images/recent"), recentFiles);
    q->setValue(QStringLiteral("view/scale"), scale);
    q->setValue(QStringLiteral("view/topk"), topk);
    if (model) {
        const auto& c = model->config;
        q->setValue(QStringLiteral("model/variant"), QString::fromStdString(c.name));
        QStringList blocks;
        for (int b : c.blockConfig) blocks << QString::number(b);
        q->setValue(QStringLiteral("model/growth_rate"), c.growthRate);
        q->setValue(QStringLiteral("model/blocks"), blocks.join(QLatin1Char(',')));
        q->setValue(QStringLiteral("model/init_features"), c.initFeatures);
        q->setValue(QStringLiteral("model/bn_size"), c.bnSize);
        q->setValue(QStringLiteral("model/compression"), c.compression);
        q->setValue(QStringLiteral("model/weights"), model->weights);
        q->setValue(QStringLiteral("model/device"), deviceText(model->device));
    }
    q->sync();
}

QStringList AppSettings::withRecent(QStringList list, const QString& path) {
    list.removeAll(path);
    list.prepend(path);
    return list.mid(0, kMaxRecent);
}

}  // namespace ds::ui
