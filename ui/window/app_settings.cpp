#include "app_settings.h"

#include <QSettings>

#include <algorithm>

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
// A variant by name, or a custom layout by its numbers, under keys `prefix` + "variant", ...
// Throws ds::Error for a stale or hand-edited entry.
ds::DenseNetConfig readConfig(QSettings& q, const QString& prefix) {
    const QString variant = q.value(prefix + QStringLiteral("variant")).toString();
    if (variant != QLatin1String("custom"))
        return ds::DenseNetConfig::variant(variant.toStdString());
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = q.value(prefix + QStringLiteral("growth_rate"), 32).toInt();
    c.blockConfig = ds::DenseNetConfig::parseBlocks(
        q.value(prefix + QStringLiteral("blocks"), QStringLiteral("6,12,24,16"))
            .toString()
            .toStdString());
    c.initFeatures = q.value(prefix + QStringLiteral("init_features"), 64).toInt();
    c.bnSize = q.value(prefix + QStringLiteral("bn_size"), 4).toInt();
    c.compression = q.value(prefix + QStringLiteral("compression"), 0.5).toDouble();
    c.validate();
    return c;
}

void writeConfig(QSettings& q, const QString& prefix, const ds::DenseNetConfig& c) {
    QStringList blocks;
    for (int b : c.blockConfig) blocks << QString::number(b);
    q.setValue(prefix + QStringLiteral("variant"), QString::fromStdString(c.name));
    q.setValue(prefix + QStringLiteral("growth_rate"), c.growthRate);
    q.setValue(prefix + QStringLiteral("blocks"), blocks.join(QLatin1Char(',')));
    q.setValue(prefix + QStringLiteral("init_features"), c.initFeatures);
    q.setValue(prefix + QStringLiteral("bn_size"), c.bnSize);
    q.setValue(prefix + QStringLiteral("compression"), c.compression);
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
    s.camera = q->value(QStringLiteral("live/camera")).toByteArray();
    s.loopVideo = q->value(QStringLiteral("live/loop_video"), true).toBool();
    if (q->contains(QStringLiteral("model/variant"))) {
        // A stale or hand-edited entry must not stop the app from starting: fall back silently.
        try {
            ds::ui::ModelRequest r;
            r.config = readConfig(*q, QStringLiteral("model/"));
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
    // The array's size is whatever the file says (100,000,000 kept the window away for minutes):
    // only the first kMaxComparisons entries are read.
    const int count =
        std::min(q->beginReadArray(QStringLiteral("growth/comparisons")), kMaxComparisons);
    for (int i = 0; i < count; ++i) {
        q->setArrayIndex(i);
        try {
            s.comparisons << readConfig(*q, QString());
        } catch (const ds::Error&) {
            // a hand-edited entry that no longer makes sense is dropped, the others kept
        }
    }
    q->endArray();
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
    q->setValue(QStringLiteral("live/camera"), camera);
    q->setValue(QStringLiteral("live/loop_video"), loopVideo);
    if (model) {
        writeConfig(*q, QStringLiteral("model/"), model->config);
        q->setValue(QStringLiteral("model/weights"), model->weights);
        q->setValue(QStringLiteral("model/device"), deviceText(model->device));
    }
    q->remove(QStringLiteral("growth/comparisons"));
    q->beginWriteArray(QStringLiteral("growth/comparisons"), int(comparisons.size()));
    for (int i = 0; i < comparisons.size(); ++i) {
        q->setArrayIndex(i);
        writeConfig(*q, QString(), comparisons[i]);
    }
    q->endArray();
    q->sync();
}

QStringList AppSettings::withRecent(QStringList list, const QString& path) {
    list.removeAll(path);
    list.prepend(path);
    return list.mid(0, kMaxRecent);
}

}  // namespace ds::ui
