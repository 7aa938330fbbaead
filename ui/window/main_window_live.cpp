// MainWindow's live mode: a video file or a camera feeds the network, the newest frame only
// (live_feed.h). The Live menu (video, cameras, start/stop, freeze, loop), File → Open video…,
// the status bar's rate and dropped share, and the rule for when the next frame may go.
#include <QAction>
#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>

#ifdef __linux__
#include <sched.h>
#endif

#include "analysis_panel.h"
#include "camera_source.h"
#include "elided_label.h"
#include "image_view.h"
#include "live_feed.h"
#include "main_window.h"
#include "status_panel.h"
#include "teach_panel.h"
#include "video_file_source.h"

namespace ds::ui {

namespace {
constexpr int kLiveStatusMs = 500;

// While live, the window's thread wakes for every frame and every view. Under SCHED_BATCH a
// waking thread does not preempt a running one: it waits for the scheduler's next turn instead
// of stalling a forward pass, whose threads work in lockstep (one of two pushed off a core
// stops both). Linux only; switching between SCHED_OTHER and SCHED_BATCH needs no privilege.
void batchScheduling(bool on) {
#ifdef __linux__
    static bool batched = false;
    if (on == batched) return;
    sched_param param{};
    param.sched_priority = 0;
    if (sched_setscheduler(0, on ? SCHED_BATCH : SCHED_OTHER, &param) == 0) batched = on;
#else
    Q_UNUSED(on);
#endif
}

QString videoFilter() {
    return QObject::tr(
        "Videos (*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.mpg *.mpeg *.ogv *.wmv *.flv *.gif);;"
        "All files (*)");
}
}  // namespace

void MainWindow::setupLive() {
    qRegisterMetaType<ds::ui::LiveFrame>();
    m_live = new LiveFeed(
        [this](const LiveFrame& frame) {
            // Not in m_pending: a live frame must not hold back the view of the one before
            // (PendingRequests::supersedes), nor mark the panels as out of date 10 times a
            // second. LiveFeed keeps its own one request in flight.
            return m_worker->requestImage(frame.image, frame.source);
        },
        this);

    LiveActions& x = m_liveActions;
    x.openVideo = new QAction(tr("Open &video…"), this);
    x.openVideo->setObjectName(QStringLiteral("actionOpenVideo"));
    x.openVideo->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    x.openVideo->setStatusTip(tr("Play a video file through the network, as a camera would"));
    connect(x.openVideo, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open video"),
                                                          m_settings.folder, videoFilter());
        if (!path.isEmpty()) openVideo(path);
    });

    x.run = new QAction(tr("&Start live input"), this);
    x.run->setObjectName(QStringLiteral("actionLiveRun"));
    x.run->setCheckable(true);
    x.run->setShortcut(QKeySequence(tr("Ctrl+L")));
    connect(x.run, &QAction::triggered, this, [this](bool on) { setLiveRunning(on); });

    x.freeze = new QAction(tr("&Freeze frame"), this);
    x.freeze->setObjectName(QStringLiteral("actionFreeze"));
    x.freeze->setCheckable(true);
    x.freeze->setShortcut(QKeySequence(Qt::Key_Space));
    x.freeze->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    x.freeze->setToolTip(tr("Hold the frame shown to inspect it; Space again continues (Space)"));
    connect(x.freeze, &QAction::triggered, this, [this](bool on) { setFrozen(on); });
    addAction(x.freeze);  // Space works with the menus closed, wherever the focus is

    x.loop = new QAction(tr("&Loop video"), this);
    x.loop->setObjectName(QStringLiteral("actionLoopVideo"));
    x.loop->setCheckable(true);
    x.loop->setChecked(m_settings.loopVideo);
    connect(x.loop, &QAction::toggled, this, [this](bool on) {
        m_settings.loopVideo = on;
        if (auto* video = qobject_cast<VideoFileSource*>(m_liveSource)) video->setLoop(on);
        scheduleSave();
    });

    m_liveMenu = new QMenu(tr("&Live"), this);
    m_liveMenu->setObjectName(QStringLiteral("liveMenu"));
    m_liveMenu->setToolTipsVisible(true);
    // Cameras are listed when the menu opens, so the list is always current; not at start:
    // asking Qt Multimedia starts its backend (GStreamer, PulseAudio), which costs start-up
    // time and prints warnings on machines without sound.
    connect(m_liveMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildCameraMenu);
    m_liveMenu->addAction(x.openVideo);
    m_liveMenu->addSeparator();
    m_liveMenu->addActions({x.run, x.freeze, x.loop});

    // Elided when the window is narrow (a long file name must not push the docks about), and
    // first among the permanent parts: in live mode it matters most.
    m_liveStatus = new ElidedLabel;
    m_liveStatus->setObjectName(QStringLiteral("liveStatus"));
    m_liveStatus->setBaseToolTip(
        tr("Live mode classifies the newest frame whenever the network is free and skips the "
           "frames that arrive meanwhile (dropped)."));
    m_liveStatus->hide();
    m_status->insertPermanent(0, m_liveStatus);
    m_liveTimer = new QTimer(this);
    m_liveTimer->setObjectName(QStringLiteral("liveStatusTimer"));  // tests count its updates
    m_liveTimer->setInterval(kLiveStatusMs);
    connect(m_liveTimer, &QTimer::timeout, this, &MainWindow::updateLiveStatus);
    connect(m_live, &LiveFeed::frameAnswered, this, [this] {
        if (!m_liveTimer->isActive()) m_liveTimer->start();
    });
    for (AnalysisPanel* panel : m_analysisPanels)
        if (auto* teach = qobject_cast<TeachPanel*>(panel)) teach->setLiveFeed(m_live);
    updateLiveActions();
}

