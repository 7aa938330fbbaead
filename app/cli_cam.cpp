// densescope-cli cam: class activation maps (the eleven methods of ds::CamMethod) for one image,
// as raw NPY or as an overlay PNG on the network input. Several --layer (or --layer strip) run
// in one forward and one backward pass; Score-CAM and Ablation-CAM then take a forward per
// channel, layer after layer, with progress on stderr when it is a terminal.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <unistd.h>

#include "cam_figure.h"
#include "cli_cam_metrics.h"
#include "cli_common.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/npy.h"
#include "densescope/preprocess.h"
#include "file_output.h"
#include "image_io.h"

namespace cli {
namespace {

struct CamRequest {
    QStringList layers;  // as given; "strip" expands once the model is known
    QString out, image, classText;
    bool png = false;
    ds::CamMethod method = ds::CamMethod::GradCam;
    double opacity = 0.5;
    int timingRuns = 0;
    bool eigenSmooth = false;
};

// Checks what does not need the model; throws UsageError.
CamRequest camRequest(const QCommandLineParser& parser) {
    CamRequest r;
    r.layers = parser.values("layer");
    if (r.layers.isEmpty()) throw UsageError("--layer NAME is required (see --list-layers).");
    if (r.layers.contains("strip") && r.layers.size() > 1)
        throw UsageError("--layer strip stands alone: it means the app's strip of modules.");
    r.out = parser.value("out");
    if (r.out.isEmpty()) throw UsageError("--out FILE.npy or --out FILE.png is required.");
    const QString ext = QFileInfo(r.out).suffix().toLower();
    if (ext != "npy" && ext != "png")
        throw UsageError("--out must end in .npy (the raw CAM) or .png (the overlay), got '" +
                         r.out.toStdString() + "'.");
    r.png = ext == "png";
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) + ".");
    r.image = positional.front();
    try {
        r.method = ds::parseCamMethod(parser.value("method").toStdString());
    } catch (const ds::ConfigError& e) {
        throw UsageError(e.what());
    }
    r.classText = parser.value("class");
    r.eigenSmooth = parser.isSet("eigen-smooth");
    bool ok = false;
    r.opacity = parser.value("opacity").toDouble(&ok);
    if (!ok || r.opacity < 0 || r.opacity > 1)
        throw UsageError("--opacity must be a number from 0 to 1, got '" +
                         parser.value("opacity").toStdString() + "'.");
    if (parser.isSet("timings")) {
        r.timingRuns = parser.value("timings").toInt(&ok);
        if (!ok || r.timingRuns < 1 || r.timingRuns > 1000)
            throw UsageError("--timings needs a number of runs from 1 to 1000.");
    }
    return r;
}

// FILE.npy for one layer; FILE.<layer>.npy for each of several.
QString outputPath(const CamRequest& r, const std::string& layer, bool several) {
    if (!several) return r.out;
    const QFileInfo info(r.out);
    return info.dir().filePath(info.completeBaseName() + "." + qs(layer) + "." + info.suffix());
}

void writeCam(const CamRequest& r, const ds::CamMap& map, const ds::RgbImage& input224,
              const QString& path) {
    if (!r.png) {
        ds::writeNpy(path.toStdString(), map.values.data(), {map.height, map.width});
        return;
    }
    ds::ui::saveImageFile(ds::ui::renderCamFigure(input224, map, ds::ui::Colormap::Inferno, r.opacity),
                          path, "PNG");
}

QJsonObject mapJson(const ds::CamMap& m) {
    return QJsonObject{{"layer", qs(m.layer)},
                       {"height", m.height},
                       {"width", m.width},
                       {"max", double(m.max)},
                       {"argmax", QJsonArray{m.argmaxY, m.argmaxX}}};
}

