// densescope-cli classify: top-k ImageNet predictions for each image.
#include <QElapsedTimer>
#include <QJsonArray>

#include "cli_classify.h"
#include "cli_common.h"
#include "model_options.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "image_io.h"

namespace cli {
namespace {

struct ImageResult {
    QString image;
    QString error;  // empty when classified
    std::vector<ds::Prediction> top;
    double decodeMs = 0, preprocessMs = 0, forwardMs = 0;
    double mapsMs = -1;  // --layer: copy to host, statistics and 8-bit thumbnails of every channel
};

// With a head (--head, Engine::setHead) the engine's predictions are the head's, on the pooled
// features of the same pass.
ImageResult classifyOne(ds::Engine& engine, const QString& path, int topk, const std::string& layer) {
    ImageResult r;
    r.image = path;
    try {
        QElapsedTimer timer;
        timer.start();
        const ds::RgbImage image = ds::loadImage(path);
        r.decodeMs = double(timer.nsecsElapsed()) / 1e6;
        std::vector<std::string> capture;
        if (!layer.empty()) capture.push_back(layer);
        ds::ClassifyResult result = engine.classify(image, topk, capture);
        r.top = std::move(result.top);
        r.preprocessMs = result.timings.preprocessMs;
        r.forwardMs = result.timings.forwardMs;
        // The engine made the map's statistics and 8-bit planes in its fused pass, as for
        // the app's worker (both ask for EngineOptions::mapBytes); they are dropped here.
        if (!result.maps.empty()) r.mapsMs = result.timings.mapsMs;
    } catch (const std::bad_alloc&) {
        r.error =
            QStringLiteral("Out of memory while classifying '%1': try a smaller image.").arg(path);
    } catch (const std::exception& e) {
        // ImageError names the file; others (inference failures) get it prepended.
        r.error = qs(e.what());
        if (!r.error.contains(path)) r.error = QStringLiteral("'%1': %2").arg(path, r.error);
    }
    return r;
}

QJsonObject toJson(const ImageResult& r, bool timings) {
    QJsonObject o{{"image", r.image}};
    if (!r.error.isEmpty()) {
        o["error"] = r.error;
        return o;
    }
    addTopJson(o, r.top, timings ? Timings{r.decodeMs, r.preprocessMs, r.forwardMs, r.mapsMs}
                                 : Timings{-1, -1, -1, -1});
    return o;
}

QString toText(const ImageResult& r, bool timings) {
    QString out = r.image + QLatin1Char('\n');
    if (!r.error.isEmpty()) return out + QStringLiteral("  error: %1\n").arg(r.error);
    return out + topText(r.top, timings ? Timings{r.decodeMs, r.preprocessMs, r.forwardMs, r.mapsMs}
                                        : Timings{-1, -1, -1, -1});
}

}  // namespace

void addTopJson(QJsonObject& o, const std::vector<ds::Prediction>& top, const Timings& timings) {
    QJsonArray array;
    for (const auto& p : top)
        array.append(QJsonObject{
            {"index", p.index}, {"label", qs(p.label)}, {"probability", double(p.probability)}});
    o["top"] = array;
    if (timings.decodeMs >= 0) {
        QJsonObject t{{"decode_ms", timings.decodeMs},
                      {"preprocess_ms", timings.preprocessMs},
                      {"forward_ms", timings.forwardMs}};
        if (timings.mapsMs >= 0) t["maps_ms"] = timings.mapsMs;
        o["timings"] = t;
    }
}

QString topText(const std::vector<ds::Prediction>& top, const Timings& timings) {
    QString out;
    int rank = 0;
    for (const auto& p : top)
        out += QStringLiteral("  %1. %2 %3 %4 %\n")
                   .arg(++rank, 2)
                   .arg(p.index, 4)
                   .arg(qs(p.label), -32)
                   .arg(double(p.probability) * 100.0, 7, 'f', 2);
    if (timings.decodeMs >= 0)
        out += QStringLiteral("  decode %1 ms, preprocess %2 ms, forward %3 ms\n")
                   .arg(timings.decodeMs, 0, 'f', 1)
                   .arg(timings.preprocessMs, 0, 'f', 1)
                   .arg(timings.forwardMs, 0, 'f', 1);
    if (timings.decodeMs >= 0 && timings.mapsMs >= 0)
        out += QStringLiteral("  maps %1 ms\n").arg(timings.mapsMs, 0, 'f', 1);
    return out;
}

int runClassify(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Classifies each IMAGE and prints its top-K classes. An image that cannot be read gets an "
        "error entry; the others are still classified (exit 1 then). With --video FILE it "
        "classifies the frames of a video file instead (every frame, or every Nth with --every N), "
        "printing each frame's result as it goes; a video that cannot be opened or decoded to its "
        "end exits 1.");
    addEngineOptions(parser);
    parser.addOptions({
        {"topk", "Number of classes per image (default 5).", "k", "5"},
        {"json", "Print JSON on stdout."},
        {"timings", "Add per-image decode/preprocess/forward milliseconds."},
        {"layer",
         "Also capture this layer's feature maps (e.g. features.denseblock1) and make 8-bit "
         "thumbnails of every channel, as the app does; --timings then adds maps_ms.",
         "name"},
        {"head",
         "Predict the classes of this head (made by train-head) instead of ImageNet's; it must "
         "have been trained on the same model and weights.",
         "HEAD.safetensors"},
        {"video",
         "Classify the frames of this video file (MP4, WebM, MKV, AVI, MOV, ...: what FFmpeg's "
         "libraries decode) instead of IMAGE files; each result has the frame's number and time.",
         "FILE"},
        {"every",
         "With --video: classify frames 0, N, 2N, ... only (default 1: every frame); the others "
         "are decoded but not classified.",
         "N"},
    });
    parser.addPositionalArgument(
        "IMAGE", "Image files (PNG, JPEG, ...); - reads one from standard input.", "IMAGE...");
    if (!parseOrHelp(parser, args)) return kExitOk;
    const int topk = ds::options::positiveInt(parser, "topk");
    const QStringList images = parser.positionalArguments();
    const bool video = parser.isSet("video");
    if (parser.isSet("every") && !video)
        throw UsageError("--every N picks the frames of a video: give the video with --video FILE.");
    if (video && !images.isEmpty())
        throw UsageError("--video FILE classifies a video's frames; classify IMAGE files ('" +
                         images.first().toStdString() + "') in a separate command.");
    if (video && (parser.value("video").isEmpty() || parser.value("video") == "-"))
        throw UsageError("--video needs a video file's path (standard input cannot be read as a "
                         "video: save it to a file first).");
    const int every = video && parser.isSet("every") ? ds::options::positiveInt(parser, "every") : 1;
    if (!video && images.isEmpty()) throw UsageError("no IMAGE given (see --help).");
    const bool json = parser.isSet("json"), timings = parser.isSet("timings");

