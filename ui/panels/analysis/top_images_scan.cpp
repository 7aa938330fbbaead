#include "top_images_scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"
#include "error_text.h"
#include "image_files.h"
#include "image_io.h"
#include "inference_worker.h"

namespace ds::ui {

namespace {
constexpr quint32 kMagic = 0x44535449;  // "DSTI"
constexpr quint32 kVersion = 1;
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

QString TopImagesScan::cacheFile(const QString& key) {
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/top-images/") + key + QStringLiteral(".scan");
}

bool TopImagesScan::save() const {
    const QString file = cacheFile(key);
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) return false;
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) return false;
    QDataStream s(&out);
    s.setVersion(QDataStream::Qt_6_0);
    QMutexLocker lock(&mutex);
    s << kMagic << kVersion << key << folder << layer << qint32(channels) << qint32(height)
      << qint32(width) << quint32(entries.size());
    for (const auto& e : entries) {
        s << e.path << e.size << e.modified << quint8(e.state) << e.error;
        if (e.state != ScanEntry::State::Done) continue;
        s << QByteArray(reinterpret_cast<const char*>(e.max.data()),
                        qsizetype(e.max.size() * sizeof(float)))
          << QByteArray(reinterpret_cast<const char*>(e.argmax.data()),
                        qsizetype(e.argmax.size() * sizeof(int)))
          << e.thumbnail;
    }
    lock.unlock();
    return s.status() == QDataStream::Ok && out.commit();
}

namespace {

// The cache file opened for reading, or null when it cannot be or is not a regular file:
// opened without blocking, since a FIFO at the path would otherwise wait for a writer
// forever, and the type taken from the open descriptor. *size gets its size.
std::unique_ptr<QFile> openRegularFile(const QString& path, qint64* size) {
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return nullptr;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    auto file = std::make_unique<QFile>();
    if (!file->open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return nullptr;
    }
    *size = qint64(st.st_size);
    return file;
}

// The fewest bytes an entry takes in the file: empty path, size, modified, state, empty error.
constexpr qint64 kMinEntryBytes = 4 + 8 + 8 + 1 + 4;
constexpr qint32 kMaxChannels = 1 << 20, kMaxSide = 1 << 16;

}  // namespace

std::shared_ptr<TopImagesScan> TopImagesScan::load(const QString& key) {
    qint64 fileSize = 0;
    const std::unique_ptr<QFile> in = openRegularFile(cacheFile(key), &fileSize);
    if (!in) return nullptr;
    QDataStream s(in.get());
    s.setVersion(QDataStream::Qt_6_0);
    quint32 magic = 0, version = 0, count = 0;
    qint32 channels = 0, height = 0, width = 0;
    auto scan = std::make_shared<TopImagesScan>();
    s >> magic >> version;
    if (magic != kMagic || version != kVersion) return nullptr;
    // Strings and byte arrays are read by QDataStream in steps backed by the file; the counts
    // below are checked against what the file can hold before anything is sized by them.
    s >> scan->key >> scan->folder >> scan->layer >> channels >> height >> width >> count;
    if (s.status() != QDataStream::Ok || scan->key != key) return nullptr;
    if (channels < 0 || channels > kMaxChannels || height < 0 || height > kMaxSide || width < 0 ||
        width > kMaxSide || qint64(count) > (fileSize - in->pos()) / kMinEntryBytes)
        return nullptr;
    scan->channels = channels;
    scan->height = height;
    scan->width = width;
    const qint64 positions = qint64(height) * width;
    scan->entries.reserve(count);
    for (quint32 i = 0; i < count; ++i) {
        ScanEntry e;
        quint8 state = 0;
        s >> e.path >> e.size >> e.modified >> state >> e.error;
        if (s.status() != QDataStream::Ok || state > quint8(ScanEntry::State::Failed))
            return nullptr;
        e.state = ScanEntry::State(state);
        if (e.state == ScanEntry::State::Done) {
            QByteArray mx, am;
            s >> mx >> am >> e.thumbnail;
            if (s.status() != QDataStream::Ok || channels == 0 ||
                mx.size() != qsizetype(channels) * qsizetype(sizeof(float)) ||
                am.size() != mx.size())
                return nullptr;
            e.max.resize(size_t(channels));
            e.argmax.resize(size_t(channels));
            std::memcpy(e.max.data(), mx.constData(), size_t(mx.size()));
            std::memcpy(e.argmax.data(), am.constData(), size_t(am.size()));
            for (const int a : e.argmax)  // a position in the layer's map
                if (a < 0 || a >= positions) return nullptr;
        }
        scan->entries.push_back(std::move(e));
    }
    if (s.status() != QDataStream::Ok) return nullptr;
    return scan;
}

void TopImagesScan::pruneCache(int keep) {
    QDir dir(QFileInfo(cacheFile(QStringLiteral("x"))).absolutePath());
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*.scan")}, QDir::Files, QDir::Time);  // newest first
    for (qsizetype i = keep; i < files.size(); ++i) QFile::remove(files[i].absoluteFilePath());
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
