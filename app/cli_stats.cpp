// densescope-cli stats: one channel's statistics and histogram, and the module's per-channel
// means, for one image (the app's Statistics tab).
#include <QJsonArray>

#include <algorithm>

#include "cli_common.h"
#include "densescope/analysis.h"
#include "image_io.h"

namespace cli {

int runStats(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints the statistics of one channel of a module's output for IMAGE: min, max, mean, "
        "standard deviation (population), the share of values <= 0 and a histogram over "
        "[min, max] (the last bin includes max), plus the mean of every channel of the module.");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name, e.g. features.norm5.", "name"},
        {"channel", "Channel index (default 0).", "C", "0"},
        {"bins", "Histogram bins (default 64).", "N", "64"},
        {"json", "Print JSON."},
    });
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;

    const QString layer = parser.value("layer");
    if (layer.isEmpty()) throw UsageError("--layer NAME is required (see features --list-layers).");
    bool ok = false;
    const int channel = parser.value("channel").toInt(&ok);
    if (!ok || channel < 0)
        throw UsageError("--channel must be a channel index (0 or more), got '" +
                         parser.value("channel").toStdString() + "'.");
    const int bins = parser.value("bins").toInt(&ok);
    if (!ok || bins < 1 || bins > 100000)
        throw UsageError("--bins must be 1 to 100000, got '" + parser.value("bins").toStdString() + "'.");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) + ".");
    const QString image = positional.front();

    LoadedModel model = loadModel(parser);
    const auto known = model.engine->capturableLayers();
    if (std::find(known.begin(), known.end(), layer.toStdString()) == known.end())
        throw UsageError("unknown layer '" + layer.toStdString() +
                         "' (densescope-cli features --list-layers lists this model's layers).");
    ds::FeatureMap map;
    try {
        ds::ClassifyResult result =
            model.engine->classify(ds::loadImage(image), 1, {layer.toStdString()});
        map = std::move(result.maps.at(0));
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }
    if (channel >= map.channels)
        throw UsageError(QStringLiteral("--channel %1 does not exist: %2 has channels 0 to %3.")
                             .arg(channel)
                             .arg(layer)
                             .arg(map.channels - 1)
                             .toStdString());
    const ds::ChannelStatistics s = ds::channelStatistics(map, channel, bins);
    const std::vector<double> edges = ds::histogramEdges(s);

    if (parser.isSet("json")) {
        QJsonArray counts, edgeList, means;
        for (int64_t c : s.histogram) counts.append(qint64(c));
        for (double e : edges) edgeList.append(e);
        for (float m : map.channelMean) means.append(double(m));
        printJson(QJsonObject{{"image", image},
                              {"layer", layer},
                              {"shape", QJsonArray{map.channels, map.height, map.width}},
                              {"channel", channel},
                              {"min", double(s.min)},
                              {"max", double(s.max)},
                              {"mean", s.mean},
                              {"std", s.stddev},
                              {"fraction_nonpositive", s.fractionNonPositive},
                              {"histogram", QJsonObject{{"edges", edgeList}, {"counts", counts}}},
                              {"channel_means", means}});
        return kExitOk;
    }
    QString text = QStringLiteral("%1: %2 [%3, %4, %5], channel %6\n")
                       .arg(image, layer)
                       .arg(map.channels)
                       .arg(map.height)
                       .arg(map.width)
                       .arg(channel);
    text += QStringLiteral("min %1  max %2  mean %3  std %4  <= 0: %5 %\n")
                .arg(s.min, 0, 'g', 5)
                .arg(s.max, 0, 'g', 5)
                .arg(s.mean, 0, 'g', 5)
                .arg(s.stddev, 0, 'g', 5)
                .arg(100.0 * s.fractionNonPositive, 0, 'f', 1);
    const int64_t peak = std::max<int64_t>(1, *std::max_element(s.histogram.begin(), s.histogram.end()));
    for (size_t b = 0; b < s.histogram.size(); ++b)
        text += QStringLiteral("%1 .. %2 %3 %4\n")
                    .arg(edges[b], 11, 'g', 4)
                    .arg(edges[b + 1], -11, 'g', 4)
                    .arg(s.histogram[b], 7)
                    .arg(QString(int(40 * s.histogram[b] / peak), QLatin1Char('#')));
    text += QStringLiteral("Per-channel means:");
    for (int c = 0; c < map.channels; ++c)
        text += (c % 8 == 0 ? QStringLiteral("\n  %1:").arg(c, 5) : QString()) +
                QStringLiteral(" %1").arg(double(map.channelMean[size_t(c)]), 10, 'g', 4);
    printOut(text + QLatin1Char('\n'));
    return kExitOk;
}

}  // namespace cli