    LoadedModel model = loadModel(parser, /*mapBytes=*/parser.isSet("layer"));
    ds::Engine& engine = *model.engine;
    const auto head = parser.isSet("head") ? loadHeadFor(engine, parser.value("head")) : nullptr;
    engine.setHead(head);
    if (!json)
        printOut(QStringLiteral("%1 on %2, weights: %3\n")
                     .arg(qs(engine.config().name == "custom" ? engine.config().describe()
                                                              : engine.config().name),
                          qs(engine.deviceDescription()), qs(engine.weightsDescription())));
    if (!json && head)
        printOut(QStringLiteral("head: %1 (%2 classes)\n").arg(parser.value("head")).arg(head->classes()));
    QJsonObject out{{"variant", qs(engine.config().name)},
                    {"device", qs(engine.deviceName())},
                    {"weights", qs(model.weightsSpec)},
                    {"num_classes", head ? int(head->classNames.size()) : engine.config().numClasses}};
    if (!model.labelsPath.empty()) out.insert("labels", qs(model.labelsPath));
    if (head) out.insert("head", parser.value("head"));
    if (video)
        return classifyVideo(engine, VideoRequest{parser.value("video"), every, topk,
                                                  parser.value("layer").toStdString(), json, timings},
                             out);

    QJsonArray results;
    bool allOk = true;
    for (const QString& path : images) {
        const ImageResult r =
            classifyOne(engine, path, topk, parser.value("layer").toStdString());
        allOk = allOk && r.error.isEmpty();
        if (json)
            results.append(toJson(r, timings));
        else
            printOut(toText(r, timings));
        if (!json && !r.error.isEmpty()) printErr(r.error);
    }
    if (json) {
        out.insert("results", results);
        printJson(out);
    }
    return allOk ? kExitOk : kExitSomeFailed;
}

}  // namespace cli
