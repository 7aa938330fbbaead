// densescope-cli explain: what one layer does, in plain language with the configuration's
// numbers (the same text as the app's Explanation panel), for handouts. No model is built and
// no weights are read: explanations come from the configuration alone.
#include <QJsonArray>

#include "cli_common.h"
#include "cli_language.h"
#include "densescope/errors.h"
#include "explanation.h"
#include "model_options.h"

namespace cli {
namespace {

QJsonObject toJson(const ds::DenseNetConfig& config, const ds::ui::Explanation& e) {
    QJsonObject o{{"variant", qs(config.name)},
                  {"layer", e.name},
                  {"type", ds::layerTypeName(e.type)},
                  {"input_size", e.inputSize},
                  {"in_channels", e.inChannels},
                  {"in_height", e.inHeight},
                  {"in_width", e.inWidth},
                  {"out_channels", e.outChannels},
                  {"height", e.outHeight},
                  {"width", e.outWidth},
                  {"parameters", qint64(e.parameters)},
                  {"macs", qint64(e.macs)},
                  {"title", e.title},
                  {"paragraphs", QJsonArray::fromStringList(e.paragraphs)},
                  {"text", e.plainText()}};
    if (!e.formula.isEmpty()) o["formula"] = e.formula;
    switch (e.type) {
        case ds::LayerType::DenseLayer:
            o["layer_index"] = e.layer;
            [[fallthrough]];
        case ds::LayerType::DenseBlock:
            o["block"] = e.block;
            o["layers_in_block"] = e.layersInBlock;
            o["growth_rate"] = e.growthRate;
            o["block_in_channels"] = e.blockInput;
            o["block_out_channels"] = e.blockOutput;
            o["bn_size"] = e.bnSize;
            o["bottleneck_channels"] = e.bottleneck;
            break;
        case ds::LayerType::Transition:
            o["block"] = e.block;
            o["compression"] = e.compression;
            break;
        case ds::LayerType::Classifier:
            o["num_classes"] = e.numClasses;
            break;
        default:
            break;
    }
    return o;
}

}  // namespace

int runExplain(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Explains what one layer of a DenseNet does, in plain language with the numbers of the "
        "chosen configuration (channels, sizes, growth rate, parameters, MACs for a 224x224 "
        "input). No model is built and no weights are needed.");
    ds::options::addModelOptions(parser);
    parser.addOptions({
        {"layer", "The module to explain, e.g. features.denseblock3.denselayer5.", "name"},
        {"list-layers", "Print the module names that can be explained and exit."},
        {"language", "Language of the text: en (default) or ja.", "code", "en"},
        {"json", "Print the numbers as JSON fields, with the text."},
    });
    if (!parseOrHelp(parser, args)) return kExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("explain takes no file arguments, got '" +
                         parser.positionalArguments().join(' ').toStdString() + "'.");
    useLanguage(parser.value("language"));
    const ds::DenseNetConfig config = ds::options::configFromOptions(parser);
    ds::ModelSummary summary;
    try {
        summary = ds::summarize(config, /*inputSize=*/224);
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    if (parser.isSet("list-layers")) {
        for (const ds::LayerInfo& l : summary.layers) printOut(qs(l.name) + QLatin1Char('\n'));
        return kExitOk;
    }
    const QString layer = parser.value("layer");
    if (layer.isEmpty())
        throw UsageError(
            "--layer NAME is required, e.g. --layer features.denseblock1.denselayer1 "
            "(--list-layers prints every name).");
    if (!summary.find(layer.toStdString()))
        throw UsageError("'" + layer.toStdString() + "' is not a layer of " + config.name + " (" +
                         config.describe() +
                         "). Run 'densescope-cli explain --list-layers' with the same model flags "
                         "to see the valid names.");
    const ds::ui::Explanation e = ds::ui::explain(config, summary, layer);
    if (parser.isSet("json"))
        printJson(toJson(config, e));
    else
        printOut(e.plainText());
    return kExitOk;
}

}  // namespace cli
