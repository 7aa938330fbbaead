#include "top_images_scan.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

#include <algorithm>
#include <cmath>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"
#include "error_text.h"
#include "file_output.h"
#include "image_files.h"
#include "image_io.h"
#include "inference_worker.h"

namespace ds::ui {

namespace {
constexpr qint64 kSaveIntervalMs = 3000;
}  // namespace

TopImagesScan::Counts TopImagesScan::counts() const {
    QMutexLocker lock(&mutex);
    Counts c;
    c.total = int(entries.size());
    for (const auto& e : entries) {
        c.done += e.state == ScanEntry::State::Done;
        c.failed += e.state == ScanEntry::State::Failed;
    }
    return c;
}

bool TopImagesScan::complete() const {
    const Counts c = counts();
    return c.done + c.failed == c.total;
}

std::vector<TopImagesScan::Hit> TopImagesScan::top(int channel, int n) const {
    QMutexLocker lock(&mutex);
    std::vector<const ScanEntry*> done;
    if (channel < 0 || channel >= channels || n <= 0) return {};
    for (const auto& e : entries)
        if (e.state == ScanEntry::State::Done && size_t(channel) < e.max.size()) done.push_back(&e);
    const auto before = [channel](const ScanEntry* a, const ScanEntry* b) {
        const float va = a->max[size_t(channel)], vb = b->max[size_t(channel)];
        const bool na = std::isnan(va), nb = std::isnan(vb);
        if (na != nb) return nb;
        if (!na && va != vb) return va > vb;
        return a->path < b->path;
    };
    const size_t k = std::min(done.size(), size_t(n));
    std::partial_sort(done.begin(), done.begin() + std::ptrdiff_t(k), done.end(), before);
    const ReceptiveField rf = receptiveField(config, layer.toStdString());
    std::vector<Hit> out;
    for (size_t i = 0; i < k; ++i) {
        const ScanEntry& e = *done[i];
        Hit h;
        h.path = e.path;
        h.max = e.max[size_t(channel)];
        h.y = e.argmax[size_t(channel)] / std::max(width, 1);
        h.x = e.argmax[size_t(channel)] % std::max(width, 1);
        h.box = receptiveBox(rf, h.y, h.x);
        h.thumbnail = e.thumbnail;
        out.push_back(std::move(h));
    }
    return out;
}

std::vector<std::pair<QString, QString>> TopImagesScan::failures() const {
    QMutexLocker lock(&mutex);
    std::vector<std::pair<QString, QString>> out;
    for (const auto& e : entries)
        if (e.state == ScanEntry::State::Failed) out.emplace_back(e.path, e.error);
    return out;
}

bool TopImagesScan::save() const {
    const QString file = cacheFile(key);
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) return false;
    const QByteArray bytes = serialize();
    if (bytes.isEmpty()) return false;
    try {
        saveBytesFile(bytes, file);  // atomic, like every output (file_output.h)
        return true;
    } catch (const std::exception&) {
        return false;  // a cache: the scan runs again next time
    }
}

std::vector<ScanEntry> listFolder(const QString& folder, int* skipped) {
    std::vector<ScanEntry> out;
    for (const QString& path : ds::imageFilesIn(folder, skipped)) {
        const QFileInfo info(path);
        ScanEntry e;
        e.path = info.absoluteFilePath();
        e.size = info.size();
        e.modified = info.lastModified().toMSecsSinceEpoch();
        out.push_back(std::move(e));
    }
    return out;
}

QString scanKey(const ModelInfo& model, const QString& layer, const QString& folder,
                const std::vector<ScanEntry>& entries) {
    QCryptographicHash h(QCryptographicHash::Sha1);
    auto add = [&h](const QString& s) {
        h.addData(s.toUtf8());
        h.addData(QByteArrayView("\n"));
    };
    add(QString::fromStdString(model.config.name + " " + model.config.describe()));
    add(QString::number(model.config.numClasses) + " " + QString::number(model.config.compression));
    add(model.weightsSpec);
    const QFileInfo weights(model.weightsSpec);
    if (weights.isFile())
        add(weights.absoluteFilePath() + " " + QString::number(weights.size()) + " " +
            QString::number(weights.lastModified().toMSecsSinceEpoch()));
    add(layer);
    add(QDir(folder).absolutePath());
    for (const auto& e : entries)
        add(e.path + " " + QString::number(e.size) + " " + QString::number(e.modified));
    return QString::fromLatin1(h.result().toHex());
}

bool TopImagesScanJob::step(AnalysisContext& context) {
    TopImagesScan& scan = *m_scan;
    // The next image not done yet (the UI thread never changes the states).
    size_t index = scan.entries.size();
    {
        QMutexLocker lock(&scan.mutex);
        while (m_cursor < scan.entries.size() &&
               scan.entries[m_cursor].state != ScanEntry::State::Pending)
            ++m_cursor;
        index = m_cursor;
    }
    const TopImagesScan::Counts before = scan.counts();
    if (index >= scan.entries.size()) {
        scan.save();
        context.progress(before.total, before.total, {});
        return true;
    }
    ScanEntry result;
    result.state = ScanEntry::State::Failed;
    ChannelPeaks peaks;
    try {
        const RgbImage image = loadImage(scan.entries[index].path);
        ++scan.forwards;
        peaks = channelPeaks(context.engine, image, scan.layer.toStdString());
        const RgbImage input = networkInputImage(image);
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        toQImage(input).save(&buffer, "JPEG", 90);
        result.state = ScanEntry::State::Done;
        result.max = std::move(peaks.max);
        result.argmax = std::move(peaks.argmax);
        result.thumbnail = std::move(jpeg);
    } catch (const Cancelled&) {
        throw;
    } catch (const LayerError&) {
        throw;  // the whole scan is wrong, not this image
    } catch (const std::bad_alloc&) {
        result.error = QCoreApplication::translate("ds::ui::TopImagesPanel",
                                                   "Out of memory while reading this image.");
    } catch (const std::exception& e) {
        result.error = errorText(e);
    }
    {
        QMutexLocker lock(&scan.mutex);
        ScanEntry& e = scan.entries[index];
        if (result.state == ScanEntry::State::Done && scan.channels == 0) {
            scan.channels = peaks.channels;
            scan.height = peaks.height;
            scan.width = peaks.width;
        }
        e.state = result.state;
        e.error = std::move(result.error);
        e.max = std::move(result.max);
        e.argmax = std::move(result.argmax);
        e.thumbnail = std::move(result.thumbnail);
    }
    const int done = before.done + before.failed + 1;
    context.progress(done, before.total, {});
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastSaveMs < 0) m_lastSaveMs = now;
    if (done == before.total || now - m_lastSaveMs >= kSaveIntervalMs) {
        scan.save();
        m_lastSaveMs = now;
    }
    return done == before.total;
}

}  // namespace ds::ui
