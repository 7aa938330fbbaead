// densescope-cli inspect: structure, parameter and MAC counts of a DenseNet, no model built.
#include <QJsonArray>

#include "cli_common.h"
#include "model_options.h"
#include "densescope/errors.h"

namespace cli {
namespace {

QString grouped(int64_t n) { return qs(ds::groupedDigits(n)); }

QJsonObject toJson(const ds::DenseNetConfig& config, const ds::ModelSummary& summary) {
    QJsonArray blocks;
    for (int b : config.blockConfig) blocks.append(b);
    QJsonArray layers;
    for (const ds::LayerInfo& l : summary.layers)
        layers.append(QJsonObject{{"name", qs(l.name)},
                                  {"type", ds::layerTypeName(l.type)},
                                  {"in_channels", l.inChannels},
                                  {"out_channels", l.outChannels},
                                  {"height", l.height},
                                  {"width", l.width},
                                  {"parameters", qint64(l.parameters)},
                                  {"macs", qint64(l.macs)}});
    return QJsonObject{
        {"variant", qs(config.name)},       {"growth_rate", config.growthRate},
        {"block_config", blocks},           {"init_features", config.initFeatures},
        {"bn_size", config.bnSize},         {"compression", config.compression},
        {"num_classes", config.numClasses}, {"parameters", qint64(summary.parameters)},
        {"macs", qint64(summary.macs)},     {"layers", layers}};
}

QString toText(const ds::DenseNetConfig& config, const ds::ModelSummary& summary) {
    QString out = QStringLiteral("%1 (%2)\nparameters: %3\nMACs at %4x%4: %5 (%6 G)\n\n")
                      .arg(qs(config.name), qs(config.describe()), grouped(summary.parameters))
                      .arg(summary.inputSize)
                      .arg(grouped(summary.macs))
                      .arg(double(summary.macs) / 1e9, 0, 'f', 3);
    out += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
               .arg("layer", -40)
               .arg("type", -12)
               .arg("in", 6)
               .arg("out", 6)
               .arg("HxW", 9)
               .arg("params", 12)
               .arg("MACs", 15);
    for (const ds::LayerInfo& l : summary.layers)
        out += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                   .arg(qs(l.name), -40)
                   .arg(QString::fromLatin1(ds::layerTypeName(l.type)), -12)
                   .arg(l.inChannels, 6)
                   .arg(l.outChannels, 6)
                   .arg(QStringLiteral("%1x%2").arg(l.height).arg(l.width), 9)
                   .arg(grouped(l.parameters), 12)
                   .arg(grouped(l.macs), 15);
    return out;
}

}  // namespace

int runInspect(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints a DenseNet's layers with output shapes, parameters and multiply-accumulates "
        "(MACs) for a 224x224 input. No model is built and no weights are needed.");
    ds::options::addModelOptions(parser);
    parser.addOption({"json", "Print JSON on stdout."});
    if (!parseOrHelp(parser, args)) return kExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("inspect takes no file arguments, got '" +
                         parser.positionalArguments().join(' ').toStdString() + "'.");
    const ds::DenseNetConfig config = ds::options::configFromOptions(parser);
    ds::ModelSummary summary;
    try {
        summary = ds::summarize(config, /*inputSize=*/224);
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    if (parser.isSet("json"))
        printJson(toJson(config, summary));
    else
        printOut(toText(config, summary));
    return kExitOk;
}

}  // namespace cli
