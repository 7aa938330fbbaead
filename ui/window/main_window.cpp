// MainWindow's construction: the worker thread, docks, controllers and their connections,
// settings restored; start() with the first model and image; layer selection; the untrained
// weights notice; and the small API that forwards to the controllers. Worker answers are in
// main_window_responses.cpp, settings in main_window_settings.cpp.
#include "main_window.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGuiApplication>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>

#include "densescope/imagenet_weights.h"
#include "explanation_panel.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "image_controller.h"
#include "image_view.h"
#include "layer_table.h"
#include "live_controller.h"
#include "main_window_parts.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "status_panel.h"
#include "teach_controller.h"
#include "dock_room.h"
#include "view_mode_controller.h"
#include "visualize_panel.h"
#include "analysis_router.h"
#include "weights_controller.h"

namespace ds::ui {

MainWindow::MainWindow(const WindowOptions& options, QWidget* parent)
    : QMainWindow(parent),
      m_options(options),
      m_actions(std::make_unique<WindowActions>()),
      m_marks(std::make_unique<PipelineMarks>()) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("DenseScope"));
    if (options.useSettings) m_settings = AppSettings::load();

    m_worker = new ds::ui::InferenceWorker();
    m_worker->attach(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ds::ui::InferenceWorker::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_worker, &ds::ui::InferenceWorker::viewReady, this, &MainWindow::onView);
    connect(m_worker, &ds::ui::InferenceWorker::failed, this, &MainWindow::onFailed);
    connect(m_worker, &ds::ui::InferenceWorker::busyChanged, this, &MainWindow::onBusy);
    connect(m_worker, &ds::ui::InferenceWorker::weightsFitOtherLayout, this,
            [this](quint64, const ds::ui::ModelRequest& r) { m_modelPanel->offerLayout(r); });
    connect(m_worker, &ds::ui::InferenceWorker::started, this,
            [this](ds::ui::RequestKind, const QString& what) { m_status->setStage(what); });
    m_thread.setObjectName(QStringLiteral("inference"));
    m_thread.start();

    m_status = new StatusPanel(statusBar());
    buildDocks();
    m_images = new ImageController(this, m_imageView, m_settings);
    connect(m_images, &ImageController::fileRequested, this, &MainWindow::requestImageFile);
    connect(m_images, &ImageController::imageRequested, this, &MainWindow::showImage);
    connect(m_images, &ImageController::weightsFileDropped, this, &MainWindow::loadWeightsFile);
    connect(m_images, &ImageController::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_images, &ImageController::settingsChanged, this, &MainWindow::scheduleSave);
    createActions();
    composeControllers();
    createMenus();
    createToolBars();
    connectSelection();
    setupPipeline();
    setAcceptDrops(true);

    // A first-run size that fits the screen; later runs restore the user's layout.
    const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
    resize(qMin(1600, screen.width() * 9 / 10), qMin(1000, screen.height() * 9 / 10));
    if (!m_settings.geometry.isEmpty()) restoreGeometry(m_settings.geometry);
    if (!m_settings.windowState.isEmpty()) restoreState(m_settings.windowState);
    m_basePointSize = font().pointSizeF();
    setScale(m_settings.scale);
    m_predictions->setTopK(m_settings.topk);
    restoreComparisons();
    m_images->rebuildRecentMenu();
    // Settings are written shortly after they change, not only on a clean exit (a crash, a
    // killed session or a switched-off classroom PC would lose them).
    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kSaveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, this, &MainWindow::saveSettings);
    connect(m_predictions, &PredictionsChart::topkChanged, this, &MainWindow::scheduleSave);
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        connect(dock, &QDockWidget::dockLocationChanged, this, &MainWindow::scheduleSave);
        connect(dock, &QDockWidget::topLevelChanged, this, &MainWindow::scheduleSave);
        connect(dock, &QDockWidget::visibilityChanged, this, &MainWindow::scheduleSave);
    }
}

