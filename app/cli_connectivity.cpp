// densescope-cli connectivity: the dense-connectivity heat map (DenseNet paper, Figure 5) of the
// loaded weights, as JSON or as one table per dense block.
#include <QJsonArray>

#include <algorithm>

#include "cli_common.h"
#include "densescope/analysis.h"

namespace cli {
namespace {

QJsonArray strings(const std::vector<std::string>& list) {
    QJsonArray out;
    for (const auto& s : list) out.append(qs(s));
    return out;
}

QJsonObject blockJson(const ds::BlockConnectivity& b) {
    QJsonArray values;
    for (const auto& row : b.values) {
        QJsonArray r;
        for (const auto& v : row) r.append(v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
        values.append(r);
    }
    QJsonArray channels;
    for (const auto& [first, count] : b.sourceChannels) channels.append(QJsonArray{first, count});
    return QJsonObject{{"name", qs(b.name)},
                       {"sources", strings(b.sources)},
                       {"targets", strings(b.targets)},
                       {"values", values},
                       {"source_channels", channels}};
}

// Rows: targets; columns: sources ("." where a source does not feed the target).
QString blockText(const ds::BlockConnectivity& b) {
    QString out = qs(b.name) + QStringLiteral(": mean |W| of each target's input weights per source\n");
    int width = 12;
    for (const auto& t : b.targets) width = std::max(width, int(t.size()) + 1);
    out += QString().leftJustified(width);
    for (size_t s = 0; s < b.sources.size(); ++s)
        out += (s == 0 ? QStringLiteral("in") : QString::number(s)).rightJustified(10);
    out += QLatin1Char('\n');
    for (size_t t = 0; t < b.targets.size(); ++t) {
        out += qs(b.targets[t]).leftJustified(width);
        for (const auto& v : b.values[t])
            out += (v ? QString::number(*v, 'g', 4) : QStringLiteral(".")).rightJustified(10);
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("Columns: in = the block's input (channels 0-%1), n = denselayer n.\n")
               .arg(b.sourceChannels.front().second - 1);
    return out;
}

}  // namespace

int runConnectivity(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints the dense-connectivity heat map of the loaded weights (DenseNet paper, Figure 5): "
        "for each dense block, the mean absolute weight each target (a dense layer's first "
        "convolution, the transition's convolution or, after the last block, the classifier) "
        "gives to each source's channels (the block's input and each earlier dense layer).");
    addEngineOptions(parser);
    parser.addOption({"json", "Print JSON."});
    if (!parseOrHelp(parser, args)) return kExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("connectivity takes no IMAGE, got '" +
                         parser.positionalArguments().front().toStdString() + "'.");
    LoadedModel model = loadModel(parser);
    const std::vector<ds::BlockConnectivity> blocks = ds::connectivity(*model.engine);
    if (parser.isSet("json")) {
        QJsonArray list;
        for (const auto& b : blocks) list.append(blockJson(b));
        printJson(QJsonObject{{"variant", qs(model.engine->config().name)},
                              {"weights", qs(model.weightsSpec)},
                              {"blocks", list}});
    } else {
        QString text = QStringLiteral("%1, weights: %2\n\n")
                           .arg(qs(model.engine->config().name), qs(model.weightsSpec));
        for (const auto& b : blocks) text += blockText(b) + QLatin1Char('\n');
        printOut(text);
    }
    return kExitOk;
}

}  // namespace cli
