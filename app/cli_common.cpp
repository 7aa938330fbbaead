#include "cli_common.h"

#include <QJsonDocument>

#include <cstdio>

#include "errors.h"
#include "weights.h"

namespace cli {

QString qs(const std::string& s) { return QString::fromStdString(s); }

void printOut(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString& text) {
    const QByteArray utf8 = (text + QLatin1Char('\n')).toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stderr);
    std::fflush(stderr);
}

void printJson(const QJsonObject& object) {
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

bool parseOrHelp(QCommandLineParser& parser, const QStringList& args) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    if (!parser.parse(args)) throw UsageError(parser.errorText().toStdString() + " (see --help)");
    if (parser.isSet(help)) {
        printOut(parser.helpText());
        return false;
    }
    return true;
}

void addModelOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {"variant",
         "Model: densenet121 (default), densenet161, densenet169, densenet201, densenet264.",
         "name", "densenet121"},
        {"growth-rate", "Custom layout: growth rate k.", "k"},
        {"blocks", "Custom layout: layers per dense block, e.g. 6,12,24,16.", "a,b,c,d"},
        {"init-features", "Custom layout: channels after the stem (default 64).", "n"},
        {"bn-size", "Custom layout: bottleneck width factor (default 4).", "n"},
        {"compression", "Custom layout: transition compression theta (default 0.5).", "theta"},
        {"num-classes", "Custom layout: classifier outputs (default 1000).", "n"},
    });
}

int positiveInt(const QCommandLineParser& parser, const QString& name) {
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v <= 0)
        throw UsageError("--" + name.toStdString() + " must be a positive integer, got '" +
                         parser.value(name).toStdString() + "'.");
    return v;
}

ds::DenseNetConfig configFromOptions(const QCommandLineParser& parser) {
    try {
        ds::DenseNetConfig config =
            ds::DenseNetConfig::preset(parser.value("variant").toStdString());
        bool custom = false;
        if (parser.isSet("growth-rate")) config.growthRate = positiveInt(parser, "growth-rate");
        if (parser.isSet("blocks"))
            config.blockConfig =
                ds::DenseNetConfig::parseBlocks(parser.value("blocks").toStdString());
        if (parser.isSet("init-features"))
            config.initFeatures = positiveInt(parser, "init-features");
        if (parser.isSet("bn-size")) config.bnSize = positiveInt(parser, "bn-size");
        if (parser.isSet("num-classes")) config.numClasses = positiveInt(parser, "num-classes");
        if (parser.isSet("compression")) {
            bool ok = false;
            config.compression = parser.value("compression").toDouble(&ok);
            if (!ok)
                throw UsageError("--compression must be a number in (0, 1], got '" +
                                 parser.value("compression").toStdString() + "'.");
        }
        for (const char* flag :
             {"growth-rate", "blocks", "init-features", "bn-size", "num-classes", "compression"})
            custom = custom || parser.isSet(flag);
        if (custom) config.name = "custom";
        config.validate();
        return config;
    } catch (const ds::ConfigError& e) {
        throw UsageError(e.what());
    }
}

void addEngineOptions(QCommandLineParser& parser) {
    addModelOptions(parser);
    parser.addOptions({
        {"weights",
         "random, random:SEED, imagenet, or a .pth/.safetensors file. Default: imagenet when the "
         "official file is in the torch hub cache, else random.",
         "spec"},
        {"device", "auto (default), cpu or cuda.", "device", "auto"},
        {"threads", "CPU threads for inference (default: all cores).", "n"},
    });
}

LoadedModel loadModel(const QCommandLineParser& parser) {
    const ds::DenseNetConfig config = configFromOptions(parser);
    LoadedModel out;
    if (parser.isSet("weights")) {
        out.weightsSpec = parser.value("weights").toStdString();
    } else {
        try {
            ds::findImagenetWeights(config);
            out.weightsSpec = "imagenet";
        } catch (const ds::Error& e) {
            out.weightsSpec = "random";
            printErr(
                "note: using random weights, so predictions are meaningless (pass --weights to "
                "choose). " +
                qs(e.what()));
        }
    }
    try {
        ds::EngineOptions options;
        options.device = ds::parseDevice(parser.value("device").toStdString());
        if (parser.isSet("threads")) options.threads = positiveInt(parser, "threads");
        out.engine = std::make_unique<ds::Engine>(options);
        for (const auto& note : out.engine->notes()) printErr(qs(note));
        out.engine->load(config, out.weightsSpec);
    } catch (const ds::Error& e) {
        throw UsageError(e.what());
    } catch (const std::bad_alloc&) {
        throw UsageError(
            "Out of memory while loading the model: try a smaller variant or --device cpu.");
    }
    return out;
}

}  // namespace cli
