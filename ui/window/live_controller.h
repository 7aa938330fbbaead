#pragma once
// Live mode of the main window: a video file or a camera feeds the network frame after frame,
// keeping only the newest (live_feed.h). It owns the source, the feed, the Live menu (video,
// cameras, start/stop, freeze, loop) with File → Open video…, the status bar's rate and dropped
// share, and the rule for when the next frame may go. The window tells it when the worker
// answers (frameAnswered, workerIdle) and shows its messages and errors.
#include <QObject>
#include <QString>

#include "inference_worker.h"

class QAction;
class QMenu;
class QTimer;
class QWidget;

namespace ds::ui {

struct AppSettings;
class ElidedLabel;
class FrameSource;
class ImageView;
class LiveFeed;
class StatusPanel;

class LiveController : public QObject {
    Q_OBJECT
public:
    static constexpr int kStatusMs = 500;  // the live status' refresh while frames come

    // `window` parents the dialogs and takes the Space shortcut; `settings` holds the folder,
    // the camera and the loop choice (settingsChanged() says when they change).
    LiveController(QWidget* window, InferenceWorker* worker, ImageView* imageView,
                   StatusPanel* status, AppSettings& settings);
    ~LiveController() override;
    void shutDown();  // the window closes: the source stops without calling back

    // openVideo() starts playing `path` (false, with the reason shown, when it cannot be
    // played); startCamera() the camera with that id (empty: the remembered one, else the
    // system default) and remembers the choice.
    bool openVideo(const QString& path);
    bool startCamera(const QByteArray& id = {});
    // Any source (tests push synthetic frames through this, the path a camera's take): this
    // takes ownership, stops and deletes the previous one. Does not start it.
    void setSource(FrameSource* source);
    void stop();                    // the last frame stays shown
    void setRunning(bool running);  // Start/Stop: the same source again
    void setFrozen(bool frozen);    // Space: holds the frame shown (a video pauses)
    bool isLive() const;            // a source is running
    bool isFrozen() const;
    LiveFeed* feed() const { return m_feed; }
    FrameSource* source() const { return m_source; }
    QMenu* menu() const { return m_menu; }
    QAction* openVideoAction() const { return m_openVideo; }
    QAction* runAction() const { return m_run; }
    QAction* freezeAction() const { return m_freeze; }
    QString statusText() const;  // what the status bar says about live mode

    // The worker answered request `imageId` (a view, or an image's failure). waitForIdle: a
    // panel in front follows every view with a job of its own (the CAM), so the next frame
    // waits until the worker is idle (workerIdle), or it would cancel that job.
    void frameAnswered(quint64 imageId, bool waitForIdle);
    void workerIdle();  // everything is answered, the jobs that follow a view too

signals:
    void runningChanged(bool running);  // after every change of the live actions' state
    void errorShown(const QString& message, int timeoutMs);
    void settingsChanged();

private slots:
    void openVideoDialog();
    void setLoop(bool on);
    void rebuildMenu();  // cameras are listed when the menu opens, so the list is current
    void onSourceFailed(const QString& message);
    void onSourceStateChanged();
    void onFrameAnswered();
    void updateStatus();

private:
    void follow();  // the feed takes the source's frames while it runs
    void updateActions();
    void showError(const QString& message, int timeoutMs);

    QWidget* m_window;
    InferenceWorker* m_worker;
    ImageView* m_imageView;
    StatusPanel* m_status;
    AppSettings& m_settings;
    LiveFeed* m_feed = nullptr;
    FrameSource* m_source = nullptr;  // child of this; null: none yet
    QMenu* m_menu = nullptr;
    QAction* m_openVideo = nullptr;
    QAction* m_run = nullptr;     // Start / Stop (checkable)
    QAction* m_freeze = nullptr;  // Space (checkable)
    QAction* m_loop = nullptr;
    ElidedLabel* m_statusLabel = nullptr;
    QTimer* m_statusTimer = nullptr;
};

}  // namespace ds::ui
