#include "feature_export.h"

#include <QFile>
#include <QTextStream>

#include "channel_origin.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/npy.h"

namespace ds::ui {
namespace {

void checkChannel(const ds::FeatureMap& map, int channel) {
    if (channel < 0 || channel >= map.channels)
        throw ds::Error("Channel " + std::to_string(channel) + " does not exist in " + map.layer +
                        " (it has " + std::to_string(map.channels) +
                        " channels): pick a channel first.");
    if (map.data.size() != size_t(map.channels) * map.height * map.width)
        throw ds::Error("The feature map of " + map.layer + " is incomplete: run the image again.");
}

void openText(QFile& file) {
    const QString path = file.fileName();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw ds::Error("Cannot write '" + path.toStdString() + "': " +
                        file.errorString().toStdString() + ". Choose a folder you can write to.");
}

void finish(QFile& file, QTextStream& out) {
    out.flush();
    if (out.status() != QTextStream::Ok || file.error() != QFileDevice::NoError)
        throw ds::Error("Writing '" + file.fileName().toStdString() + "' failed: " +
                        file.errorString().toStdString() + ". Check the free disk space.");
}

QString number(float v) { return QString::number(double(v), 'g', 9); }

void wrapNpy(const QString& path, const float* data, const std::vector<int64_t>& shape) {
    try {
        ds::writeNpy(path.toStdString(), data, shape);
    } catch (const std::exception& e) {
        throw ds::Error(std::string(e.what()) + " Choose a folder you can write to.");
    }
}

}  // namespace

void writeMapNpy(const ds::FeatureMap& map, const QString& path) {
    if (map.channels > 0) checkChannel(map, 0);
    wrapNpy(path, map.data.data(), {map.channels, map.height, map.width});
}

void writeChannelNpy(const ds::FeatureMap& map, int channel, const QString& path) {
    checkChannel(map, channel);
    wrapNpy(path, map.channel(channel), {map.height, map.width});
}

void writeChannelCsv(const ds::FeatureMap& map, int channel, const QString& path) {
    checkChannel(map, channel);
    QFile file(path);
    openText(file);
    QTextStream out(&file);
    const float* values = map.channel(channel);
    for (int y = 0; y < map.height; ++y) {
        for (int x = 0; x < map.width; ++x)
            out << (x ? "," : "") << number(values[size_t(y) * map.width + x]);
        out << '\n';
    }
    finish(file, out);
}

void writeMapCsv(const ds::FeatureMap& map, const QString& path) {
    if (map.channels > 0) checkChannel(map, 0);
    QFile file(path);
    openText(file);
    QTextStream out(&file);
    out << "channel,y,x,value\n";
    for (int c = 0; c < map.channels; ++c) {
        const float* values = map.channel(c);
        for (int y = 0; y < map.height; ++y)
            for (int x = 0; x < map.width; ++x)
                out << c << ',' << y << ',' << x << ',' << number(values[size_t(y) * map.width + x])
                    << '\n';
    }
    finish(file, out);
}

void writeStatsCsv(const ds::FeatureMap& map, const BlockLayout& layout, const QString& path) {
    QFile file(path);
    openText(file);
    QTextStream out(&file);
    out << "channel,origin,min,max,mean\n";
    const bool stats = int(map.channelMean.size()) == map.channels &&
                       int(map.channelMin.size()) == map.channels &&
                       int(map.channelMax.size()) == map.channels;
    for (int c = 0; c < map.channels && stats; ++c) {
        const int origin = layout.originOf(c);
        out << c << ',' << (origin >= 0 ? originName(origin) : QString()) << ','
            << number(map.channelMin[c]) << ',' << number(map.channelMax[c]) << ','
            << number(map.channelMean[c]) << '\n';
    }
    finish(file, out);
}

void writeImage(const QImage& image, const QString& path) {
    if (image.isNull())
        throw ds::Error("There is nothing to save yet: select a layer and a channel first.");
    if (!image.save(path))
        throw ds::Error("Cannot save the image as '" + path.toStdString() +
                        "': use a .png or .jpg name in a folder you can write to.");
}

}  // namespace ds::ui
