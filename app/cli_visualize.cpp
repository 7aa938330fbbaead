// densescope-cli visualize: feature visualisation of one channel (core/analysis/visualize.cpp),
// saved as a 224x224 PNG.
#include <QImage>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <unistd.h>

#include "cli_common.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "file_output.h"
#include "image_io.h"

namespace cli {
namespace {

struct VisualizeRequest {
    QString layer, out;
    int channel = 0;
    ds::VisualizeOptions options;
};

int intOption(const QCommandLineParser& parser, const QString& name, int min, int max) {
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < min || v > max)
        throw UsageError(QStringLiteral("--%1 must be a whole number from %2 to %3, got '%4'.")
                             .arg(name)
                             .arg(min)
                             .arg(max)
                             .arg(parser.value(name))
                             .toStdString());
    return v;
}

// Checks the arguments that do not need the model; throws UsageError.
VisualizeRequest visualizeRequest(const QCommandLineParser& parser) {
    VisualizeRequest r;
    r.layer = parser.value("layer");
    r.out = parser.value("out");
    if (r.layer.isEmpty()) throw UsageError("--layer NAME is required (e.g. features.denseblock3).");
    if (!parser.isSet("channel")) throw UsageError("--channel C is required.");
    r.channel = intOption(parser, "channel", 0, std::numeric_limits<int>::max());
    if (r.out.isEmpty()) throw UsageError("--out FILE.png is required.");
    if (!r.out.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        throw UsageError("--out must name a .png file, got '" + r.out.toStdString() + "'.");
    r.options.steps = intOption(parser, "steps", 1, 100000);
    bool ok = false;
    r.options.seed = parser.value("seed").toULongLong(&ok);
    if (!ok)
        throw UsageError("--seed must be a non-negative whole number, got '" +
                         parser.value("seed").toStdString() + "'.");
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("visualize takes no IMAGE: it synthesises one (see --help).");
    return r;
}

// "step 37/128, 4.1 s left" on one terminal line, when stderr is a terminal.
class ProgressLine {
public:
    ProgressLine() : enabled_(isatty(fileno(stderr)) != 0), start_(Clock::now()) {}
    bool operator()(int done, int total) {
        if (!enabled_) return true;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        const double left = done > 0 ? elapsed / done * (total - done) : 0.0;
        std::fprintf(stderr, "\rstep %d/%d, %.1f s left   ", done, total, left);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
        return true;
    }

private:
    using Clock = std::chrono::steady_clock;
    bool enabled_;
    Clock::time_point start_;
};

}  // namespace

int runVisualize(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Synthesises the 224x224 input that maximises one channel's mean activation (gradient "
        "ascent on a decorrelated, Fourier-parameterised image with random jitter, scale and "
        "rotation each step: the Lucid/Lucent recipe) and saves it as PNG. The same seed gives "
        "the same image (on one device and thread count).");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name, e.g. features.denseblock3.", "name"},
        {"channel", "Channel of that module's output, from 0.", "C"},
        {"steps", "Optimisation steps (default 128).", "N", "128"},
        {"seed", "Random seed of the starting image and the transforms (default 0).", "S", "0"},
        {"out", "Output PNG file (224x224 RGB).", "FILE.png"},
        {"json", "Print a JSON summary (objective at the start and for the saved PNG)."},
    });
    if (!parseOrHelp(parser, args)) return kExitOk;

    const VisualizeRequest request = visualizeRequest(parser);
    if (!outputTargetOk(request.out)) return kExitSomeFailed;
    LoadedModel model = loadModel(parser);
    const std::vector<std::string> known = model.engine->capturableLayers();
    if (std::find(known.begin(), known.end(), request.layer.toStdString()) == known.end()) {
        QString list;
        for (const auto& n : known) list += QStringLiteral("\n  ") + qs(n);
        throw UsageError(QStringLiteral("unknown layer '%1'. Valid layers for this model:%2")
                             .arg(request.layer, list)
                             .toStdString());
    }

    ProgressLine progress;
    // Bad channels are ConfigErrors (exit 2, from main); failures while computing or writing
    // end with exit 1.
    ds::VisualizeResult result;
    try {
        result = ds::visualizeChannel(*model.engine, request.layer.toStdString(), request.channel,
                                      request.options, std::ref(progress));
    } catch (const ds::ConfigError&) {
        throw;
    } catch (const ds::LayerError&) {
        throw;
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }
    try {
        ds::ui::saveImageFile(ds::toQImage(result.image), request.out, "PNG");
    } catch (const ds::Error& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    if (parser.isSet("json"))
        printJson(QJsonObject{{"layer", request.layer},
                              {"channel", request.channel},
                              {"steps", request.options.steps},
                              {"seed", qint64(request.options.seed)},
                              {"objective_start", double(result.objectiveStart)},
                              {"objective_end", double(result.objectiveEnd)},
                              {"out", request.out}});
    else
        printOut(QStringLiteral("%1 channel %2: objective %3 -> %4 after %5 steps -> %6\n")
                     .arg(request.layer)
                     .arg(request.channel)
                     .arg(double(result.objectiveStart))
                     .arg(double(result.objectiveEnd))
                     .arg(request.options.steps)
                     .arg(request.out));
    return kExitOk;
}

}  // namespace cli
