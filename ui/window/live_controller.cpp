#include "live_controller.h"
#include "retranslate.h"

#include <QAction>
#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStyle>
#include <QTimer>
#include <QWidget>

#include <cmath>

#include "app_settings.h"
#include "dialog_folder.h"
#include "camera_source.h"
#include "elided_label.h"
#include "image_view.h"
#include "live_feed.h"
#include "status_panel.h"
#include "video_file_source.h"

namespace ds::ui {

namespace {
QString videoFilter() {
    return QObject::tr(
        "Videos (*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.mpg *.mpeg *.ogv *.wmv *.flv *.gif);;"
        "All files (*)");
}
}  // namespace

LiveController::LiveController(QWidget* window, InferenceWorker* worker, ImageView* imageView,
                               StatusPanel* status, AppSettings& settings)
    : QObject(window),
      m_window(window),
      m_worker(worker),
      m_imageView(imageView),
      m_status(status),
      m_settings(settings) {
    qRegisterMetaType<ds::ui::LiveFrame>();
    m_feed = new LiveFeed(
        [this](const LiveFrame& frame) {
            // Not among the window's pending requests: a live frame must not hold back the
            // view of the one before (PendingRequests::supersedes), nor mark the panels as out
            // of date 10 times a second. LiveFeed keeps its own one request in flight.
            return m_worker->requestImage(frame.image, frame.source);
        },
        this);

    QStyle* style = window->style();
    m_openVideo = new QAction(tr("Open &video…"), this);
    m_openVideo->setObjectName(QStringLiteral("actionOpenVideo"));
    m_openVideo->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    m_openVideo->setStatusTip(tr("Play a video file through the network, as a camera would"));
    connect(m_openVideo, &QAction::triggered, this, &LiveController::openVideoDialog);

    m_run = new QAction(tr("&Start live input"), this);
    m_run->setObjectName(QStringLiteral("actionLiveRun"));
    m_run->setCheckable(true);
    m_run->setShortcut(QKeySequence(tr("Ctrl+L")));
    connect(m_run, &QAction::triggered, this, &LiveController::setRunning);

    m_freeze = new QAction(tr("&Freeze frame"), this);
    m_freeze->setObjectName(QStringLiteral("actionFreeze"));
    m_freeze->setCheckable(true);
    m_freeze->setShortcut(QKeySequence(Qt::Key_Space));
    m_freeze->setIcon(style->standardIcon(QStyle::SP_MediaPause));
    m_freeze->setToolTip(tr("Hold the frame shown to inspect it; Space again continues (Space)"));
    connect(m_freeze, &QAction::triggered, this, &LiveController::setFrozen);
    window->addAction(m_freeze);  // Space works with the menus closed, wherever the focus is

    m_loop = new QAction(tr("&Loop video"), this);
    m_loop->setObjectName(QStringLiteral("actionLoopVideo"));
    m_loop->setCheckable(true);
    m_loop->setChecked(m_settings.loopVideo);
    connect(m_loop, &QAction::toggled, this, &LiveController::setLoop);

    m_menu = new QMenu(tr("&Live"), window);
    m_menu->setObjectName(QStringLiteral("liveMenu"));
    m_menu->setToolTipsVisible(true);
    // Cameras are listed when the menu opens, not at start: asking Qt Multimedia starts its
    // backend (GStreamer, PulseAudio), which costs start-up time and prints warnings on
    // machines without sound.
    connect(m_menu, &QMenu::aboutToShow, this, &LiveController::rebuildMenu);
    m_menu->addAction(m_openVideo);
    m_menu->addSeparator();
    m_menu->addActions({m_run, m_freeze, m_loop});

    // Elided when the window is narrow (a long file name must not push the docks about), and
    // first among the permanent parts: in live mode it matters most.
    m_statusLabel = new ElidedLabel;
    m_statusLabel->setObjectName(QStringLiteral("liveStatus"));
    m_statusLabel->setBaseToolTip(
        tr("Live mode classifies the newest frame whenever the network is free and skips the "
           "frames that arrive meanwhile (dropped)."));
    m_statusLabel->hide();
    m_status->insertPermanent(0, m_statusLabel);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setObjectName(QStringLiteral("liveStatusTimer"));  // tests count its updates
    m_statusTimer->setInterval(kStatusMs);
    connect(m_statusTimer, &QTimer::timeout, this, &LiveController::updateStatus);
    connect(m_feed, &LiveFeed::frameAnswered, this, &LiveController::onFrameAnswered);
    updateActions();
    onLanguageChange(
        this,
        [this] {
            m_openVideo->setText(tr("Open &video…"));
            m_openVideo->setStatusTip(
                tr("Play a video file through the network, as a camera would"));
            m_freeze->setText(tr("&Freeze frame"));
            m_freeze->setToolTip(
                tr("Hold the frame shown to inspect it; Space again continues (Space)"));
            m_loop->setText(tr("&Loop video"));
            m_menu->setTitle(tr("&Live"));
            m_statusLabel->setBaseToolTip(
                tr("Live mode classifies the newest frame whenever the network is free and skips "
                   "the frames that arrive meanwhile (dropped)."));
            updateActions();
            if (m_statusLabel->isVisible()) updateStatus();
        },
        /*now=*/false);
}

LiveController::~LiveController() { shutDown(); }

void LiveController::shutDown() {
    if (m_source) {
        m_feed->detach();
        m_source->disconnect(this);
        m_source->stop();
    }
}

void LiveController::openVideoDialog() {
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open video"),
                                                      dialogStartFolder(), videoFilter());
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    openVideo(path);
}

