#pragma once
// The "Top images" tab: which images of a folder make the selected channel of the selected
// layer fire most, and where (the receptive field of the strongest position, outlined on the
// network input).
//
// Choosing a folder (remembered) scans it: every image once through the network, as an
// AnalysisJob (top_images_scan.h), keeping every channel's peak at the selected layer, with a
// progress bar, images per second, time left and Cancel. The scan is resumable and cached per
// model, weights, layer and folder contents, in memory and on disk; showing another channel of
// the same layer is a ranking of what is kept, with no forward pass. Clicking a thumbnail
// opens that image. Images that cannot be read are listed under the results.
#include <QElapsedTimer>
#include <QHash>
#include <QThreadPool>

#include <functional>
#include <memory>

#include "analysis_panel.h"
#include "inference_worker.h"
#include "top_images_scan.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace ds::ui {

class ElidedLabel;

class TopImagesPanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit TopImagesPanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void layerChanged(const QString& layer) override;
    void channelChanged(int channel) override;
    void shownChanged(bool shown) override;

    // The folder to scan (absolute), e.g. from the settings; scans when the tab is shown.
    void setFolder(const QString& folder);
    QString folder() const { return m_folder; }
    // Whether choosing a folder is written to the settings (false for screenshots and tests).
    void setRememberFolder(bool remember) { m_remember = remember; }
    // Starts or resumes the scan of the folder at the current layer (uses the cache first: the
    // disk cache is read on a thread of its own, so this returns at once).
    void scan();
    void cancel();

    // For tests and screenshots.
    std::shared_ptr<const TopImagesScan> currentScan() const { return m_scan; }
    int shownCount() const;
    bool scanning() const { return m_jobId != 0; }
    bool readingCache() const { return !m_loadingKey.isEmpty(); }
    QString statusText() const;
    int channel() const { return m_channel; }
    int shownChannel() const;  // what the Channel box shows
    // What reads a scan from the disk cache, on the panel's loading thread
    // (TopImagesScan::load unless a test wraps it).
    using ScanLoader = std::function<std::shared_ptr<TopImagesScan>(const QString& key)>;
    void setScanLoader(ScanLoader loader) { m_loader = std::move(loader); }

signals:
    void scanFinished();  // a scan completed (or was found complete in the cache)

protected:
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void chooseFolder();
    void refresh();  // the ranking for the current channel
    void updateChannelRange();  // the spin box's range and value, from the scan or the model
    void updateControls();
    void updateIconSize();
    void itemClicked(QListWidgetItem* item);
    QString heading() const;
    void forgetCacheRead();
    void cacheRead(const QString& key, std::shared_ptr<TopImagesScan> found);
    void begin(std::shared_ptr<TopImagesScan> scan);

    ElidedLabel* m_folderLabel;
    QPushButton* m_choose;
    QPushButton* m_start;
    QPushButton* m_stop;
    QProgressBar* m_progress;
    ElidedLabel* m_status;
    QSpinBox* m_channelSpin;
    QSpinBox* m_countSpin;
    QListWidget* m_list;
    ElidedLabel* m_failures;
    QTimer* m_refreshLater;

    bool m_haveModel = false;
    ModelInfo m_model;
    QString m_layer;
    QString m_folder;
    int m_channel = 0;
    bool m_remember = true;
    bool m_userStopped = false;  // Cancel: no automatic restart until asked
    QString m_error;
    std::shared_ptr<TopImagesScan> m_scan;
    void remember(const std::shared_ptr<TopImagesScan>& scan);
    QHash<QString, std::shared_ptr<TopImagesScan>> m_memory;    // by key
    QStringList m_recent;                                       // keys, most recent first
    QHash<quint64, std::shared_ptr<TopImagesScan>> m_jobScans;  // running jobs' scans
    quint64 m_jobId = 0;
    QElapsedTimer m_runTimer;
    int m_runStartDone = 0;
    int m_lastDone = 0, m_lastTotal = 0;
    // The disk cache being read: its key and the folder's entries for a new scan if it has none.
    QString m_loadingKey;
    std::vector<ScanEntry> m_loadingEntries;
    ScanLoader m_loader = &TopImagesScan::load;
    // Last: destroyed (waiting for a read in progress) before anything it calls back into.
    QThreadPool m_loads;
};

}  // namespace ds::ui
