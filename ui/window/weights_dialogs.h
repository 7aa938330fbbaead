#pragma once
// The app's twins of `densescope-cli weights`: a download dialog (progress in bytes, rate and
// time left, Cancel, errors in plain words, Retry) and a manager listing the four official
// ImageNet files (present, verified, size, Download). Both use ds::net (lib/net/).
#include <QDialog>
#include <QUrl>
#include <QVector>

#include <memory>
#include <mutex>

#include "weights_catalog.h"

#include "weights_downloader.h"

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace ds::ui {

class WeightsDownloadDialog : public QDialog {
    Q_OBJECT
public:
    // Downloads `url` into the torch hub cache; `what` names it ("the ImageNet weights for
    // densenet121"). Call start() once it is shown.
    WeightsDownloadDialog(const QUrl& url, const QString& what, QWidget* parent = nullptr);
    void start();
    ds::net::WeightsDownloader* downloader() const { return m_downloader; }
    bool succeeded() const { return m_done; }

signals:
    void downloaded(const ds::net::DownloadResult& result);

protected:
    void reject() override;  // Cancel / Esc / closing: stops a running download (kept for resume)

private:
    void onProgress(qint64 done, qint64 total, double rate, double left);
    void showProblem(const QString& message);
    void showStopped(const QString& message);  // cancelled: what was kept
    // The heading says what is happening: downloading, downloaded, failed or stopped.
    void setHeading(const QString& html);
    void setRunning(bool running);
    void fitHeight();

    QUrl m_url;
    ds::net::WeightsDownloader* m_downloader = nullptr;
    QLabel* m_heading = nullptr;
    QString m_what;
    QLabel* m_status = nullptr;
    QLabel* m_problem = nullptr;
    QProgressBar* m_bar = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_close = nullptr;
    bool m_done = false;
};

class WeightsManagerDialog : public QDialog {
    Q_OBJECT
public:
    explicit WeightsManagerDialog(QWidget* parent = nullptr);
    ~WeightsManagerDialog() override;
    // Lists the files again; the present ones are hashed on another thread (about a second per
    // 100 MB), then checked() is emitted.
    void refresh();
    QTableWidget* table() const { return m_table; }

signals:
    // A Download button was pressed for this variant (the window opens the download dialog).
    void downloadRequested(const QString& variant);
    void checked();  // the states of the present files are shown

private:
    QTableWidget* m_table = nullptr;
    QLabel* m_folder = nullptr;
    void showChecks(const QVector<ds::net::Verification>& results, int generation);
    int m_generation = 0;  // the newest refresh()
    struct Alive {
        std::mutex mutex;
        bool yes = true;
    };
    std::shared_ptr<Alive> m_alive = std::make_shared<Alive>();
};

}  // namespace ds::ui
