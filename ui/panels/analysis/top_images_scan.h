#pragma once
// The data behind the "Top images" tab: one scan of a folder's images at one layer (every
// channel's spatial maximum and its position per image, ds::ChannelPeaks), the job that fills
// it on the inference worker one image per step, and its cache (in memory in the panel, on disk
// under QStandardPaths::CacheLocation), keyed by the model, the weights, the layer and the
// folder's contents (paths, sizes, modification times). No widgets.
//
// Resuming: a scan keeps every image done; a cancelled or interrupted scan continues with the
// images not done yet (the job saves to disk every few seconds and when it ends).
//
// Threading: while a job runs, the worker thread writes entries under `mutex`; the UI thread
// reads them under the same mutex (ranking, progress).
#include <QByteArray>
#include <QImage>
#include <QMutex>
#include <QMutexLocker>
#include <QString>
#include <QStringList>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

#include "analysis_job.h"
#include "densescope/config.h"

namespace ds::ui {

struct ModelInfo;

struct ScanEntry {
    enum class State : quint8 { Pending, Done, Failed };
    QString path;
    qint64 size = 0, modified = 0;  // bytes, ms since the epoch (part of the scan's key)
    State state = State::Pending;
    QString error;            // Failed: for a person
    std::vector<float> max;   // Done: per channel
    std::vector<int> argmax;  // Done: per channel, y * width + x
    QByteArray thumbnail;     // Done: the 224 x 224 network input, JPEG
};

struct TopImagesScan {
    QString key;     // see scanKey()
    QString folder;  // absolute
    QString layer;
    DenseNetConfig config;
    int channels = 0, height = 0, width = 0;  // of the layer's map, once one image is done
    std::vector<ScanEntry> entries;           // the folder's images, in the browser's order
    std::atomic<int> forwards{0};  // images this object ran through the network (not saved)
    mutable QMutex mutex;

    struct Counts {
        int done = 0, failed = 0, total = 0;
    };
    Counts counts() const;      // locks
    int channelCount() const {  // 0 until one image is done (locks)
        QMutexLocker lock(&mutex);
        return channels;
    }
    bool complete() const;  // every image done or failed (locks)

    // The n images where `channel` is strongest (highest maximum first, ties by path), among
    // the images done so far. Locks.
    struct Hit {
        QString path;
        float max = 0.f;
        int y = 0, x = 0;
        std::array<int, 4> box{};  // receptive field in the 224 x 224 input, x1/y1 exclusive
        QByteArray thumbnail;
    };
    std::vector<Hit> top(int channel, int n) const;
    std::vector<std::pair<QString, QString>> failures() const;  // path, message (locks)

    // Disk cache: <cache>/top-images/<key>.scan. save() returns false when it cannot write.
    static QString cacheFile(const QString& key);
    bool save() const;  // locks; written atomically (file_output.h)
    // The cache file's bytes (top_images_cache.cpp, with the reader); empty when it fails.
    QByteArray serialize() const;  // locks
    // The scan saved under `key`, or null when there is none, it is not a regular file (a FIFO
    // there is not waited on) or it does not read back whole and consistent (every count is
    // checked against the file's size before anything is sized by it). Reads the disk: call it
    // off the window's thread.
    static std::shared_ptr<TopImagesScan> load(const QString& key);
    // Deletes all but the `keep` most recently written scans of the disk cache.
    static void pruneCache(int keep);
};

// The folder's image files (ds::imageFilesIn) with their sizes and modification times, as
// pending entries; *skipped (optional) gets the number of other files.
std::vector<ScanEntry> listFolder(const QString& folder, int* skipped = nullptr);
// Hex SHA-1 of what a scan depends on: the model's layout, its weights (the spec; for a file,
// its absolute path, size and modification time), the layer and the folder's entries.
QString scanKey(const ModelInfo& model, const QString& layer, const QString& folder,
                const std::vector<ScanEntry>& entries);

// Runs the images of `scan` not done yet through the network, one per step: ds::channelPeaks
// at the scan's layer (the engine's ordinary forward) and a thumbnail of the network input.
// An image that cannot be read is marked Failed with its message; the scan goes on.
class TopImagesScanJob : public AnalysisJob {
public:
    explicit TopImagesScanJob(std::shared_ptr<TopImagesScan> scan) : m_scan(std::move(scan)) {}
    QString kind() const override { return QStringLiteral("top-images-scan"); }
    int needs() const override { return NeedsModel; }  // any image may be shown meanwhile
    bool step(AnalysisContext& context) override;
    const std::shared_ptr<TopImagesScan>& scan() const { return m_scan; }

private:
    std::shared_ptr<TopImagesScan> m_scan;
    size_t m_cursor = 0;
    qint64 m_lastSaveMs = -1;
};

}  // namespace ds::ui
