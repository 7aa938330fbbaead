// densescope-cli attribute: pixel attributions (saliency, input x gradient, Integrated
// Gradients, SmoothGrad, guided backprop, deconvolution, guided Grad-CAM, occlusion) for one
// image and class, as raw NPY [3, H, W] over the normalised network input, or as a PNG (the
// channels' absolute values summed, clipped at the 99th percentile, over a grey input).
// Contract: docs/architecture.md; definitions: densescope/attribution.h.
#include <QFileInfo>
#include <QJsonArray>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "attribution_figure.h"
#include "cli_common.h"
#include "densescope/attribution.h"
#include "densescope/errors.h"
#include "densescope/npy.h"
#include "densescope/preprocess.h"
#include "file_output.h"
#include "image_io.h"

namespace cli {
namespace {

struct AttributeRequest {
    ds::AttributionMethod method = ds::AttributionMethod::Saliency;
    ds::AttributionOptions options;
    QString out, image, classText;
    bool png = false;
    int timingRuns = 0;
};

int intOption(const QCommandLineParser& parser, const char* name, int lo, int hi) {
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < lo || v > hi)
        throw UsageError(std::string("--") + name + " must be a whole number from " +
                         std::to_string(lo) + " to " + std::to_string(hi) + ", got '" +
                         parser.value(name).toStdString() + "'.");
    return v;
}

// Checks what does not need the model; throws UsageError.
AttributeRequest attributeRequest(const QCommandLineParser& parser) {
    AttributeRequest r;
    if (!parser.isSet("method"))
        throw UsageError("--method NAME is required: saliency, inputxgradient, "
                         "integratedgradients, smoothgrad, guidedbackprop, deconvolution, "
                         "guidedgradcam or occlusion.");
    try {
        r.method = ds::parseAttributionMethod(parser.value("method").toStdString());
    } catch (const ds::ConfigError& e) {
        throw UsageError(e.what());
    }
    const std::string name = ds::attributionMethodName(r.method);
    // An option the method does not read is a mistake worth saying, not something to ignore.
    if (parser.isSet("steps") && !ds::attributionUsesSteps(r.method))
        throw UsageError("--steps is for integratedgradients only; " + name + " takes no steps.");
    if ((parser.isSet("samples") || parser.isSet("seed")) && !ds::attributionUsesSamples(r.method))
        throw UsageError(std::string(parser.isSet("samples") ? "--samples" : "--seed") +
                         " is for smoothgrad only; " + name + " uses no noise.");
    if (parser.isSet("layer") && !ds::attributionUsesLayer(r.method))
        throw UsageError("--layer is for guidedgradcam only (its Grad-CAM module); " + name +
                         " explains the input directly.");
    if (parser.isSet("steps")) r.options.steps = intOption(parser, "steps", 1, 1024);
    if (parser.isSet("samples")) r.options.samples = intOption(parser, "samples", 1, 1024);
    if (parser.isSet("seed")) {
        bool ok = false;
        r.options.seed = parser.value("seed").toULongLong(&ok);
        if (!ok)
            throw UsageError("--seed must be a non-negative whole number, got '" +
                             parser.value("seed").toStdString() + "'.");
    }
    r.options.layer = parser.value("layer").toStdString();
    r.out = parser.value("out");
    if (r.out.isEmpty()) throw UsageError("--out FILE.npy or --out FILE.png is required.");
    const QString ext = QFileInfo(r.out).suffix().toLower();
    if (ext != "npy" && ext != "png")
        throw UsageError("--out must end in .npy (the raw attribution) or .png (the picture), got '" +
                         r.out.toStdString() + "'.");
    r.png = ext == "png";
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) + ".");
    r.image = positional.front();
    r.classText = parser.value("class");
    if (parser.isSet("timings")) r.timingRuns = intOption(parser, "timings", 1, 1000);
    return r;
}

// "integratedgradients 12/32, 4.1 s left" on one terminal line, when stderr is a terminal.
class ProgressLine {
public:
    explicit ProgressLine(std::string what)
        : what_(std::move(what)), enabled_(isatty(fileno(stderr)) != 0), start_(Clock::now()) {}
    bool operator()(int done, int total) const {
        if (!enabled_ || total <= 0) return true;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        const double left = done > 0 ? elapsed / done * (total - done) : 0.0;
        std::fprintf(stderr, "\r%s %d/%d, %.1f s left   ", what_.c_str(), done, total, left);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
        return true;
    }

private:
    using Clock = std::chrono::steady_clock;
    std::string what_;
    bool enabled_;
    Clock::time_point start_;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The attribution's time against the engine's own (fast) forward on the same image, medians
// of `runs` after one warm-up each.
QJsonObject timings(ds::Engine& engine, const ds::RgbImage& image, const AttributeRequest& r,
                    int classIndex) {
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::time_point t) {
        return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    };
    std::vector<double> forward, attribution;
    engine.classify(image, 5);
    ds::computeAttribution(engine, image, r.method, classIndex, r.options);
    for (int i = 0; i < r.timingRuns; ++i) {
        auto t = Clock::now();
        engine.classify(image, 5);
        forward.push_back(ms(t));
        t = Clock::now();
        ds::computeAttribution(engine, image, r.method, classIndex, r.options);
        attribution.push_back(ms(t));
    }
    const double f = median(forward), a = median(attribution);
    return QJsonObject{{"runs", r.timingRuns}, {"threads", engine.threads()}, {"forward_ms", f},
                       {"attribution_ms", a}, {"ratio", f > 0 ? a / f : 0.0}};
}

QJsonObject predictionJson(const ds::Prediction& p) {
    return QJsonObject{{"index", p.index}, {"label", qs(p.label)}, {"probability", double(p.probability)}};
}

}  // namespace

