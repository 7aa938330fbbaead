#include "startup_options.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include "errors.h"

namespace {

int positive(const QCommandLineParser& p, const QString& name) {
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v <= 0)
        throw ds::ConfigError("--" + name.toStdString() + " must be a positive integer, got '" +
                              p.value(name).toStdString() + "'.");
    return v;
}

ds::DenseNetConfig configFrom(const QCommandLineParser& p) {
    ds::DenseNetConfig c =
        ds::DenseNetConfig::preset(p.value(QStringLiteral("variant")).toStdString());
    bool custom = false;
    if (p.isSet(QStringLiteral("growth-rate")))
        c.growthRate = positive(p, QStringLiteral("growth-rate")), custom = true;
    if (p.isSet(QStringLiteral("init-features")))
        c.initFeatures = positive(p, QStringLiteral("init-features")), custom = true;
    if (p.isSet(QStringLiteral("bn-size")))
        c.bnSize = positive(p, QStringLiteral("bn-size")), custom = true;
    if (p.isSet(QStringLiteral("blocks"))) {
        c.blockConfig =
            ds::DenseNetConfig::parseBlocks(p.value(QStringLiteral("blocks")).toStdString());
        custom = true;
    }
    if (p.isSet(QStringLiteral("compression"))) {
        bool ok = false;
        c.compression = p.value(QStringLiteral("compression")).toDouble(&ok);
        if (!ok)
            throw ds::ConfigError("--compression must be a number in (0, 1], got '" +
                                  p.value(QStringLiteral("compression")).toStdString() + "'.");
        custom = true;
    }
    if (custom) c.name = "custom";
    c.validate();
    return c;
}

}  // namespace

std::optional<StartupOptions> parseStartupOptions(const QStringList& args, QString* error,
                                                  bool* helpShown) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("DenseScope: see inside DenseNet image classifiers."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    p.addOption(help);
    p.addOptions({
        {QStringLiteral("variant"),
         QStringLiteral("densenet121, densenet161, densenet169, densenet201 or densenet264."),
         QStringLiteral("name"), QStringLiteral("densenet121")},
        {QStringLiteral("weights"),
         QStringLiteral("random, random:SEED, imagenet, or a .pth/.safetensors file."),
         QStringLiteral("spec")},
        {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."),
         QStringLiteral("device")},
        {QStringLiteral("screenshot"),
         QStringLiteral(
             "Save the window as PNG once predictions and feature maps are shown, then exit."),
         QStringLiteral("file")},
        {QStringLiteral("startup-time"),
         QStringLiteral("Print how long after the process started the window was first "
                        "painted, then exit (a startup benchmark; settings are not used).")},
        {QStringLiteral("layer"),
         QStringLiteral("Layer to show first (default features.denseblock1)."),
         QStringLiteral("name")},
        {QStringLiteral("threads"), QStringLiteral("Torch intra-op threads (default: all cores)."),
         QStringLiteral("n")},
        {QStringLiteral("growth-rate"), QStringLiteral("Custom layout: growth rate k."),
         QStringLiteral("k")},
        {QStringLiteral("blocks"),
         QStringLiteral("Custom layout: layers per dense block, e.g. 6,12,24,16."),
         QStringLiteral("a,b,c,d")},
        {QStringLiteral("init-features"), QStringLiteral("Custom layout: channels after the stem."),
         QStringLiteral("n")},
        {QStringLiteral("bn-size"), QStringLiteral("Custom layout: bottleneck width factor."),
         QStringLiteral("n")},
        {QStringLiteral("compression"),
         QStringLiteral("Custom layout: transition compression theta."), QStringLiteral("theta")},
    });
    p.addPositionalArgument(QStringLiteral("image"),
                            QStringLiteral("Image to open (default: a built-in sample)."),
                            QStringLiteral("[IMAGE]"));
    *helpShown = false;
    if (!p.parse(args)) {
        *error = p.errorText() + QStringLiteral(" (see --help)");
        return std::nullopt;
    }
    if (p.isSet(help)) {
        *helpShown = true;
        *error = p.helpText();
        return std::nullopt;
    }
    if (p.positionalArguments().size() > 1) {
        *error = QStringLiteral("Give at most one image; open more from the File menu.");
        return std::nullopt;
    }
    StartupOptions o;
    try {
        static const QStringList modelFlags{
            QStringLiteral("variant"), QStringLiteral("growth-rate"),
            QStringLiteral("blocks"),  QStringLiteral("init-features"),
            QStringLiteral("bn-size"), QStringLiteral("compression")};
        for (const QString& f : modelFlags)
            if (p.isSet(f)) o.config = configFrom(p);
        if (p.isSet(QStringLiteral("weights"))) {
            o.weights = p.value(QStringLiteral("weights"));
            if (QFileInfo(o.weights).isFile()) o.weights = QFileInfo(o.weights).absoluteFilePath();
        }
        if (p.isSet(QStringLiteral("device")))
            o.device = ds::parseDevice(p.value(QStringLiteral("device")).toStdString());
        if (p.isSet(QStringLiteral("threads"))) o.threads = positive(p, QStringLiteral("threads"));
    } catch (const ds::Error& e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("layer"))) o.layer = p.value(QStringLiteral("layer"));
    if (!p.positionalArguments().isEmpty()) o.image = p.positionalArguments().front();
    o.screenshot = p.value(QStringLiteral("screenshot"));
    o.startupTime = p.isSet(QStringLiteral("startup-time"));
    o.useSettings = o.screenshot.isEmpty() && !o.startupTime;
    return o;
}
