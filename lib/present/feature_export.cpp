#include "feature_export.h"

#include <QFile>
#include <QTextStream>

#include "channel_origin.h"
#include "densescope/atomic_file.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/npy.h"
#include "file_output.h"

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

// A CSV table is built in memory, then written in one go through ds::AtomicFile
// (file_output.h): a full disk leaves the old file, never half a table.
class CsvText {
public:
    explicit CsvText(const QString& path) : m_path(path), m_stream(&m_bytes) {
        ds::checkOutputTarget(QFile::encodeName(path).toStdString());  // before the work
    }
    QTextStream& out() { return m_stream; }
    void save() {
        m_stream.flush();
        saveBytesFile(m_bytes, m_path);
    }

private:
    QString m_path;
    QByteArray m_bytes;
    QTextStream m_stream;
};

QString number(float v) { return QString::number(double(v), 'g', 9); }

void wrapNpy(const QString& path, const float* data, const std::vector<int64_t>& shape) {
    ds::writeNpy(QFile::encodeName(path).toStdString(), data, shape);  // atomic; says what to do
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
    CsvText csv(path);
    QTextStream& out = csv.out();
    const float* values = map.channel(channel);
    for (int y = 0; y < map.height; ++y) {
        for (int x = 0; x < map.width; ++x)
            out << (x ? "," : "") << number(values[size_t(y) * map.width + x]);
        out << '\n';
    }
    csv.save();
}

void writeMapCsv(const ds::FeatureMap& map, const QString& path) {
    if (map.channels > 0) checkChannel(map, 0);
    CsvText csv(path);
    QTextStream& out = csv.out();
    out << "channel,y,x,value\n";
    for (int c = 0; c < map.channels; ++c) {
        const float* values = map.channel(c);
        for (int y = 0; y < map.height; ++y)
            for (int x = 0; x < map.width; ++x)
                out << c << ',' << y << ',' << x << ',' << number(values[size_t(y) * map.width + x])
                    << '\n';
    }
    csv.save();
}

void writeStatsCsv(const ds::FeatureMap& map, const BlockLayout& layout, const QString& path) {
    CsvText csv(path);
    QTextStream& out = csv.out();
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
    csv.save();
}

void writeImage(const QImage& image, const QString& path) {
    if (image.isNull())
        throw ds::Error("There is nothing to save yet: select a layer and a channel first.");
    saveImageFile(image, path);
}

}  // namespace ds::ui