int runAttribute(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Pixel attribution of IMAGE for a class (the top-1 by default): how much each element of "
        "the normalised 3x224x224 network input counts for the class's logit. FILE.npy: float32 "
        "[3, 224, 224], raw; FILE.png: the channels' absolute values summed, clipped at their "
        "99th percentile, over a grey copy of the input. Methods: saliency, inputxgradient, "
        "integratedgradients (--steps), smoothgrad (--samples, --seed), guidedbackprop, "
        "deconvolution, guidedgradcam (--layer), occlusion. Definitions: docs/explanations.md.");
    addEngineOptions(parser);
    parser.addOptions({
        {"method", "The attribution method (required; see above).", "name"},
        {"class",
         "Class to explain: an index (281) or a label (tabby; the --labels file's names when "
         "given); default top-1.",
         "class"},
        {"layer", "guidedgradcam: the Grad-CAM module (default: the last dense block).", "name"},
        {"steps", "integratedgradients: Gauss-Legendre steps, 1 to 1024 (default 32).", "N"},
        {"samples", "smoothgrad: noisy copies, 1 to 1024 (default 32).", "N"},
        {"seed", "smoothgrad: seed of torch's CPU generator for the noise (default 0).", "S"},
        {"out", "Output file: FILE.npy (raw) or FILE.png (picture).", "file"},
        {"json", "Print the method, class, top predictions, sum (and IG's completeness gap) as JSON."},
        {"timings", "Also time N runs against the engine's forward pass (JSON \"timings\").", "N"},
    });
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;

    const AttributeRequest request = attributeRequest(parser);
    if (!outputTargetOk(request.out)) return kExitSomeFailed;
    LoadedModel model = loadModel(parser);
    ds::Engine& engine = *model.engine;
    if (!request.options.layer.empty()) {
        const auto known = engine.capturableLayers();
        if (std::find(known.begin(), known.end(), request.options.layer) == known.end())
            throw UsageError("unknown layer '" + request.options.layer +
                             "'. Run `densescope-cli cam --list-layers` for this model's module "
                             "names.");
    }
    const int classIndex = request.classText.isEmpty()
                               ? -1
                               : ds::parseClass(request.classText.toStdString(),
                                               engine.config().numClasses, engine.labels());

    ds::AttributionResult result;
    QJsonObject timing;
    try {
        const ds::RgbImage image = ds::loadImage(request.image);
        const ProgressLine progress(ds::attributionMethodName(request.method));
        result = ds::computeAttribution(engine, image, request.method, classIndex, request.options,
                                        5, ds::attributionIsSlow(request.method)
                                               ? ds::ProgressFn(std::cref(progress))
                                               : ds::ProgressFn());
        if (request.png) {
            ds::ui::saveImageFile(ds::ui::attributionOverlay(ds::networkInputImage(image), result),
                                  request.out, "PNG");
        } else {
            ds::writeNpy(request.out.toStdString(), result.values.data(),
                         {3, result.height, result.width});
        }
        if (request.timingRuns > 0) timing = timings(engine, image, request, classIndex);
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    const char* method = ds::attributionMethodName(request.method);
    if (parser.isSet("json")) {
        QJsonArray top;
        for (const auto& p : result.top) top.append(predictionJson(p));
        QJsonObject o{{"image", request.image},
                      {"method", method},
                      {"class", predictionJson(result.target)},
                      {"top", top},
                      {"out", request.out},
                      {"shape", QJsonArray{3, result.height, result.width}},
                      {"sum", result.sum},
                      {"max_abs", double(result.maxAbs)},
                      {"forwards", result.forwards}};
        if (request.method == ds::AttributionMethod::IntegratedGradients) {
            o.insert("steps", request.options.steps);
            o.insert("logit_input", *result.logitInput);
            o.insert("logit_baseline", *result.logitBaseline);
            o.insert("completeness_gap", *result.completenessGap);
        }
        if (request.method == ds::AttributionMethod::SmoothGrad) {
            o.insert("samples", request.options.samples);
            o.insert("seed", QString::number(qulonglong(request.options.seed)));
        }
        if (!result.layer.empty()) o.insert("layer", qs(result.layer));
        if (!timing.isEmpty()) o.insert("timings", timing);
        printJson(o);
    } else {
        printOut(QStringLiteral("%1: %2 for class %3 (%4, p = %5), sum %6, max |a| %7 -> %8\n")
                     .arg(request.image, method)
                     .arg(result.target.index)
                     .arg(qs(result.target.label))
                     .arg(double(result.target.probability), 0, 'g', 3)
                     .arg(result.sum, 0, 'g', 5)
                     .arg(double(result.maxAbs), 0, 'g', 4)
                     .arg(request.out));
        if (result.completenessGap)
            printOut(QStringLiteral("  completeness gap |sum IG - (y(x) - y(0))| = %1 (y(x) - y(0) = %2, %3 steps)\n")
                         .arg(*result.completenessGap, 0, 'g', 4)
                         .arg(*result.logitInput - *result.logitBaseline, 0, 'g', 6)
                         .arg(request.options.steps));
        if (!timing.isEmpty())
            printOut(QStringLiteral("  timings: forward %1 ms, attribution %2 ms (%3x), median of %4\n")
                         .arg(timing["forward_ms"].toDouble(), 0, 'f', 1)
                         .arg(timing["attribution_ms"].toDouble(), 0, 'f', 1)
                         .arg(timing["ratio"].toDouble(), 0, 'f', 2)
                         .arg(timing["runs"].toInt()));
    }
    return kExitOk;
}

}  // namespace cli