void LiveController::setLoop(bool on) {
    m_settings.loopVideo = on;
    if (auto* video = qobject_cast<VideoFileSource*>(m_source)) video->setLoop(on);
    emit settingsChanged();
}

void LiveController::onFrameAnswered() {
    if (!m_statusTimer->isActive()) m_statusTimer->start();
}

void LiveController::rebuildMenu() {
    m_menu->clear();
    m_menu->addAction(m_openVideo);
    m_menu->addSection(tr("Cameras"));
    const QList<CameraChoice> cameras = CameraSource::cameras();
    auto* running = qobject_cast<CameraSource*>(m_source);
    auto* group = new QActionGroup(m_menu);
    for (const CameraChoice& camera : cameras) {
        QAction* a = m_menu->addAction(camera.description);
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
        QAction* none = m_menu->addAction(tr("No camera found — connect one and it appears here"));
        none->setObjectName(QStringLiteral("noCameraAction"));
        none->setEnabled(false);
        none->setToolTip(tr("Qt Multimedia finds no camera on this computer. A video file "
                            "works the same way: Open video…"));
    }
    m_menu->addSeparator();
    m_menu->addActions({m_run, m_freeze, m_loop});
}

void LiveController::showError(const QString& message, int timeoutMs) {
    m_imageView->setError(message);
    emit errorShown(message, timeoutMs);
}

bool LiveController::openVideo(const QString& path) {
    auto* source = new VideoFileSource(this);
    try {
        source->open(path);
    } catch (const ds::Error& e) {
        delete source;
        showError(QString::fromUtf8(e.what()), 10000);
        return false;
    }
    source->setLoop(m_settings.loopVideo);
    m_settings.folder = QFileInfo(path).absolutePath();
    emit settingsChanged();
    setSource(source);
    m_imageView->setError({});
    return source->start();
}

bool LiveController::startCamera(const QByteArray& id) {
    auto* source = new CameraSource(this);
    source->setCamera(id.isEmpty() ? m_settings.camera : id);
    setSource(source);
    if (!source->start()) return false;
    if (!id.isEmpty()) {
        m_settings.camera = id;
        emit settingsChanged();
    }
    updateActions();
    return true;
}

void LiveController::setSource(FrameSource* source) {
    if (m_source) {
        m_feed->detach();  // what the old source still delivers is not this one's
        m_source->stop();
        m_source->disconnect(this);
        m_source->deleteLater();
    }
    m_feed->reset();
    source->setParent(this);
    m_source = source;
    m_freeze->setChecked(false);
    connect(source, &FrameSource::failed, this, &LiveController::onSourceFailed);
    connect(source, &FrameSource::stateChanged, this, &LiveController::onSourceStateChanged);
    follow();
    m_statusTimer->start();
    updateActions();
    updateStatus();
}

void LiveController::onSourceFailed(const QString& message) {
    m_feed->detach();
    if (m_source) m_source->stop();
    showError(message, 15000);
    updateActions();
}

void LiveController::onSourceStateChanged() {
    follow();
    updateActions();
    updateStatus();
}