// Score-CAM's and Ablation-CAM's progress as one updated line on stderr, only when stderr is a
// terminal (scripts and pipes read nothing extra): channels done, of all, and the time left.
ds::ProgressFn terminalProgress(ds::CamMethod method) {
    if (!ds::camMethodIsPerturbation(method) || !isatty(fileno(stderr))) return {};
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto last = start - std::chrono::seconds(1);
    return [=](int done, int total) mutable {
        const auto now = Clock::now();
        if (done < total && now - last < std::chrono::milliseconds(200)) return true;
        last = now;
        const double elapsed = std::chrono::duration<double>(now - start).count();
        QString line = QStringLiteral("\r%1: %2 of %3 channels").arg(ds::camMethodName(method)).arg(done).arg(total);
        if (done > 0 && done < total)
            line += QStringLiteral(", about %1 s left").arg(elapsed * (total - done) / done, 0, 'f', 0);
        line += done < total ? QStringLiteral("   ") : QStringLiteral(", %1 s   \n").arg(elapsed, 0, 'f', 1);
        std::fputs(line.toUtf8().constData(), stderr);
        std::fflush(stderr);
        return true;
    };
}

ds::CamOptions camOptions(const CamRequest& r, bool progress) {
    ds::CamOptions options;
    options.eigenSmooth = r.eigenSmooth;
    if (progress) options.progress = terminalProgress(r.method);
    return options;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The CAM's time against the engine's own forward pass on the same image, both medians of
// `runs` after one warm-up each.
QJsonObject timings(ds::Engine& engine, const ds::RgbImage& image, const std::vector<std::string>& layers,
                    const CamRequest& r, int classIndex) {
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    };
    std::vector<double> forward, cam;
    const ds::CamOptions options = camOptions(r, false);
    engine.classify(image, 5);
    ds::computeCams(engine, image, layers, r.method, classIndex, 5, nullptr, options);
    for (int i = 0; i < r.timingRuns; ++i) {
        auto t = Clock::now();
        engine.classify(image, 5);
        forward.push_back(ms(t));
        t = Clock::now();
        ds::computeCams(engine, image, layers, r.method, classIndex, 5, nullptr, options);
        cam.push_back(ms(t));
    }
    const double f = median(forward), c = median(cam);
    return QJsonObject{{"runs", r.timingRuns}, {"threads", engine.threads()}, {"forward_ms", f},
                       {"cam_ms", c}, {"ratio", f > 0 ? c / f : 0.0}};
}

}  // namespace

