// densescope-cli compare: every CAM method on one image, layer and class, each with its
// faithfulness (ROAD and the confidence change), as the window's Compare view shows them.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

#include "cli_common.h"
#include "densescope/compare.h"
#include "densescope/errors.h"
#include "densescope/npy.h"
#include "image_io.h"

namespace cli {
namespace {

QJsonObject metricsJson(const ds::MethodComparison& m) {
    if (!m.hasMetrics) return QJsonObject{{"unavailable", qs(m.metricsNote)}};
    return QJsonObject{{"confidence_change", m.metrics.confidenceChange},
                       {"road_morf", m.metrics.roadMorf},
                       {"road_lerf", m.metrics.roadLerf},
                       {"road_combined", m.metrics.roadCombined}};
}

}  // namespace

int runCompare(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Every class activation map method at one module for one image and class, each with its "
        "faithfulness: ROAD (most and least relevant first, combined: higher is more faithful) "
        "and the confidence change when the input is multiplied by the map, as `cam --metrics` "
        "computes them. Cheapest first; sorted by --sort. Score-CAM and Ablation-CAM run a "
        "forward pass per channel: their estimated time is printed before they start, and "
        "--skip leaves them out.");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name (see cam --list-layers).", "name"},
        {"class", "Class to explain: an index or a label; default top-1.", "class"},
        {"methods", "Comma-separated CAM methods (default: all, cheapest first).", "list"},
        {"skip", "Comma-separated methods to leave out, e.g. scorecam,ablationcam.", "list"},
        {"sort", "road (default: most faithful first), confidence (largest change first) or "
                 "cost (the order they ran).", "key", "road"},
        {"out", "Also write each map as DIR/<method>.npy (float32 [H, W]).", "dir"},
        {"json", "Print JSON: the class and, per method, the map's size and maximum, the "
                 "metrics and the times."},
    });
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;
    const QString layerName = parser.value("layer");
    if (layerName.isEmpty()) throw UsageError("--layer NAME is required (see cam --list-layers).");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) + ".");
    const QString sort = parser.value("sort");
    if (sort != "road" && sort != "confidence" && sort != "cost")
        throw UsageError("--sort must be road, confidence or cost, not '" + sort.toStdString() + "'.");
    std::vector<ds::CamMethod> methods;
    try {
        if (parser.isSet("methods")) {
            for (const QString& m : parser.value("methods").split(',', Qt::SkipEmptyParts))
                methods.push_back(ds::parseCamMethod(m.toStdString()));
        } else {
            methods = ds::camMethodsByCost();
        }
        for (const QString& m : parser.value("skip").split(',', Qt::SkipEmptyParts)) {
            const ds::CamMethod skip = ds::parseCamMethod(m.toStdString());
            methods.erase(std::remove(methods.begin(), methods.end(), skip), methods.end());
        }
    } catch (const ds::ConfigError& e) {
        throw UsageError(e.what());
    }
    if (methods.empty()) throw UsageError("no method left to compare (--methods, --skip).");
    const QString outDir = parser.value("out");
    if (!outDir.isEmpty() && !QDir().mkpath(outDir))
        throw UsageError("cannot create the folder " + outDir.toStdString() + ".");

    LoadedModel model = loadModel(parser);
    ds::Engine& engine = *model.engine;
    const std::string layer = layerName.toStdString();
    const auto known = engine.capturableLayers();
    if (std::find(known.begin(), known.end(), layer) == known.end())
        throw UsageError("unknown layer '" + layer + "'. Run cam --list-layers for this model's module names.");
    const int classIndex = parser.isSet("class")
                               ? ds::parseClass(parser.value("class").toStdString(),
                                               engine.config().numClasses, engine.labels())
                               : -1;

    ds::CompareResult result;
    try {
        const ds::RgbImage image = ds::loadImage(positional.front());
        // Say what the slow ones will take before they start (from one timed forward pass).
        const double forwardMs = engine.classify(image, 1).timings.forwardMs;
        for (const ds::CamMethod m : methods)
            if (ds::camMethodIsPerturbation(m))
                printErr(QStringLiteral("%1 at %2: about %3 s (one forward per channel)")
                             .arg(ds::camMethodName(m), layerName)
                             .arg(ds::estimateCamSeconds(engine.config(), layer, m, forwardMs), 0, 'f', 0));
        const bool terminal = isatty(STDERR_FILENO);
        const ds::ProgressFn progress = [&](int done, int total) {
            if (terminal) {
                std::fprintf(stderr, "\rcompare: %d of %d methods", done / 2, total / 2);
                if (done == total) std::fputc('\n', stderr);
                std::fflush(stderr);
            }
            return true;
        };
        result = ds::compareCams(engine, image, layer, methods, classIndex, 5, progress);
        if (!outDir.isEmpty())
            for (const auto& m : result.methods)
                ds::writeNpy(QDir(outDir).filePath(QStringLiteral("%1.npy").arg(ds::camMethodName(m.method))).toStdString(),
                             m.map.values.data(), {m.map.height, m.map.width});
    } catch (const ds::Cancelled&) {
        return kExitSomeFailed;
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    std::vector<const ds::MethodComparison*> order;
    for (const auto& m : result.methods) order.push_back(&m);
    const auto key = [&](const ds::MethodComparison* m) {
        if (!m->hasMetrics) return -1e300;
        return sort == "road" ? m->metrics.roadCombined : -m->metrics.confidenceChange;
    };
    if (sort != "cost")
        std::stable_sort(order.begin(), order.end(),
                         [&](auto* a, auto* b) { return key(a) > key(b); });

    if (parser.isSet("json")) {
        QJsonArray rows;
        for (const auto* m : order)
            rows.append(QJsonObject{{"method", ds::camMethodName(m->method)},
                                    {"height", m->map.height},
                                    {"width", m->map.width},
                                    {"max", double(m->map.max)},
                                    {"metrics", metricsJson(*m)},
                                    {"cam_ms", m->camMs},
                                    {"metrics_ms", m->metricsMs}});
        printJson(QJsonObject{{"image", positional.front()},
                              {"layer", layerName},
                              {"class", QJsonObject{{"index", result.target.index},
                                                    {"label", qs(result.target.label)},
                                                    {"probability", double(result.target.probability)}}},
                              {"sort", sort},
                              {"methods", rows},
                              {"total_ms", result.totalMs}});
        return kExitOk;
    }
    printOut(QStringLiteral("%1 at %2, class %3 (%4): %5 methods in %6 s\n\n")
                 .arg(positional.front(), layerName)
                 .arg(result.target.index)
                 .arg(qs(result.target.label))
                 .arg(result.methods.size())
                 .arg(result.totalMs / 1000, 0, 'f', 1));
    printOut(QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                 .arg("method", -20).arg("ROAD", 9).arg("MoRF", 9).arg("LeRF", 9)
                 .arg("conf. chg", 10).arg("map ms", 9).arg("ROAD ms", 8));
    for (const auto* m : order) {
        const QString name = QString::fromLatin1(ds::camMethodName(m->method));
        if (!m->hasMetrics) {
            printOut(QStringLiteral("%1 %2 (%3)\n").arg(name, -20).arg(m->camMs, 9, 'f', 0).arg(qs(m->metricsNote)));
            continue;
        }
        printOut(QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                     .arg(name, -20)
                     .arg(m->metrics.roadCombined, 9, 'f', 3)
                     .arg(m->metrics.roadMorf, 9, 'f', 3)
                     .arg(m->metrics.roadLerf, 9, 'f', 3)
                     .arg(m->metrics.confidenceChange, 10, 'f', 3)
                     .arg(m->camMs, 9, 'f', 0)
                     .arg(m->metricsMs, 8, 'f', 0));
    }
    printOut(QStringLiteral("\nROAD: the class's logit change when the pixels the map ranks least "
                            "relevant are removed, minus that when the most relevant are removed, "
                            "halved (higher: the map points at what the network uses).\n"));
    return kExitOk;
}

}  // namespace cli