void LiveController::follow() {
    // The feed takes the source's frames exactly while it runs, each start a new run: frames
    // it posted before it stopped, delivered later, are dropped (live_feed.h). Following the
    // source's own state covers every way it starts or stops: the menu, the end of a video,
    // a failure, a start() from elsewhere.
    if (m_source && m_source->isRunning()) {
        if (!m_feed->isAttached(m_source)) m_feed->attach(m_source);
    } else if (m_feed->isAttached(m_source)) {
        m_feed->detach();
    }
}

void LiveController::stop() {
    if (!m_source) return;
    m_feed->setFrozen(false);
    m_feed->detach();  // before stop(): nothing it delivers from here on counts
    m_source->setPaused(false);
    m_source->stop();
    updateActions();
    updateStatus();
}

void LiveController::setRunning(bool running) {
    if (!running) return stop();
    if (m_source) {
        if (!m_source->isRunning()) {
            m_feed->setFrozen(false);
            m_source->start();
            follow();  // a source that says nothing when it starts
        }
        updateActions();
        updateStatus();
        return;
    }
    // Nothing chosen yet: the remembered camera when there is one, else a video file.
    if (!CameraSource::cameras().isEmpty()) {
        startCamera();
        return;
    }
    updateActions();
    m_openVideo->trigger();
}

void LiveController::setFrozen(bool frozen) {
    if (!m_source || frozen == m_feed->isFrozen()) {
        m_freeze->setChecked(m_feed->isFrozen());
        return;
    }
    m_feed->setFrozen(frozen);
    m_source->setPaused(frozen);
    updateActions();
    updateStatus();
}

bool LiveController::isLive() const { return m_source && m_source->isRunning(); }
bool LiveController::isFrozen() const { return m_feed->isFrozen(); }

void LiveController::updateActions() {
    const bool running = isLive();
    m_run->setChecked(running);
    m_run->setText(running ? tr("&Stop live input") : tr("&Start live input"));
    m_run->setIcon(
        m_window->style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    m_run->setToolTip(running ? tr("Stop the camera or video; the last frame stays (Ctrl+L)")
                              : tr("Start the camera or video again (Ctrl+L)"));
    m_freeze->setEnabled(running);
    m_freeze->setChecked(m_feed->isFrozen());
    m_status->setLive(running && !m_feed->isFrozen());
    emit runningChanged(running);
}

QString LiveController::statusText() const {
    if (!m_source) return {};
    LiveStats stats = m_feed->stats();
    stats.dropped += m_source->droppedAtSource();
    stats.offered += m_source->droppedAtSource();
    const QString where = m_source->position().isEmpty()
                              ? m_source->description()
                              : QStringLiteral("%1 %2").arg(m_source->description(), m_source->position());
    if (m_feed->isFrozen()) return tr("Frozen: %1 (Space continues)").arg(where);
    if (!m_source->isRunning()) return tr("Live stopped: %1").arg(where);
    const int dropped = stats.offered > 0 ? int(std::lround(100.0 * stats.droppedShare())) : 0;
    return tr("Live: %1 · %2 fps · %3% dropped")
        .arg(where, QString::number(stats.fps, 'f', 1))
        .arg(dropped);
}

void LiveController::updateStatus() {
    const QString text = statusText();
    const bool changed = m_statusLabel->isVisible() != !text.isEmpty();
    m_statusLabel->setFullText(text);
    m_statusLabel->setVisible(!text.isEmpty());
    // It matters most in live mode: the other parts elide first (up to 2/5 of the bar).
    const auto* bar = qobject_cast<const QWidget*>(m_status->parent());
    const int barWidth = bar ? bar->width() : m_window->width();
    m_statusLabel->setMinimumWidth(std::min(m_statusLabel->sizeHint().width(), barWidth * 2 / 5));
    if (changed || m_statusLabel->isElided()) m_status->refit();
    if (!isLive() && m_statusTimer->isActive() && m_feed->inFlight() == 0) m_statusTimer->stop();
}

void LiveController::frameAnswered(quint64 imageId, bool waitForIdle) {
    if (m_feed->inFlight() == 0 || imageId < m_feed->inFlight()) return;
    if (waitForIdle) return;
    // Otherwise the next frame goes before this view is drawn, so the network works while
    // the window paints.
    m_feed->workerFree(imageId);
}

void LiveController::workerIdle() {
    if (m_feed->inFlight()) m_feed->workerFree();
}

}  // namespace ds::ui