void MainWindow::rebuildCameraMenu() {
    const LiveActions& x = m_liveActions;
    m_liveMenu->clear();
    m_liveMenu->addAction(x.openVideo);
    m_liveMenu->addSection(tr("Cameras"));
    const QList<CameraChoice> cameras = CameraSource::cameras();
    auto* running = qobject_cast<CameraSource*>(m_liveSource);
    auto* group = new QActionGroup(m_liveMenu);
    for (const CameraChoice& camera : cameras) {
        QAction* a = m_liveMenu->addAction(camera.description);
        a->setObjectName(QStringLiteral("cameraAction"));
        a->setData(camera.id);
        a->setCheckable(true);
        a->setActionGroup(group);
        const QByteArray chosen = running ? running->cameraId() : m_settings.camera;
        a->setChecked(camera.id == chosen || (chosen.isEmpty() && camera.isDefault));
        a->setToolTip(tr("Classify what this camera sees, frame after frame"));
        connect(a, &QAction::triggered, this, [this, id = camera.id] { startCamera(id); });
    }
    if (cameras.isEmpty()) {
        QAction* none = m_liveMenu->addAction(tr("No camera found — connect one and it appears here"));
        none->setObjectName(QStringLiteral("noCameraAction"));
        none->setEnabled(false);
        none->setToolTip(tr("Qt Multimedia finds no camera on this computer. A video file "
                            "works the same way: Open video…"));
    }
    m_liveMenu->addSeparator();
    m_liveMenu->addActions({x.run, x.freeze, x.loop});
}

bool MainWindow::openVideo(const QString& path) {
    auto* source = new VideoFileSource(this);
    try {
        source->open(path);
    } catch (const ds::Error& e) {
        delete source;
        const QString message = QString::fromUtf8(e.what());
        m_imageView->setError(message);
        statusBar()->showMessage(message, 10000);
        emit errorShown(RequestKind::Image, message);
        return false;
    }
    source->setLoop(m_settings.loopVideo);
    m_settings.folder = QFileInfo(path).absolutePath();
    scheduleSave();
    setLiveSource(source);
    m_imageView->setError({});
    return source->start();
}

bool MainWindow::startCamera(const QByteArray& id) {
    auto* source = new CameraSource(this);
    source->setCamera(id.isEmpty() ? m_settings.camera : id);
    setLiveSource(source);
    if (!source->start()) return false;
    if (!id.isEmpty()) {
        m_settings.camera = id;
        scheduleSave();
    }
    updateLiveActions();
    return true;
}

void MainWindow::setLiveSource(FrameSource* source) {
    if (m_liveSource) {
        m_live->detach();  // what the old source still delivers is not this one's
        m_liveSource->stop();
        m_liveSource->disconnect(this);
        m_liveSource->deleteLater();
    }
    m_live->reset();
    source->setParent(this);
    m_liveSource = source;
    m_liveActions.freeze->setChecked(false);
    connect(source, &FrameSource::failed, this, [this](const QString& message) {
        m_live->detach();
        if (m_liveSource) m_liveSource->stop();
        m_imageView->setError(message);
        statusBar()->showMessage(message, 15000);
        emit errorShown(RequestKind::Image, message);
        updateLiveActions();
    });
    connect(source, &FrameSource::stateChanged, this, [this] {
        followLiveSource();
        updateLiveActions();
        updateLiveStatus();
    });
    followLiveSource();
    m_liveTimer->start();
    updateLiveActions();
    updateLiveStatus();
}

void MainWindow::followLiveSource() {
    // The feed takes the source's frames exactly while it runs, each start a new run: frames
    // it posted before it stopped, delivered later, are dropped (live_feed.h). Following the
    // source's own state covers every way it starts or stops: the menu, the end of a video,
    // a failure, a start() from elsewhere.
    if (m_liveSource && m_liveSource->isRunning()) {
        if (!m_live->isAttached(m_liveSource)) m_live->attach(m_liveSource);
    } else if (m_live->isAttached(m_liveSource)) {
        m_live->detach();
    }
}

