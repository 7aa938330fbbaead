// densescope-cli features: one module's output for one image, as NPY or as a PNG channel grid.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

#include "cli_common.h"
#include "errors.h"
#include "image_io.h"
#include "npy.h"

namespace cli {
namespace {

// Viridis as a degree-6 polynomial fit (Matt Zucker's public-domain fit of matplotlib's map);
// within ~1/255 of the table.
QRgb viridis(float t) {
    static const float c[7][3] = {
        {0.27772733f, 0.00540734f, 0.33409981f},   {0.10509304f, 1.40461353f, 1.38459016f},
        {-0.33086183f, 0.21484756f, 0.09509516f},  {-4.63423050f, -5.79910097f, -19.33244096f},
        {6.22826994f, 14.17993337f, 56.69055260f}, {4.77638500f, -13.74514538f, -65.35303263f},
        {-5.43545586f, 4.64585261f, 26.31243525f}};
    int rgb[3];
    for (int ch = 0; ch < 3; ++ch) {
        float v = c[6][ch];
        for (int i = 5; i >= 0; --i) v = v * t + c[i][ch];
        rgb[ch] = std::clamp(int(std::lround(v * 255.f)), 0, 255);
    }
    return qRgb(rgb[0], rgb[1], rgb[2]);
}

// All channels in a near-square grid, each min-max normalised on its own, tiles upscaled
// (nearest) to at least 32 pixels, separated by 1-pixel gaps.
QImage channelGrid(const ds::FeatureMap& map, bool useViridis) {
    const int cols = int(std::ceil(std::sqrt(double(map.channels))));
    const int rows = (map.channels + cols - 1) / cols;
    const int scale = std::max(1, 32 / std::max(1, std::max(map.height, map.width)));
    const int tileW = map.width * scale, tileH = map.height * scale;
    QImage grid(cols * (tileW + 1) + 1, rows * (tileH + 1) + 1, QImage::Format_RGB32);
    if (grid.isNull()) throw ds::Error("The channel grid is too large to allocate.");
    grid.fill(qRgb(40, 40, 40));
    QRgb lut[256];
    for (int i = 0; i < 256; ++i) lut[i] = useViridis ? viridis(float(i) / 255.f) : qRgb(i, i, i);
    for (int c = 0; c < map.channels; ++c) {
        const float* v = map.channel(c);
        const auto [lo, hi] = std::minmax_element(v, v + size_t(map.height) * map.width);
        const float range = *hi - *lo;
        const int x0 = 1 + (c % cols) * (tileW + 1), y0 = 1 + (c / cols) * (tileH + 1);
        for (int y = 0; y < tileH; ++y) {
            auto* line = reinterpret_cast<QRgb*>(grid.scanLine(y0 + y)) + x0;
            const float* src = v + size_t(y / scale) * map.width;
            for (int x = 0; x < tileW; ++x) {
                const float t = range > 0 ? (src[x / scale] - *lo) / range : 0.f;
                line[x] = lut[std::clamp(int(t * 255.f + 0.5f), 0, 255)];
            }
        }
    }
    return grid;
}

[[noreturn]] void unknownLayer(const QString& layer, const std::vector<std::string>& known) {
    QString list;
    for (const auto& n : known) list += QStringLiteral("\n  ") + qs(n);
    throw UsageError(QStringLiteral("unknown layer '%1'. Valid layers for this model:%2")
                         .arg(layer, list)
                         .toStdString());
}

}  // namespace

int runFeatures(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes one module's output for IMAGE as a float32 NPY array [C, H, W], or with --png the "
        "grid of all its channels (each min-max normalised) as a PNG in the folder --out.");
    addEngineOptions(parser);
    parser.addOptions({
        {"layer", "torchvision module name, e.g. features.denseblock2.denselayer3.", "name"},
        {"out", "Output .npy file, or the output folder with --png.", "path"},
        {"png", "Write the channel grid as PNG into the folder --out."},
        {"colormap", "PNG colours: viridis (default) or gray.", "name", "viridis"},
        {"list-layers", "Print the layer names this model accepts and exit."},
        {"json", "Print a JSON summary of what was written."},
    });
    parser.addPositionalArgument("IMAGE", "The image file.", "IMAGE");
    if (!parseOrHelp(parser, args)) return kExitOk;

    const bool listOnly = parser.isSet("list-layers"), png = parser.isSet("png");
    const QString layer = parser.value("layer"), out = parser.value("out");
    const QString colormap = parser.value("colormap").toLower();
    const QStringList positional = parser.positionalArguments();
    if (!listOnly) {
        if (layer.isEmpty()) throw UsageError("--layer NAME is required (see --list-layers).");
        if (out.isEmpty())
            throw UsageError("--out is required: a .npy file, or a folder with --png.");
        if (positional.size() != 1)
            throw UsageError("give exactly one IMAGE, got " + std::to_string(positional.size()) +
                             ".");
        if (colormap != "viridis" && colormap != "gray")
            throw UsageError("--colormap must be viridis or gray.");
        if (!png && QFileInfo(out).isDir())
            throw UsageError("--out '" + out.toStdString() +
                             "' is a folder: give a .npy file path, or add --png.");
    }

    LoadedModel model = loadModel(parser);
    const std::vector<std::string> known = model.engine->capturableLayers();
    if (listOnly) {
        for (const auto& n : known) printOut(qs(n) + QLatin1Char('\n'));
        return kExitOk;
    }
    if (std::find(known.begin(), known.end(), layer.toStdString()) == known.end())
        unknownLayer(layer, known);

    const QString imagePath = positional.front();
    ds::FeatureMap map;
    try {
        const ds::RgbImage image = ds::loadImage(imagePath);
        ds::ClassifyResult result = model.engine->classify(image, 1, {layer.toStdString()});
        map = std::move(result.maps.at(0));
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    QString written = out;
    try {
        if (png) {
            if (!QDir().mkpath(out))
                throw ds::Error("Cannot create the folder '" + out.toStdString() +
                                "': check permissions.");
            written =
                QDir(out).filePath(QFileInfo(imagePath).completeBaseName() + "." + layer + ".png");
            if (!channelGrid(map, colormap == "viridis").save(written, "PNG"))
                throw ds::Error("Cannot write '" + written.toStdString() +
                                "': check the folder is writable and the disk is not full.");
        } else {
            ds::writeNpy(out.toStdString(), map.data.data(), {map.channels, map.height, map.width});
        }
    } catch (const std::exception& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }

    if (parser.isSet("json"))
        printJson(QJsonObject{{"image", imagePath},
                              {"layer", layer},
                              {"shape", QJsonArray{map.channels, map.height, map.width}},
                              {"min", double(map.min())},
                              {"max", double(map.max())},
                              {"out", written}});
    else
        printOut(QStringLiteral("%1: %2 [%3, %4, %5] -> %6\n")
                     .arg(imagePath, layer)
                     .arg(map.channels)
                     .arg(map.height)
                     .arg(map.width)
                     .arg(written));
    return kExitOk;
}

}  // namespace cli
