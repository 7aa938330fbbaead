// densescope-cli top-images: ranks images by one channel's spatial maximum at one layer, with
// the receptive field of the maximum's position in the 224x224 network input.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

#include "cli_common.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "image_files.h"
#include "image_io.h"
#include "model_options.h"

namespace cli {
namespace {

struct Entry {
    QString image;
    QString error;  // empty when ranked
    float max = 0.f;
    int y = 0, x = 0;
    std::array<int, 4> box{};
};

// DIR arguments become their image files (sorted as the app sorts them, with a note on stderr
// for the other files skipped); files are kept as given.
QStringList expandPaths(const QStringList& args) {
    QStringList out;
    for (const QString& arg : args) {
        if (arg != QLatin1String("-") && QFileInfo(arg).isDir()) {
            int skipped = 0;
            const QStringList files = ds::imageFilesIn(arg, &skipped);
            if (skipped > 0)
                printErr(QStringLiteral("note: %1: skipped %2 file(s) that are not images by "
                                        "their extension.")
                             .arg(arg)
                             .arg(skipped));
            if (files.isEmpty()) printErr(QStringLiteral("note: %1 holds no images.").arg(arg));
            out << files;
        } else {
            out << arg;
        }
    }
    return out;
}

// Highest maximum first; ties (and NaN, which ranks last) by path.
bool ranksBefore(const Entry& a, const Entry& b) {
    const bool an = std::isnan(a.max), bn = std::isnan(b.max);
    if (an != bn) return bn;
    if (!an && a.max != b.max) return a.max > b.max;
    return a.image < b.image;
}

QJsonObject toJson(const Entry& e) {
    if (!e.error.isEmpty()) return QJsonObject{{"image", e.image}, {"error", e.error}};
    return QJsonObject{{"image", e.image},
                       {"max", std::isnan(e.max) ? QJsonValue() : QJsonValue(double(e.max))},
                       {"argmax", QJsonArray{e.y, e.x}},
                       {"box", QJsonArray{e.box[0], e.box[1], e.box[2], e.box[3]}}};
}

// Means, not medians: images per second is 1000 / the mean time per image, so the means say
// where that time went (forward against decode and the rest) even on a busy machine.
double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

}  // namespace

int runTopImages(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs each image (or each image of a DIR) through the network once and ranks them by "
        "one channel's spatial maximum at one layer, highest first (ties by path). Each result "
        "has the maximum's position [y, x] in the layer's map and its receptive field [x0, y0, "
        "x1, y1] in the 224x224 network input. An image that cannot be read gets an error "
        "entry; the others are still ranked (exit 1 then).");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name, e.g. features.denseblock2.denselayer3.", "name"},
        {"channel", "Channel of that layer, from 0.", "c"},
        {"top", "Number of images to list (default 10).", "n", "10"},
        {"json", "Print JSON on stdout."},
        {"timings",
         "Add the scan's images per second and the mean decode, preprocess and forward "
         "milliseconds per image."},
    });
    parser.addPositionalArgument("DIR|IMAGE", "Folders (their image files) or image files.",
                                 "DIR|IMAGE...");
    if (!parseOrHelp(parser, args)) return kExitOk;
    const QString layer = parser.value("layer");
    if (layer.isEmpty()) throw UsageError("--layer NAME is required.");
    if (!parser.isSet("channel")) throw UsageError("--channel C is required.");
    bool ok = false;
    const int channel = parser.value("channel").toInt(&ok);
    if (!ok) throw UsageError("--channel must be a whole number, got '" +
                              parser.value("channel").toStdString() + "'.");
    const int top = ds::options::positiveInt(parser, "top");
    if (parser.positionalArguments().isEmpty()) throw UsageError("no DIR or IMAGE given (see --help).");
    const bool json = parser.isSet("json"), timings = parser.isSet("timings");

    LoadedModel model = loadModel(parser);
    ds::Engine& engine = *model.engine;
    const std::vector<std::string> known = engine.capturableLayers();
    if (std::find(known.begin(), known.end(), layer.toStdString()) == known.end()) {
        QString list;
        for (const auto& n : known) list += QStringLiteral("\n  ") + qs(n);
        throw UsageError(QStringLiteral("unknown layer '%1'. Valid layers for this model:%2")
                             .arg(layer, list)
                             .toStdString());
    }
    const int channels = engine.summary().find(layer.toStdString())->outChannels;
    if (channel < 0 || channel >= channels)
        throw UsageError(QStringLiteral("--channel %1 is out of range: %2 has %3 channels (0 to %4).")
                             .arg(channel)
                             .arg(layer)
                             .arg(channels)
                             .arg(channels - 1)
                             .toStdString());
    const ds::ReceptiveField rf = ds::receptiveField(engine.config(), layer.toStdString());

    const QStringList images = expandPaths(parser.positionalArguments());
    std::vector<Entry> ranked, failed;
    std::vector<double> forwardMs, decodeMs, preprocessMs;
    QElapsedTimer scan;
    scan.start();
    for (const QString& path : images) {
        Entry e;
        e.image = path;
        try {
            // channelPeaks(engine, image, layer) without losing the pass's timings.
            QElapsedTimer decode;
            decode.start();
            const ds::RgbImage image = ds::loadImage(path);
            decodeMs.push_back(double(decode.nsecsElapsed()) / 1e6);
            ds::ClassifyResult r = engine.classify(image, 1, {layer.toStdString()});
            forwardMs.push_back(r.timings.forwardMs);
            preprocessMs.push_back(r.timings.preprocessMs);
            const ds::ChannelPeaks peaks = ds::channelPeaks(r.maps.at(0));
            e.max = peaks.max[size_t(channel)];
            e.y = peaks.argmax[size_t(channel)] / peaks.width;
            e.x = peaks.argmax[size_t(channel)] % peaks.width;
            e.box = ds::receptiveBox(rf, e.y, e.x);
            ranked.push_back(e);
        } catch (const std::bad_alloc&) {
            e.error = QStringLiteral("Out of memory while reading '%1': try a smaller image.").arg(path);
            failed.push_back(e);
        } catch (const std::exception& ex) {
            e.error = qs(ex.what());
            if (!e.error.contains(path)) e.error = QStringLiteral("'%1': %2").arg(path, e.error);
            failed.push_back(e);
        }
    }
    const double seconds = double(scan.nsecsElapsed()) / 1e9;
    std::sort(ranked.begin(), ranked.end(), ranksBefore);
    if (int(ranked.size()) > top) ranked.resize(size_t(top));

    const int scanned = int(images.size());
    const double rate = seconds > 0 ? scanned / seconds : 0;
    if (json) {
        QJsonArray results;
        for (const Entry& e : ranked) results.append(toJson(e));
        for (const Entry& e : failed) results.append(toJson(e));
        QJsonObject o{{"layer", layer}, {"channel", channel}, {"results", results}};
        if (timings)
            o["timings"] = QJsonObject{{"images", scanned},
                                       {"seconds", seconds},
                                       {"images_per_second", rate},
                                       {"forward_ms", mean(forwardMs)},
                                       {"decode_ms", mean(decodeMs)},
                                       {"preprocess_ms", mean(preprocessMs)}};
        printJson(o);
    } else {
        printOut(QStringLiteral("%1, channel %2: top %3 of %4 images\n")
                     .arg(layer)
                     .arg(channel)
                     .arg(ranked.size())
                     .arg(scanned));
        int rank = 0;
        for (const Entry& e : ranked)
            printOut(QStringLiteral("  %1. %2  at [%3, %4]  box [%5, %6, %7, %8]  %9\n")
                         .arg(++rank, 2)
                         .arg(double(e.max), 10, 'g', 6)
                         .arg(e.y)
                         .arg(e.x)
                         .arg(e.box[0])
                         .arg(e.box[1])
                         .arg(e.box[2])
                         .arg(e.box[3])
                         .arg(e.image));
        if (timings)
            printOut(QStringLiteral("  %1 images in %2 s: %3 images/s (mean per image: decode "
                                    "%4 ms, preprocess %5 ms, forward %6 ms)\n")
                         .arg(scanned)
                         .arg(seconds, 0, 'f', 2)
                         .arg(rate, 0, 'f', 2)
                         .arg(mean(decodeMs), 0, 'f', 1)
                         .arg(mean(preprocessMs), 0, 'f', 1)
                         .arg(mean(forwardMs), 0, 'f', 1));
    }
    for (const Entry& e : failed) printErr(e.error);
    return failed.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace cli