int runCam(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Class activation map of IMAGE at a module, for a class (the top-1 by default): the raw "
        "CAM as float32 NPY [H, W] at the module's resolution, or (FILE.png) the CAM upsampled "
        "to the 224x224 network input, min-max normalised and blended over it, with a colour "
        "bar. Several --layer, or --layer strip (the app's strip: features.pool0, each dense "
        "block and transition), share one forward and one backward pass and write "
        "FILE.<layer>.npy|png.");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name (repeatable), or 'strip'.", "name"},
        {"class",
         "Class to explain: an index (281) or a label (tabby; the --labels file's names when "
         "given); default top-1.",
         "class"},
        {"method",
         "gradcam (default), gradcampp, layercam, hirescam, gradcamelementwise, xgradcam, "
         "eigencam, eigengradcam, scorecam, ablationcam or fem (docs/explanations.md). scorecam "
         "and ablationcam take a forward per channel of the layer.",
         "method", "gradcam"},
        {"eigen-smooth",
         "Replace the sum over channels by the weighted activations' first principal component "
         "(no effect on eigencam and eigengradcam)."},
        {"out", "Output file: FILE.npy (raw CAM) or FILE.png (overlay figure).", "file"},
        {"opacity", "PNG: how strongly the CAM covers the input, 0 to 1 (default 0.5).", "a", "0.5"},
        {"list-layers", "Print the module names this model accepts and exit."},
        {"json", "Print the class and each map's size, maximum and its position as JSON."},
        {"timings", "Also time N runs against the engine's forward pass (JSON \"timings\").", "N"},
    });
    addCamMetricsOption(parser);
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;

    const bool listOnly = parser.isSet("list-layers");
    const CamRequest request = listOnly ? CamRequest{} : camRequest(parser);
    const bool oneFile = request.layers.size() == 1 && request.layers.front() != "strip";
    if (!listOnly && oneFile && !outputTargetOk(request.out)) return kExitSomeFailed;
    LoadedModel model = loadModel(parser);
    ds::Engine& engine = *model.engine;
    if (listOnly) {
        for (const auto& n : engine.capturableLayers()) printOut(qs(n) + QLatin1Char('\n'));
        return kExitOk;
    }
    std::vector<std::string> layers;
    if (request.layers == QStringList{"strip"}) {
        layers = ds::camStripLayers(engine.config());
    } else {
        const auto known = engine.capturableLayers();
        for (const auto& l : request.layers) {
            if (std::find(known.begin(), known.end(), l.toStdString()) == known.end())
                throw UsageError("unknown layer '" + l.toStdString() +
                                 "'. Run with --list-layers for this model's module names.");
            layers.push_back(l.toStdString());
        }
    }
    const int classIndex = request.classText.isEmpty()
                               ? -1
                               : ds::parseClass(request.classText.toStdString(),
                                               engine.config().numClasses, engine.labels());

    ds::CamResult result;
    QJsonArray written;
    QJsonObject timing;
    CamMetricsRun metrics;
    try {
        const ds::RgbImage image = ds::loadImage(request.image);
        result = ds::computeCams(engine, image, layers, request.method, classIndex, 5, nullptr,
                                 camOptions(request, true));
        const ds::RgbImage input224 = request.png ? ds::networkInputImage(image) : ds::RgbImage{};
        for (const auto& map : result.maps) {
            const QString path = outputPath(request, map.layer, layers.size() > 1);
            writeCam(request, map, input224, path);
            written.append(path);
        }
        if (request.timingRuns > 0) timing = timings(engine, image, layers, request, classIndex);
        metrics = camMetrics(parser, engine, image, result);
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    const QJsonObject cls{{"index", result.target.index},
                          {"label", qs(result.target.label)},
                          {"probability", double(result.target.probability)}};
    if (parser.isSet("json")) {
        QJsonObject o;
        if (result.maps.size() == 1) {
            o = mapJson(result.maps.front());
            o.insert("out", written.first());
        } else {
            QJsonArray maps;
            for (size_t i = 0; i < result.maps.size(); ++i) {
                QJsonObject m = mapJson(result.maps[i]);
                m.insert("out", written[int(i)]);
                maps.append(m);
            }
            o.insert("layers", maps);
        }
        o.insert("image", request.image);
        o.insert("method", ds::camMethodName(request.method));
        o.insert("eigen_smooth", result.eigenSmooth);
        o.insert("class", cls);
        if (!timing.isEmpty()) o.insert("timings", timing);
        insertCamMetrics(o, metrics);
        printJson(o);
    } else {
        printOut(QStringLiteral("%1: %2%3 for class %4 (%5, p = %6)\n")
                     .arg(request.image, ds::camMethodName(request.method),
                          result.eigenSmooth ? QStringLiteral(" (eigen-smooth)") : QString())
                     .arg(result.target.index)
                     .arg(qs(result.target.label))
                     .arg(double(result.target.probability), 0, 'g', 3));
        for (int i = 0; i < written.size(); ++i) {
            const auto& m = result.maps[size_t(i)];
            printOut(QStringLiteral("  %1 [%2, %3], max %4 at (%5, %6) -> %7\n")
                         .arg(qs(m.layer))
                         .arg(m.height)
                         .arg(m.width)
                         .arg(double(m.max), 0, 'g', 4)
                         .arg(m.argmaxY)
                         .arg(m.argmaxX)
                         .arg(written[i].toString()));
        }
        if (!timing.isEmpty())
            printOut(QStringLiteral("  timings: forward %1 ms, CAM %2 ms (%3x), median of %4\n")
                         .arg(timing["forward_ms"].toDouble(), 0, 'f', 1)
                         .arg(timing["cam_ms"].toDouble(), 0, 'f', 1)
                         .arg(timing["ratio"].toDouble(), 0, 'f', 2)
                         .arg(timing["runs"].toInt()));
        printCamMetrics(metrics, result);
    }
    return metrics.anyFailed() ? kExitSomeFailed : kExitOk;
}

}  // namespace cli
