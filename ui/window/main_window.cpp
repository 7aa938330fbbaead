#include "main_window.h"

#include <QAbstractItemView>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QComboBox>
#include <QFileInfo>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QTextEdit>
#include <QTimer>
#include <QToolTip>

#include "dock_room.h"
#include "explanation_panel.h"
#include "explanation_tooltips.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "guide_dialog.h"
#include "image_view.h"
#include "layer_table.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "status_panel.h"
#include "zoom_limit.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/imagenet_weights.h"

namespace ds::ui {

namespace {

// Panels with forms, banners and charts scroll when their dock is smaller than they need
// (zoomed in on a small screen) instead of being cut off or making the window larger than
// the screen. Panels that are lists go in as they are.
QWidget* scrollable(QWidget* panel) {
    // A panel that is a list or a text (the network tree, the layer table, the explanation)
    // scrolls by itself already. A smaller scroll area inside a form (the model panel's
    // message area) does not make the form scroll.
    for (QWidget* child : panel->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
        if (qobject_cast<QAbstractItemView*>(child) || qobject_cast<QTextEdit*>(child))
            return panel;
    auto* scroll = new QScrollArea;
    scroll->setObjectName(panel->objectName() + QStringLiteral("Scroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(panel);
    return scroll;
}

// What a dock's panel needs without scrolling, with the dock's title.
QSize contentMinimum(const QDockWidget* dock) {
    const auto* scroll = qobject_cast<const QScrollArea*>(dock->widget());
    const QWidget* panel = scroll && scroll->widget() ? scroll->widget() : dock->widget();
    const int title = dock->widget()->geometry().top();
    return panel->minimumSizeHint() + QSize(4, title + 4);
}

bool isFileSource(const QString& source) {
    return !source.isEmpty() && !source.startsWith(QLatin1Char(':')) && QFileInfo(source).isFile();
}
}  // namespace

MainWindow::MainWindow(const WindowOptions& options, QWidget* parent)
    : QMainWindow(parent), m_options(options) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("DenseScope"));
    if (options.useSettings) m_settings = AppSettings::load();

    m_worker = new ds::ui::InferenceWorker(options.threads);
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
    createActions();
    createViewModeActions();
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
    rebuildRecentMenu();
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
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::buildDocks() {
    m_modelPanel = new ModelPanel;
    m_imageView = new ImageView;
    m_predictions = new PredictionsChart;
    m_tree = new NetworkTree;
    m_tree->setObjectName(QStringLiteral("networkTree"));
    m_featureMaps = new FeatureMapPanel;
    m_featureMaps->setObjectName(QStringLiteral("featureMapPanel"));
    m_growth = new GrowthChart;
    m_growth->setObjectName(QStringLiteral("growthChart"));
    m_table = new LayerTable;
    m_table->setObjectName(QStringLiteral("layerTable"));
    m_explanation = new ExplanationPanel;

    // Left: model over network (full height). Right of it, two rows: image | predictions on
    // top, and the feature maps (the widest panel) | channel growth + layer table below.
    setDockNestingEnabled(true);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::TopDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    auto* model =
        addDock(m_modelPanel, tr("Model"), QStringLiteral("modelDock"), Qt::LeftDockWidgetArea);
    auto* network =
        addDock(m_tree, tr("Network"), QStringLiteral("networkDock"), Qt::LeftDockWidgetArea);
    auto* image =
        addDock(m_imageView, tr("Image"), QStringLiteral("imageDock"), Qt::TopDockWidgetArea);
    auto* predictions = addDock(m_predictions, tr("Predictions"), QStringLiteral("predictionsDock"),
                                Qt::TopDockWidgetArea);
    auto* maps = addDock(m_featureMaps, tr("Feature maps"), QStringLiteral("featureMapsDock"),
                         Qt::BottomDockWidgetArea);
    auto* growth = addDock(m_growth, tr("Channel growth"), QStringLiteral("growthDock"),
                           Qt::BottomDockWidgetArea);
    auto* table =
        addDock(m_table, tr("Layers"), QStringLiteral("layerTableDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(model, network, Qt::Vertical);
    // Under the tree: pick a node, read what it does.
    splitDockWidget(network,
                    addDock(m_explanation, tr("Explanation"), QStringLiteral("explanationDock"),
                            Qt::LeftDockWidgetArea),
                    Qt::Vertical);
    splitDockWidget(image, predictions, Qt::Horizontal);
    splitDockWidget(maps, growth, Qt::Horizontal);
    tabifyDockWidget(growth, table);
    growth->raise();
    // A larger window's room goes to the feature maps and charts (dock_room.h).
    m_room = new DockRoom(this, [this] {
        const auto* model = findChild<QDockWidget*>(QStringLiteral("modelDock"));
        const auto* image = findChild<QDockWidget*>(QStringLiteral("imageDock"));
        fitDocks(m_room->kept(model), m_room->kept(image));
    });
    m_room->keep(model, Qt::Horizontal);
    m_room->keep(image, Qt::Vertical);
}

void MainWindow::defaultDockSizes() {
    // Font units for the model column and the image row, so they hold on high-DPI screens and
    // when zoomed; zoomed in, they still leave most of the window to the maps.
    const int em = fontMetrics().averageCharWidth();
    const int line = fontMetrics().height();
    const auto* predictions = findChild<QDockWidget*>(QStringLiteral("predictionsDock"));
    fitDocks(std::min(em * 32, width() / 4),
             std::max(std::min(line * 17, height() * 2 / 5),
                      predictions->minimumSizeHint().height()),
             /*imageShare=*/0.45, /*mapsShare=*/0.62);
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    resizeDocks({dock("modelDock"), dock("networkDock"), dock("explanationDock")},
                {line * 18, line * 20, line * 16}, Qt::Vertical);
    givePredictionsRoom();
}

void MainWindow::givePredictionsRoom() {
    if (m_presentation || m_maximizedDock) return;  // those modes arrange the docks themselves
    // The predictions banner wraps to its width (more lines in Japanese), and only a layout
    // pass tells its height: then give the top row what the panel needs at that width
    // (banner, chart and the top-k row), up to half the window.
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    QDockWidget *image = dock("imageDock"), *maps = dock("featureMapsDock"),
                *predictions = dock("predictionsDock");
    if (!predictions->isVisible() || predictions->isFloating() || !image->isVisible() ||
        !maps->isVisible())
        return;
    const int need = std::min(contentMinimum(predictions).height(), height() / 2);
    if (predictions->height() < need)
        resizeDocks({image, maps}, {need, std::max(1, image->height() + maps->height() - need)},
                    Qt::Vertical);
}

void MainWindow::fitDocks(int left, int top, double imageShare, double mapsShare) {
    // resizeDocks() sets a row's total to the sum it is given, so each row is given the whole
    // width left to it, shared as given or (negative shares) as it is now.
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    QDockWidget *model = dock("modelDock"), *image = dock("imageDock"),
                *predictions = dock("predictionsDock"), *maps = dock("featureMapsDock"),
                *growth = dock("growthDock");
    const auto share = [](QDockWidget* a, QDockWidget* b, double first) {
        const bool both = a->isVisible() && b->isVisible() && a->width() + b->width() > 0;
        return both && a->width() > a->minimumWidth() ? double(a->width()) / (a->width() + b->width())
                                                       : first;
    };
    if (imageShare < 0) imageShare = share(image, predictions, 0.45);
    if (mapsShare < 0) mapsShare = share(maps, growth, 0.62);
    // At least what the model and predictions panels need without scrolling (their docks
    // only ask for the scroll area's minimum), unless that is more than a third (a half) of
    // the window.
    left = std::max(left, std::min(contentMinimum(model).width(), width() / 3));
    if (top > 0)
        top = std::max(top, std::min(contentMinimum(predictions).height(), height() / 2));
    const int rest = std::max(1, width() - (model->isVisible() ? left : 0));
    if (model->isVisible() && left > 0) resizeDocks({model}, {left}, Qt::Horizontal);
    resizeDocks({image, predictions},
                {int(rest * imageShare), rest - int(rest * imageShare)}, Qt::Horizontal);
    resizeDocks({maps, growth}, {int(rest * mapsShare), rest - int(rest * mapsShare)},
                Qt::Horizontal);
    if (top > 0)
        resizeDocks({image, maps}, {top, std::max(1, image->height() + maps->height() - top)},
                    Qt::Vertical);
}

void MainWindow::fitDocks(const QHash<QString, QSize>& sizes) {
    // Row by row, each given its whole width (see above): the only way resizeDocks() is exact.
    const auto rows = [&](std::initializer_list<const char*> names, Qt::Orientation o) {
        QList<QDockWidget*> docks;
        QList<int> lengths;
        for (const char* name : names) {
            auto* dock = findChild<QDockWidget*>(QLatin1String(name));
            if (!dock || !dock->isVisible() || !sizes.contains(QLatin1String(name))) return;
            docks << dock;
            const QSize size = sizes.value(QLatin1String(name));
            lengths << (o == Qt::Horizontal ? size.width() : size.height());
        }
        resizeDocks(docks, lengths, o);
    };
    rows({"imageDock", "predictionsDock"}, Qt::Horizontal);
    rows({"featureMapsDock", "growthDock"}, Qt::Horizontal);
    rows({"modelDock"}, Qt::Horizontal);  // last: the rows above would move it a separator
    rows({"imageDock", "featureMapsDock"}, Qt::Vertical);
    rows({"modelDock", "networkDock", "explanationDock"}, Qt::Vertical);
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);  // saveState()/restoreState() identify docks by name
    dock->setWidget(scrollable(widget));
    addDockWidget(area, dock);
    return dock;
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

void MainWindow::restoreComparisons() {
    for (const ds::DenseNetConfig& config : m_settings.comparisons) {
        try {
            m_growth->addComparison(config);
        } catch (const ds::Error&) {
            // a layout this machine can no longer summarise is left out
        }
    }
    connect(m_growth, &GrowthChart::comparisonsChanged, this,
            [this] { m_settings.comparisons = m_growth->comparisonConfigs(); });
}

void MainWindow::start() {
    // Now that the panels are shown their needs are known: keep a saved or --zoom factor to
    // what this screen has room for; again once the first predictions and maps are in them.
    setScale(m_scale);
    connect(this, &MainWindow::viewShown, this, [this] { setScale(m_scale); },
            Qt::SingleShotConnection);
    // Dock sizes only take once the window has its size; a restored layout keeps its own.
    if (m_settings.windowState.isEmpty()) defaultDockSizes();
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
    if (m_options.image.isEmpty())
        openSample(kDefaultSample);
    else
        openImage(m_options.image);
}

void MainWindow::requestModel(const ds::ui::ModelRequest& request) {
    m_modelPanel->setRequest(request);
    sendModelRequest(request);
}

void MainWindow::requestImageFile(const QString& path) {
    m_pending.image = m_worker->requestImageFile(path);
    updateStaleMarks();
}

void MainWindow::openImage(const QString& path) {
    if (!path.startsWith(QLatin1Char(':')) && QFileInfo(path).isFile()) {
        m_browser.openFileInFolder(path);
        m_settings.folder = m_browser.folder();
        scheduleSave();
    }
    requestImageFile(path);
}

void MainWindow::openImages(const QStringList& paths) {
    if (paths.size() == 1) return openImage(paths.front());
    if (paths.isEmpty()) return;
    m_browser.setFiles(paths, 0);
    m_settings.folder = m_browser.folder();
    scheduleSave();
    requestImageFile(m_browser.current());
}

bool MainWindow::openFolder(const QString& folder) {
    if (!m_browser.openFolder(folder)) {
        m_imageView->setError(
            tr("%1 holds no image Qt can read. Pick a folder with PNG or JPEG files.")
                .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    m_settings.folder = m_browser.folder();
    scheduleSave();
    requestImageFile(m_browser.current());
    return true;
}

void MainWindow::showImage(const QImage& image, const QString& source) {
    m_pending.image = m_worker->requestImage(image, source);
    updateStaleMarks();
}

void MainWindow::stepImage(int delta) {
    const QString path = m_browser.step(delta);
    if (path.isEmpty()) {
        statusBar()->showMessage(
            tr("Open a folder (Ctrl+Shift+O) or several files to step through them."), 5000);
        return;
    }
    statusBar()->showMessage(tr("%1 of %2").arg(m_browser.index() + 1).arg(m_browser.count()),
                             3000);
    requestImageFile(path);
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
}

void MainWindow::setScale(double scale) {
    applyScale(qBound(0.75, scale, kMaxScale));
    // Further than this screen has room for at every panel's size: down to the largest zoom
    // that has (zoom_limit.h). The estimate is from the current size, so a few steps home in.
    for (int step = 0; step < 8 && m_scale > 1.0; ++step) {
        const double limit = zoomLimit();
        if (m_scale <= limit + 0.005) break;
        applyScale(std::max(1.0, std::min(limit, m_scale * 0.97)));
    }
    updateZoomActions();
    m_settings.scale = m_scale;
    scheduleSave();
}

void MainWindow::applyScale(double scale) {
    m_scale = scale;
    QFont f = font();
    f.setPointSizeF(m_basePointSize * m_scale);
    setFont(f);
    QToolTip::setFont(f);  // tooltips are windows of their own: no font reaches them by itself
    m_featureMaps->setScale(m_scale);
    // Zoomed in, a combo box never shows its choice cut ("transitior", "Randoı"): it keeps
    // the width of its longest item at the new type (QComboBox forgets only its sizeHint on
    // a font change, not its minimum), and the panel's scroll area scrolls instead. At normal
    // size the layouts already give them that room, and the panels keep their own minimums.
    for (QComboBox* combo : findChildren<QComboBox*>())
        combo->setMinimumWidth(m_scale > 1.0 ? combo->sizeHint().width() : 0);
    // Lay the panels out at the new type now: some minimum heights (wrapped banners and
    // legends) follow their width only when laid out, and zoomLimit() reads them.
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

double MainWindow::zoomLimit() const {
    if (m_presentation || m_maximizedDock) return kMaxScale;
    // Normal size is always allowed, even on a screen too small for it (the panels scroll).
    return std::max(1.0, largestScale(m_scale, minimumSizeHint().expandedTo(minimumSize()),
                                      zoomRoom(), kMaxScale));
}

QSize MainWindow::zoomRoom() const {
    // The screen's free area less the window frame; a window made larger than its screen
    // (--size under Xvfb, tests) has its own size as the room.
    const QSize frame = frameGeometry().size() - geometry().size();
    return (screen()->availableGeometry().size() - frame).expandedTo(size());
}

bool MainWindow::isIdle() const { return m_idle; }

void MainWindow::onModelLoaded(const ds::ui::ModelInfo& info) {
    m_model = info;  // what the worker has, even when a newer request makes it short-lived
    if (m_pending.model > info.id) return;  // superseded: the panels wait for the newer one
    m_pending.model = 0;
    applyModel(info);
    updateStaleMarks();
}

void MainWindow::applyModel(const ds::ui::ModelInfo& info) {
    m_shownModelId = info.id;
    m_pending.forward = info.id;  // its predictions and maps follow in a view
    m_modelPanel->setLoaded(info);
    m_tree->setSummary(info.summary);
    m_table->setSummary(info.summary);
    m_growth->setSummary(info.summary);
    m_featureMaps->setSummary(info.summary);
    m_explanation->setModel(info.config, info.summary);
    setExplanationToolTips(*m_tree, *m_table, info.config, info.summary);
    if (m_guide) m_guide->setModel(info.config, info.summary);
    m_status->setModel(info.deviceDescription, info.weightsDescription);
    std::vector<std::string> layers;
    for (const QString& name : info.layers) layers.push_back(name.toStdString());
    m_layer = QString::fromStdString(ds::names::keptOrDefaultMap(layers, m_layer.toStdString()));
    m_tree->selectLayer(m_layer);
    m_table->selectLayer(m_layer);
    m_growth->selectLayer(m_layer);
    m_explanation->setLayer(m_layer);
    m_settings.model = ds::ui::ModelRequest{info.config, info.weightsSpec, info.device};
    scheduleSave();
    // Ends with the application name, so the platform does not append it a second time.
    setWindowTitle(tr("%1 — DenseScope").arg(QString::fromStdString(info.config.name)));
    updateNotice();
    emit modelShown(info);
}

void MainWindow::onView(const ds::ui::ViewResult& view) {
    if (view.id < m_lastViewId) return;  // an older view overtaken by a newer one
    if (m_pending.supersedes(view.id)) {
        // Made before the newest requests arrived: showing it would mix old and new answers.
        // Kept in case those requests all fail and nothing newer comes (onBusy).
        m_deferred = view;
        return;
    }
    m_deferred.reset();
    applyView(view);
    m_pending.answeredUpTo(view.id);
    updateStaleMarks();
    emit viewShown();
}

void MainWindow::applyView(const ds::ui::ViewResult& view) {
    m_lastViewId = view.id;
    m_imageView->setImages(view.original, view.networkInput, view.source);
    if (view.imageId > m_imageErrorId) m_imageView->setError({});
    m_predictions->setPredictions(view.top);
    QTimer::singleShot(0, this, &MainWindow::givePredictionsRoom);  // more rows, more height
    if (view.map) {
        m_featureMaps->setFeatureMap(view.map, view.networkInput);
        const QString layer = QString::fromStdString(view.map->layer);
        if (layer != m_layer) {  // the worker fell back (the new model lacks the old layer)
            m_layer = layer;
            m_tree->selectLayer(layer);
            m_table->selectLayer(layer);
            m_growth->selectLayer(layer);
            m_explanation->setLayer(layer);
        }
    } else {
        m_featureMaps->clear();
    }
    if (!view.top.empty()) m_status->setTimings(view.decodeMs, view.timings);
    if (view.imageId != m_shownImageId) {
        m_shownImageId = view.imageId;
        if (isFileSource(view.source)) {
            m_settings.recentFiles = AppSettings::withRecent(
                m_settings.recentFiles, QFileInfo(view.source).absoluteFilePath());
            rebuildRecentMenu();
            scheduleSave();
        }
    }
}

void MainWindow::onFailed(quint64 id, ds::ui::RequestKind kind, const QString& message) {
    switch (kind) {
        case ds::ui::RequestKind::Model: {
            if (id >= m_pending.model) m_pending.model = 0;
            if (m_model && m_shownModelId != m_model->id && !m_pending.model) applyModel(*m_model);
            QString text = message;
            if (m_model)
                text += tr("\nStill using %1 with %2 on %3.")
                            .arg(QString::fromStdString(m_model->config.name),
                                 m_model->weightsDescription, m_model->deviceDescription);
            m_modelPanel->setError(text);
            break;
        }
        case ds::ui::RequestKind::Image:
            if (id >= m_pending.image) m_pending.image = 0;
            m_imageErrorId = id;
            m_imageView->setError(message);
            break;
        case ds::ui::RequestKind::Layer:
            if (id >= m_pending.layer) m_pending.layer = 0;
            break;
        default:
            break;
    }
    updateStaleMarks();
    statusBar()->showMessage(message, 10000);
    emit errorShown(kind, message);
}

void MainWindow::onBusy(bool busy, quint64 lastId) {
    if (!busy && lastId != m_worker->lastRequestId()) return;  // newer requests are still coming
    m_idle = !busy;
    m_status->setBusy(busy);
    if (!busy) {
        // Everything is answered: whatever the worker last reported is current.
        m_pending.clear();
        if (m_model && m_shownModelId != m_model->id) applyModel(*m_model);
        m_pending.forward = 0;
        if (m_deferred) {
            const auto view = *m_deferred;
            m_deferred.reset();
            if (view.id >= m_lastViewId) {
                applyView(view);
                emit viewShown();
            }
        }
        updateStaleMarks();
        emit idle();
    }
}

void MainWindow::updateNotice() {
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
        text += tr("For ImageNet predictions, download <code>%1</code> from "
                   "download.pytorch.org/models/ into "
                   "<code>%2</code>, then choose Weights → ImageNet.")
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

void MainWindow::scheduleSave() {
    // Before the constructor has finished (restoreState() moves docks) there is nothing new.
    if (m_saveTimer && m_options.useSettings) m_saveTimer->start();
}

void MainWindow::saveSettings() {
    if (m_saveTimer) m_saveTimer->stop();
    if (!m_options.useSettings) return;
    m_settings.geometry = saveGeometry();
    m_settings.windowState = saveState();
    m_settings.topk = m_predictions->topK();
    // m_settings.model is the last model that loaded (onModelLoaded): a request that failed, or
    // that is still loading, is not saved as the one to restore next time.
    m_settings.save();
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    scheduleSave();
}

void MainWindow::moveEvent(QMoveEvent* event) {
    QMainWindow::moveEvent(event);
    scheduleSave();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    leaveAllViewModes();  // the layout to remember is the one under presentation mode
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace ds::ui
