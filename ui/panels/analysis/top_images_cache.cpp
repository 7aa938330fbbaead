// The disk cache of top-images scans (top_images_scan.h): <cache>/top-images/<key>.scan, a
// QDataStream of the scan's key, folder, layer, map size and entries. Kept apart from the scan
// job so that the reader, which takes whatever bytes are on disk, can be fuzzed on its own
// (fuzz/fuzz_scan_cache.cpp).
#include <unistd.h>

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QStandardPaths>

#include <cstring>

#include "densescope/regular_file.h"
#include "top_images_scan.h"

namespace ds::ui {

namespace {
constexpr quint32 kMagic = 0x44535449;  // "DSTI"
constexpr quint32 kVersion = 1;
}  // namespace

QString TopImagesScan::cacheFile(const QString& key) {
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/top-images/") + key + QStringLiteral(".scan");
}

QByteArray TopImagesScan::serialize() const {
    QByteArray bytes;
    QDataStream s(&bytes, QIODevice::WriteOnly);
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
    return s.status() == QDataStream::Ok ? bytes : QByteArray();
}

namespace {

// The cache file opened for reading, or null when it cannot be or is not a regular file (core's
// rule, densescope/regular_file.h: a FIFO at the path is never waited on). *size gets its size.
std::unique_ptr<QFile> openCacheFile(const QString& path, qint64* size) {
    const ds::RegularFile f = ds::openRegularFile(QFile::encodeName(path).toStdString());
    if (!f.ok()) return nullptr;
    auto file = std::make_unique<QFile>();
    if (!file->open(f.fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(f.fd);
        return nullptr;
    }
    *size = qint64(f.size);
    return file;
}

// The fewest bytes an entry takes in the file: empty path, size, modified, state, empty error.
constexpr qint64 kMinEntryBytes = 4 + 8 + 8 + 1 + 4;
constexpr qint32 kMaxChannels = 1 << 20, kMaxSide = 1 << 16;

}  // namespace

std::shared_ptr<TopImagesScan> TopImagesScan::load(const QString& key) {
    qint64 fileSize = 0;
    const std::unique_ptr<QFile> in = openCacheFile(cacheFile(key), &fileSize);
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

}  // namespace ds::ui
