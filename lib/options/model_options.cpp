#include "model_options.h"

#include "densescope/errors.h"

namespace ds::options {
namespace {
const QString kVariant = QStringLiteral("variant");
const QStringList kLayoutFlags{QStringLiteral("growth-rate"), QStringLiteral("blocks"),
                               QStringLiteral("init-features"), QStringLiteral("bn-size"),
                               QStringLiteral("compression"), QStringLiteral("num-classes")};
}  // namespace

void addModelOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {kVariant,
         QStringLiteral("Model: densenet121 (default), densenet161, densenet169, densenet201, "
                        "densenet264."),
         QStringLiteral("name"), QStringLiteral("densenet121")},
        {QStringLiteral("growth-rate"), QStringLiteral("Custom layout: growth rate k."),
         QStringLiteral("k")},
        {QStringLiteral("blocks"),
         QStringLiteral("Custom layout: layers per dense block, e.g. 6,12,24,16."),
         QStringLiteral("a,b,c,d")},
        {QStringLiteral("init-features"),
         QStringLiteral("Custom layout: channels after the stem (default 64)."), QStringLiteral("n")},
        {QStringLiteral("bn-size"),
         QStringLiteral("Custom layout: bottleneck width factor (default 4)."), QStringLiteral("n")},
        {QStringLiteral("compression"),
         QStringLiteral("Custom layout: transition compression theta (default 0.5)."),
         QStringLiteral("theta")},
        {QStringLiteral("num-classes"),
         QStringLiteral("Custom layout: classifier outputs (default 1000)."), QStringLiteral("n")},
    });
}

bool modelOptionsSet(const QCommandLineParser& parser) {
    if (parser.isSet(kVariant)) return true;
    for (const QString& flag : kLayoutFlags)
        if (parser.isSet(flag)) return true;
    return false;
}

int positiveInt(const QCommandLineParser& parser, const QString& name) {
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v <= 0)
        throw ConfigError("--" + name.toStdString() + " must be a positive integer, got '" +
                          parser.value(name).toStdString() + "'.");
    return v;
}

DenseNetConfig configFromOptions(const QCommandLineParser& parser) {
    DenseNetConfig config = DenseNetConfig::variant(parser.value(kVariant).toStdString());
    if (parser.isSet(QStringLiteral("growth-rate")))
        config.growthRate = positiveInt(parser, QStringLiteral("growth-rate"));
    if (parser.isSet(QStringLiteral("blocks")))
        config.blockConfig =
            DenseNetConfig::parseBlocks(parser.value(QStringLiteral("blocks")).toStdString());
    if (parser.isSet(QStringLiteral("init-features")))
        config.initFeatures = positiveInt(parser, QStringLiteral("init-features"));
    if (parser.isSet(QStringLiteral("bn-size")))
        config.bnSize = positiveInt(parser, QStringLiteral("bn-size"));
    if (parser.isSet(QStringLiteral("num-classes")))
        config.numClasses = positiveInt(parser, QStringLiteral("num-classes"));
    if (parser.isSet(QStringLiteral("compression"))) {
        bool ok = false;
        config.compression = parser.value(QStringLiteral("compression")).toDouble(&ok);
        if (!ok)
            throw ConfigError("--compression must be a number in (0, 1], got '" +
                              parser.value(QStringLiteral("compression")).toStdString() + "'.");
    }
    for (const QString& flag : kLayoutFlags)
        if (parser.isSet(flag)) config.name = "custom";
    config.validate();
    return config;
}

void addEngineOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {QStringLiteral("weights"),
         QStringLiteral("random, random:SEED, imagenet, or a weights file (.pth, .pth.tar, .ckpt "
                        "training checkpoints too; .safetensors). Default: "
                        "imagenet when the official file is in the torch hub cache, else random."),
         QStringLiteral("spec")},
        {QStringLiteral("labels"),
         QStringLiteral("Class names for the weights' classifier: a UTF-8 text file, one label "
                        "per line, as many lines as classes. Default: ImageNet's names for 1000 "
                        "classes, else \"class N\"."),
         QStringLiteral("file")},
        {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."),
         QStringLiteral("device")},
        {QStringLiteral("threads"),
         QStringLiteral("CPU threads for inference (default: all cores)."), QStringLiteral("n")},
    });
}

std::optional<std::string> weightsOption(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("weights"))) return std::nullopt;
    return parser.value(QStringLiteral("weights")).toStdString();
}

std::optional<std::string> labelsOption(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("labels"))) return std::nullopt;
    if (parser.value(QStringLiteral("labels")).isEmpty())
        throw ConfigError("--labels needs a file: a text file with one label per line.");
    return parser.value(QStringLiteral("labels")).toStdString();
}

std::optional<DeviceKind> deviceOption(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("device"))) return std::nullopt;
    return parseDevice(parser.value(QStringLiteral("device")).toStdString());
}

int threadsOption(const QCommandLineParser& parser) {
    return parser.isSet(QStringLiteral("threads")) ? positiveInt(parser, QStringLiteral("threads"))
                                                   : 0;
}

}  // namespace ds::options
