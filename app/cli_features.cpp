// densescope-cli features: one module's output for one image, as NPY or as a PNG channel grid.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

#include "cli_common.h"
#include "colormap.h"
#include "file_output.h"
#include "grid_figure.h"
#include "densescope/errors.h"
#include "image_io.h"
#include "densescope/npy.h"

namespace cli {
namespace {

// The PNG colours by name ("viridis", "gray", "inferno", "magma"), as in the app.
ds::ui::Colormap colormapNamed(const QString& name) {
    for (ds::ui::Colormap c : ds::ui::allColormaps())
        if (!ds::ui::isDiverging(c) && ds::ui::colormapName(c) == name) return c;
    throw UsageError("--colormap must be viridis, gray, inferno or magma, got '" +
                     name.toStdString() + "'.");
}

[[noreturn]] void unknownLayer(const QString& layer, const std::vector<std::string>& known) {
    QString list;
    for (const auto& n : known) list += QStringLiteral("\n  ") + qs(n);
    throw UsageError(QStringLiteral("unknown layer '%1'. Valid layers for this model:%2")
                         .arg(layer, list)
                         .toStdString());
}

}  // namespace

namespace {

struct FeaturesRequest {
    QString layer, out, image;
    bool png = false;
    ds::ui::Colormap colormap = ds::ui::Colormap::Viridis;
};

// Checks the arguments that do not need the model; throws UsageError.
FeaturesRequest featuresRequest(const QCommandLineParser& parser) {
    FeaturesRequest r;
    r.layer = parser.value("layer");
    r.out = parser.value("out");
    r.png = parser.isSet("png");
    if (r.layer.isEmpty()) throw UsageError("--layer NAME is required (see --list-layers).");
    if (r.out.isEmpty()) throw UsageError("--out is required: a .npy file, or a folder with --png.");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) + ".");
    r.image = positional.front();
    r.colormap = colormapNamed(parser.value("colormap").toLower());
    if (!r.png && QFileInfo(r.out).isDir())
        throw UsageError("--out '" + r.out.toStdString() +
                         "' is a folder: give a .npy file path, or add --png.");
    return r;
}

// Writes the map as asked and returns the file written; throws ds::Error.
QString writeFeatures(const FeaturesRequest& r, const ds::FeatureMap& map) {
    if (!r.png) {
        ds::writeNpy(r.out.toStdString(), map.data.data(), {map.channels, map.height, map.width});
        return r.out;
    }
    if (!QDir().mkpath(r.out))
        throw ds::Error("Cannot create the folder '" + r.out.toStdString() + "': check permissions.");
    const QString written =
        QDir(r.out).filePath(QFileInfo(r.image).completeBaseName() + "." + r.layer + ".png");
    ds::ui::GridFigureOptions figure;
    figure.colormap = r.colormap;
    ds::ui::saveImageFile(ds::ui::renderGridFigure(map, figure), written, "PNG");
    return written;
}

}  // namespace

int runFeatures(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes one module's output for IMAGE as a float32 NPY array [C, H, W], or with --png the "
        "grid of all its channels (each scaled to its own min..max, with the layer name, shape and "
        "a colour bar) as a PNG in the folder --out.");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name, e.g. features.denseblock2.denselayer3.", "name"},
        {"out", "Output .npy file, or the output folder with --png.", "path"},
        {"png", "Write the channel grid as a titled PNG figure into the folder --out."},
        {"colormap", "PNG colours: viridis (default), gray, inferno or magma.", "name", "viridis"},
        {"list-layers", "Print the module names this model accepts and exit."},
        {"json", "Print a JSON summary of what was written."},
    });
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;

    const bool listOnly = parser.isSet("list-layers");
    const FeaturesRequest request = listOnly ? FeaturesRequest{} : featuresRequest(parser);
    if (!listOnly && !request.png && !outputTargetOk(request.out)) return kExitSomeFailed;
    LoadedModel model = loadModel(parser, /*mapBytes=*/request.png);
    const std::vector<std::string> known = model.engine->capturableLayers();
    if (listOnly) {
        for (const auto& n : known) printOut(qs(n) + QLatin1Char('\n'));
        return kExitOk;
    }
    if (std::find(known.begin(), known.end(), request.layer.toStdString()) == known.end())
        unknownLayer(request.layer, known);

    ds::FeatureMap map;
    QString written;
    try {
        const ds::RgbImage image = ds::loadImage(request.image);
        ds::ClassifyResult result = model.engine->classify(image, 1, {request.layer.toStdString()});
        map = std::move(result.maps.at(0));
        written = writeFeatures(request, map);
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    if (parser.isSet("json"))
        printJson(QJsonObject{{"image", request.image},
                              {"layer", request.layer},
                              {"shape", QJsonArray{map.channels, map.height, map.width}},
                              {"min", double(map.min())},
                              {"max", double(map.max())},
                              {"out", written}});
    else
        printOut(QStringLiteral("%1: %2 [%3, %4, %5] -> %6\n")
                     .arg(request.image, request.layer)
                     .arg(map.channels)
                     .arg(map.height)
                     .arg(map.width)
                     .arg(written));
    return kExitOk;
}

}  // namespace cli