MainWindow::~MainWindow() {
    // QWidget's destructor hides the docks, and their visibilityChanged would call
    // scheduleSave() on a MainWindow that is already destroyed (UBSan: bad downcast).
    for (QDockWidget* dock : findChildren<QDockWidget*>()) dock->disconnect(this);
    m_live->shutDown();  // no frame reaches the worker as it goes
    // A load and a long scan stop at their next step, so the thread ends without waiting for them.
    m_worker->cancelModel();
    m_worker->cancelAllAnalyses();
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::composeControllers() {
    m_live = new LiveController(this, m_worker, m_imageView, m_status, m_settings);
    connect(m_live, &LiveController::settingsChanged, this, &MainWindow::scheduleSave);
    connect(m_live, &LiveController::errorShown, this, &MainWindow::onLiveError);
    m_teach->setLiveFeed(m_live->feed());
    m_teach->setLiveRunning(m_live->isLive());
    connect(m_live, &LiveController::runningChanged, m_teach, &TeachController::setLiveRunning);

    m_viewModes = new ViewModeController(
        this, m_room, {[this] { return m_scale; }, [this](double scale) { setScale(scale); }});

    m_weights = new WeightsController(this, m_modelPanel);
    connect(m_weights, &WeightsController::modelRequested, this, &MainWindow::requestModel);
    composeLessons();
}

void MainWindow::onLiveError(const QString& message, int timeoutMs) {
    statusBar()->showMessage(message, timeoutMs);
    emit errorShown(RequestKind::Image, message);
}

void MainWindow::connectSelection() {
    connect(m_tree, &NetworkTree::layerSelected, this, &MainWindow::selectLayer);
    connect(m_table, &LayerTable::layerSelected, this, &MainWindow::selectLayer);
    connect(m_growth, &GrowthChart::layerSelected, this, &MainWindow::selectLayer);
    connect(m_featureMaps, &FeatureMapPanel::layerSelected, this, &MainWindow::selectLayer);
    connect(m_modelPanel, &ModelPanel::requestChanged, this,
            [this](const ds::ui::ModelRequest& r) { sendModelRequest(r); });
    connect(m_predictions, &PredictionsChart::topkChanged, this,
            [this](int k) { m_worker->requestTopK(k); });
    connect(m_featureMaps, &FeatureMapPanel::bytesWanted, this,
            [this](ds::MapScaling scaling, std::optional<bool> symmetric) {
                m_worker->requestMapBytes(scaling, symmetric);
            });
}

void MainWindow::start() {
    // Now that the panels are shown their needs are known: keep a saved or --zoom factor to
    // what this screen has room for; again once the first predictions and maps are in them.
    setScale(m_scale);
    connect(
        this, &MainWindow::viewShown, this, [this] { setScale(m_scale); },
        Qt::SingleShotConnection);
    // Dock sizes only take once the window has its size; a restored layout keeps its own,
    // unless it was made for a larger screen than this one.
    if (m_settings.windowState.isEmpty())
        defaultDockSizes();
    else
        m_fitPredictions = replaceLayoutLargerThanScreen();
    // The sizes DockRoom keeps across window resizes: this layout's, once it has settled.
    QTimer::singleShot(0, this, [this] { m_room->remember(); });
    ds::ui::ModelRequest r;
    const auto& saved = m_settings.model;
    r.config = m_options.config ? *m_options.config
               : saved          ? saved->config
                                : ds::DenseNetConfig::variant("densenet121");
    if (!m_options.weights.isEmpty()) {
        r.weights = m_options.weights;
    } else if (saved && !m_options.config && saved->config == r.config) {
        // The last weights, unless the file they name has gone since.
        const QString& w = saved->weights;
        const bool gone = w == QLatin1String("imagenet")
                              ? ModelPanel::imagenetPath(r.config).isEmpty()
                          : w.startsWith(QLatin1String("random")) ? false
                                                                  : !QFileInfo::exists(w);
        r.weights = gone ? QString::fromStdString(ds::defaultWeightsSpec(r.config)) : w;
    } else {
        r.weights = QString::fromStdString(ds::defaultWeightsSpec(r.config));
    }
    const bool file = !r.weights.startsWith(QLatin1String("random")) &&
                      r.weights != QLatin1String("imagenet");
    if (file)
        r.labels = !m_options.labels.isEmpty() ? m_options.labels
                   : m_options.useSettings     ? ModelPanel::rememberedLabels(r.weights)
                                               : QString();
    r.device = m_options.device ? *m_options.device : saved ? saved->device : ds::DeviceKind::Auto;
    if (!m_options.device && r.device == ds::DeviceKind::Cuda && !ds::Engine::cudaAvailable()) {
        // A choice saved on (or copied from) a machine with a GPU: run here rather than not at
        // all. Auto is the CPU here, and the GPU again where there is one.
        r.device = ds::DeviceKind::Auto;
        const QString note =
            tr("CUDA was chosen last time, but no GPU is available now: using the CPU.");
        m_modelPanel->setDeviceNote(note);
        statusBar()->showMessage(note, 15000);
    }
    m_worker->requestTopK(m_predictions->topK());
    requestModel(r);
    m_layer = m_options.layer;
    m_pending.layer = m_worker->requestLayer(m_layer);
    if (!m_options.video.isEmpty())
        m_live->openVideo(m_options.video);
    else if (m_options.image.isEmpty())
        m_images->openSample(kDefaultSample);
    else
        openImage(m_options.image);
}

void MainWindow::requestModel(const ds::ui::ModelRequest& request) {
    m_modelPanel->setRequest(request);
    sendModelRequest(request);
}

void MainWindow::loadWeightsFile(const QString& path) { m_modelPanel->setWeightsFile(path); }

void MainWindow::selectLayer(const QString& layer) {
    if (layer.isEmpty() || layer == m_layer) return;
    m_layer = layer;
    m_tree->selectLayer(layer);
    m_table->selectLayer(layer);
    m_growth->selectLayer(layer);
    m_explanation->setLayer(layer);
    m_pending.layer = m_worker->requestLayer(layer);
    updateStaleMarks();
    emit layerShown(layer);
}

void MainWindow::updateNotice() {
    if (m_teach->headShown()) {
        m_predictions->setNotice(TeachController::headNotice());
        return;
    }
    if (!m_model || !m_model->randomWeights) {
        m_predictions->setNotice({});
        return;
    }
    const std::string name = m_model->config.name;
    const QString file = QString::fromStdString(ds::imagenetFileName(name));
    const QString dir =
        QDir::toNativeSeparators(QString::fromStdString(ds::torchHubCheckpointDir()));
    QString text =
        tr("<b>Untrained weights</b> (random): these predictions mean nothing, "
           "but shapes, channel growth and feature maps are real. ");
    if (!file.isEmpty())
        text += tr("For ImageNet predictions, choose Weights → Download ImageNet weights "
                   "(one click), or put <code>%1</code> from download.pytorch.org/models/ into "
                   "<code>%2</code> by hand.")
                    .arg(file, dir.toHtmlEscaped());
    else
        text += tr("No ImageNet weights exist for %1; load trained weights from a .pth or "
                   ".safetensors file "
                   "(File → Load weights, or drop it on the window).")
                    .arg(QString::fromStdString(name));
    m_predictions->setNotice(text);
    // The banner may need more height than the row has (a first run, another language).
    QTimer::singleShot(0, this, &MainWindow::givePredictionsRoom);
}


void MainWindow::visualizeOnFirstView(int steps) {
    auto* panel = m_analyses->find<VisualizePanel>();
    if (!panel) return;
    panel->setSteps(steps);
    connect(this, &MainWindow::viewShown, panel, [panel] {
        if (!panel->running() && !panel->result()) panel->visualize();
    });
}

WeightsDownloadDialog* MainWindow::openWeightsDownload(const QString& variant) {
    return m_weights->openDownload(variant);
}
WeightsManagerDialog* MainWindow::openWeightsManager() { return m_weights->openManager(); }
QMenu* MainWindow::weightsMenu() const { return m_weights->menu(); }
QMenu* MainWindow::liveMenu() const { return m_live->menu(); }

}  // namespace ds::ui