void MainWindow::stopLive() {
    if (!m_liveSource) return;
    m_live->setFrozen(false);
    m_live->detach();  // before stop(): nothing it delivers from here on counts
    m_liveSource->setPaused(false);
    m_liveSource->stop();
    updateLiveActions();
    updateLiveStatus();
}

void MainWindow::endLive() {
    if (m_liveSource) {
        m_live->detach();
        m_liveSource->disconnect(this);
        m_liveSource->stop();
    }
    batchScheduling(false);  // the thread outlives the window (tests, a new window)
}

void MainWindow::setLiveRunning(bool running) {
    if (!running) return stopLive();
    if (m_liveSource) {
        if (!m_liveSource->isRunning()) {
            m_live->setFrozen(false);
            m_liveSource->start();
            followLiveSource();  // a source that says nothing when it starts
        }
        updateLiveActions();
        updateLiveStatus();
        return;
    }
    // Nothing chosen yet: the remembered camera when there is one, else a video file.
    if (!CameraSource::cameras().isEmpty()) {
        startCamera();
        return;
    }
    updateLiveActions();
    m_liveActions.openVideo->trigger();
}

void MainWindow::setFrozen(bool frozen) {
    if (!m_liveSource || frozen == m_live->isFrozen()) {
        m_liveActions.freeze->setChecked(m_live->isFrozen());
        return;
    }
    m_live->setFrozen(frozen);
    m_liveSource->setPaused(frozen);
    updateLiveActions();
    updateLiveStatus();
}

bool MainWindow::isLive() const { return m_liveSource && m_liveSource->isRunning(); }
bool MainWindow::isFrozen() const { return m_live && m_live->isFrozen(); }

void MainWindow::updateLiveActions() {
    const LiveActions& x = m_liveActions;
    const bool running = isLive();
    x.run->setChecked(running);
    x.run->setText(running ? tr("&Stop live input") : tr("&Start live input"));
    x.run->setIcon(style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    x.run->setToolTip(running ? tr("Stop the camera or video; the last frame stays (Ctrl+L)")
                              : tr("Start the camera or video again (Ctrl+L)"));
    x.freeze->setEnabled(running);
    x.freeze->setChecked(m_live->isFrozen());
    m_status->setLive(running && !m_live->isFrozen());
    batchScheduling(running && !m_live->isFrozen());
    for (AnalysisPanel* panel : m_analysisPanels)
        if (auto* teach = qobject_cast<TeachPanel*>(panel)) teach->setLiveRunning(running);
}

QString MainWindow::liveStatusText() const {
    if (!m_liveSource) return {};
    LiveStats stats = m_live->stats();
    stats.dropped += m_liveSource->droppedAtSource();
    stats.offered += m_liveSource->droppedAtSource();
    const QString where = m_liveSource->position().isEmpty()
                              ? m_liveSource->description()
                              : QStringLiteral("%1 %2").arg(m_liveSource->description(), m_liveSource->position());
    if (m_live->isFrozen()) return tr("Frozen: %1 (Space continues)").arg(where);
    if (!m_liveSource->isRunning()) return tr("Live stopped: %1").arg(where);
    const int dropped = stats.offered > 0 ? int(std::lround(100.0 * stats.droppedShare())) : 0;
    return tr("Live: %1 · %2 fps · %3% dropped")
        .arg(where, QString::number(stats.fps, 'f', 1))
        .arg(dropped);
}

void MainWindow::updateLiveStatus() {
    const QString text = liveStatusText();
    const bool changed = m_liveStatus->isVisible() != !text.isEmpty();
    m_liveStatus->setFullText(text);
    m_liveStatus->setVisible(!text.isEmpty());
    // It matters most in live mode: the other parts elide first (up to 2/5 of the bar).
    m_liveStatus->setMinimumWidth(
        std::min(m_liveStatus->sizeHint().width(), statusBar()->width() * 2 / 5));
    if (changed || m_liveStatus->isElided()) m_status->refit();
    if (!isLive() && m_liveTimer->isActive() && m_live->inFlight() == 0) m_liveTimer->stop();
}

void MainWindow::liveFrameAnswered(quint64 imageId, bool beforeApplying) {
    if (!m_live || m_live->inFlight() == 0 || imageId < m_live->inFlight()) return;
    if (beforeApplying) {
        // A panel in front that follows every view with a job of its own (the CAM): the next
        // frame waits until the worker is idle, or it would cancel that job (onBusy).
        for (AnalysisPanel* panel : m_analysisPanels)
            if (panel->isShown()) return;
    }
    // Otherwise the next frame goes before this view is drawn, so the network works while
    // the window paints.
    m_live->workerFree(imageId);
}

}  // namespace ds::ui
