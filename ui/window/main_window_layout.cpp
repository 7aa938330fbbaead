// MainWindow's room on its screen: the docks (built, wrapped to scroll when small, sized by
// default and after view modes) and the zoom with its limit. See main_window.h.
#include <QAbstractItemView>
#include <QChildEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QResizeEvent>
#include <QLayout>
#include <QScreen>
#include <QScrollArea>
#include <QTabBar>
#include <QTextEdit>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>

#include "dock_room.h"
#include "explanation_panel.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "image_view.h"
#include "layer_table.h"
#include "main_window.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "retranslate.h"
#include "status_panel.h"
#include "main_window_parts.h"
#include "view_mode_controller.h"
#include "zoom_limit.h"

namespace ds::ui {

namespace {

// Panels with forms, banners and charts scroll when their dock is smaller than they need
// (zoomed in on a small screen) instead of being cut off or making the window larger than
// the screen. Panels that are lists go in as they are.
QWidget* scrollable(QWidget* panel) {
    // A panel that is only a list or a text (the network tree, the layer table with its
    // filter, the explanation) scrolls by itself already, and its minimum size never changes.
    // Any other panel scrolls in its dock, also when it holds a list (Top images): its
    // minimum size follows its texts (a folder, a status line), and a dock whose minimum
    // changes makes QMainWindow lay every dock out again, each time a few pixels elsewhere
    // (the left column walked wider that way). In a scroll area it asks for a fixed minimum.
    // A smaller scroll area inside a form (the model panel's message area) does not count.
    bool onlyLists = true, anyList = false;
    for (QWidget* child : panel->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
        if (qobject_cast<QAbstractItemView*>(child) || qobject_cast<QTextEdit*>(child))
            anyList = true;
        else if (!qobject_cast<QLineEdit*>(child))
            onlyLists = false;
    }
    if (anyList && onlyLists) return panel;
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

}  // namespace

void MainWindow::buildDocks() {
    m_modelPanel = new ModelPanel;
    m_modelPanel->setRememberLabels(m_options.useSettings);
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

    // Left: model over network over the explanation (full height), the channel growth chart
    // and the layer table tabbed with the explanation. Right of it, two rows: image |
    // predictions on top, and the feature maps with the analyses below, the whole width: at
    // 1280 x 720 that shows four rows of thumbnails and every tab's title.
    setDockNestingEnabled(true);
    // Docks move at once, not animated: an animation still running when the next layout pass
    // comes (a status bar widget shown, a tab raised) left a dock where the animation was, a
    // few pixels from its place; the left column walked wider that way.
    setAnimated(false);
    // An empty central widget, no taller than nothing, between the top and bottom rows. Without
    // one, Qt's dock layout (6.4) widens the left dock area by one separator (6 px) at every
    // layout pass of the window (a tab raised, a status bar widget shown, a dock maximised and
    // restored) and ignores resizeDocks() for it: that is how the left column walked from
    // 383 to 450 px and further. With a central widget its width holds, to the pixel.
    auto* centre = new QWidget;
    centre->setObjectName(QStringLiteral("emptyCentre"));
    centre->setMaximumHeight(0);
    setCentralWidget(centre);
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
    auto* explanation = findChild<QDockWidget*>(QStringLiteral("explanationDock"));
    tabifyDockWidget(explanation, growth);
    tabifyDockWidget(explanation, table);
    explanation->raise();
    onLanguageChange(
        this,
        [=] {
            model->setWindowTitle(tr("Model"));
            network->setWindowTitle(tr("Network"));
            image->setWindowTitle(tr("Image"));
            predictions->setWindowTitle(tr("Predictions"));
            maps->setWindowTitle(tr("Feature maps"));
            growth->setWindowTitle(tr("Channel growth"));
            table->setWindowTitle(tr("Layers"));
            explanation->setWindowTitle(tr("Explanation"));
        },
        /*now=*/false);
    buildAnalysisDocks();
    // A larger window's room goes to the feature maps and charts (dock_room.h).
    m_room = new DockRoom(this, [this] {
        const auto* model = findChild<QDockWidget*>(QStringLiteral("modelDock"));
        const auto* image = findChild<QDockWidget*>(QStringLiteral("imageDock"));
        // The kept sizes as they are: not widened to what the panels ask for now (that made
        // the left column walk wider with every refit, a panel's text at a time).
        fitDocks(m_room->kept(model), m_room->kept(image), -1, -1, /*toContent=*/false);
    });
    m_room->keep(model, Qt::Horizontal);
    m_room->keep(image, Qt::Vertical);
}

void MainWindow::defaultLayout() {
    // The arrangement of buildDocks(): every dock shown and docked where it starts, the tabs
    // in their order with the feature maps and the explanation in front.
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    QDockWidget *model = dock("modelDock"), *network = dock("networkDock"),
                *explanation = dock("explanationDock"), *image = dock("imageDock"),
                *predictions = dock("predictionsDock"), *maps = dock("featureMapsDock"),
                *growth = dock("growthDock"), *table = dock("layerTableDock");
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        d->setFloating(false);
        d->show();
    }
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->show();
    addDockWidget(Qt::LeftDockWidgetArea, model);
    addDockWidget(Qt::TopDockWidgetArea, image);
    addDockWidget(Qt::BottomDockWidgetArea, maps);
    splitDockWidget(model, network, Qt::Vertical);
    splitDockWidget(network, explanation, Qt::Vertical);
    splitDockWidget(image, predictions, Qt::Horizontal);
    tabifyDockWidget(explanation, growth);
    tabifyDockWidget(explanation, table);
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->property(kAnalysisDockProperty).toBool()) tabifyDockWidget(maps, d);
    maps->raise();
    explanation->raise();
    m_compactStage = 0;
    defaultDockSizes();
}

void MainWindow::resetLayout() {
    if (m_viewModes) m_viewModes->leaveAllViewModes();
    setScale(1.0);
    m_unzoomed.reset();
    m_room->setHeld(false);
    // The window itself back on the screen too, when it is larger than the screen's free area.
    if (!(windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen))) {
        const QRect free = screen()->availableGeometry();
        const QSize frame = frameGeometry().size() - geometry().size();
        if (frameGeometry().width() > free.width() || frameGeometry().height() > free.height())
            resize(size().boundedTo(free.size() - frame));
    }
    m_fitPredictions = true;
    defaultLayout();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    m_room->remember();
    scheduleSave();
}

bool MainWindow::replaceLayoutLargerThanScreen() {
    // The whole window on the screen's free area, and the left column no more than the
    // default's share at most (a third, of the zoomed type when zoomed: the column's panels
    // are wider then): otherwise the layout belongs to a larger screen.
    const QRect free = screen()->availableGeometry();
    const auto* model = findChild<QDockWidget*>(QStringLiteral("modelDock"));
    const bool tooLarge = frameGeometry().width() > free.width() ||
                          frameGeometry().height() > free.height() ||
                          (model && model->isVisible() &&
                           model->width() > int(width() / 3 * std::max(1.0, m_scale)) + 8);
    if (!tooLarge) return false;
    if (!(windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen))) {
        const QSize frame = frameGeometry().size() - geometry().size();
        const QSize room = free.size() - frame;
        if (width() > room.width() || height() > room.height()) {
            resize(qMin(1600, free.width() * 9 / 10), qMin(1000, free.height() * 9 / 10));
            move(free.topLeft());
        }
    }
    defaultLayout();
    return true;
}

void MainWindow::defaultDockSizes() {
    // Font units for the model column and the image row, so they hold on high-DPI screens and
    // when zoomed; zoomed in, they still leave most of the window to the maps.
    const int em = fontMetrics().averageCharWidth();
    const int line = fontMetrics().height();
    const auto* predictions = findChild<QDockWidget*>(QStringLiteral("predictionsDock"));
    // What the model panel needs, measured once at normal size: Reset layout gives the same
    // column as the first start whatever the panel shows by then.
    if (m_modelColumnNeed == 0 && std::abs(m_scale - 1.0) < 1e-9)
        m_modelColumnNeed = contentMinimum(findChild<QDockWidget*>(QStringLiteral("modelDock"))).width();
    const int left = std::max(std::min(em * 32, width() / 4),
                              std::min(m_modelColumnNeed, width() / 3));
    fitDocks(
        left,
        // Under a third of a small window (31 %: four rows of thumbnails at 1280 x 720).
        std::max(std::min(line * 17, height() * 31 / 100), predictions->minimumSizeHint().height()),
        /*imageShare=*/0.40, /*mapsShare=*/0.62, /*toContent=*/false);
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    resizeDocks({dock("modelDock"), dock("networkDock"), dock("explanationDock")},
                {line * 18, line * 20, line * 16}, Qt::Vertical);
    givePredictionsRoom();
}

void MainWindow::givePredictionsRoom() {
    if (m_viewModes && m_viewModes->isActive()) return;  // those arrange the docks themselves
    // Only while the layout is the fresh default one (the first model and view of a first run,
    // Reset layout): later the docks keep their sizes whatever the panels show, and the
    // predictions panel scrolls when its banner needs more than its row.
    if (!m_fitPredictions || m_unzoomed) return;
    if (m_model && m_marks->lastViewId != 0) m_fitPredictions = false;  // this is the last time
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
    if (predictions->height() < need) {
        resizeDocks({image, maps}, {need, std::max(1, image->height() + maps->height() - need)},
                    Qt::Vertical);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        m_room->remember();
    }
}

void MainWindow::fitDocks(int left, int top, double imageShare, double mapsShare,
                          bool toContent) {
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
        return both && a->width() > a->minimumWidth()
                   ? double(a->width()) / (a->width() + b->width())
                   : first;
    };
    if (imageShare < 0) imageShare = share(image, predictions, 0.45);
    if (mapsShare < 0) mapsShare = share(maps, growth, 0.62);
    // At least what the model and predictions panels need without scrolling (their docks
    // only ask for the scroll area's minimum), unless that is more than a third (a half) of
    // the window.
    if (toContent) {
        left = std::max(left, std::min(contentMinimum(model).width(), width() / 3));
        if (top > 0)
            top = std::max(top, std::min(contentMinimum(predictions).height(), height() / 2));
    }
    const int rest = std::max(1, width() - (model->isVisible() ? left : 0));
    if (model->isVisible() && left > 0) resizeDocks({model}, {left}, Qt::Horizontal);
    resizeDocks({image, predictions}, {int(rest * imageShare), rest - int(rest * imageShare)},
                Qt::Horizontal);
    // The maps beside the growth chart only where a person put them so (by default the growth
    // chart is tabbed in the left column and the maps have the whole row).
    if (dockWidgetArea(growth) == dockWidgetArea(maps) && !tabifiedDockWidgets(maps).contains(growth))
        resizeDocks({maps, growth}, {int(rest * mapsShare), rest - int(rest * mapsShare)},
                    Qt::Horizontal);
    if (top > 0)
        resizeDocks({image, maps}, {top, std::max(1, image->height() + maps->height() - top)},
                    Qt::Vertical);
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);  // saveState()/restoreState() identify docks by name
    dock->setWidget(scrollable(widget));
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::setScale(double scale) {
    scale = qBound(0.75, scale, kMaxScale);
    // The view modes arrange the docks themselves, and give back their own layout.
    const bool ownLayout = isVisible() && !(m_viewModes && m_viewModes->isActive());
    if (ownLayout && !m_unzoomed && std::abs(m_scale - 1.0) < 1e-9 &&
        std::abs(scale - 1.0) > 1e-9) {
        // Leaving normal size: keep its layout to give back exactly (restoreUnzoomedLayout).
        UnzoomedLayout saved;
        saved.state = saveState();
        for (QDockWidget* dock : findChildren<QDockWidget*>()) {
            if (!dock->isVisible() || dock->visibleRegion().isEmpty() || dock->isFloating())
                continue;
            saved.front << dock->objectName();
            saved.sizes.insert(dock->objectName(), dockGroupSize(dock));
        }
        m_unzoomed = saved;
        m_room->setHeld(true);
    }
    applyScale(scale);
    if (ownLayout) {
        if (m_scale > 1.0 + 1e-9)
            compactFor();
        else if (m_unzoomed)
            restoreUnzoomedLayout();
        else if (m_compactStage > 0)  // zoomed from the start (--zoom): the default layout
            defaultLayout();
    }
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

QSize MainWindow::dockGroupSize(QDockWidget* dock) const {
    // resizeDocks() sizes a tabbed dock's whole group, tab bar included: add the bar that
    // belongs to this group (the one touching the dock's top or bottom edge, across it).
    QSize size = dock->size();
    if (tabifiedDockWidgets(dock).isEmpty()) return size;
    const QRect r = dock->geometry();
    for (const QTabBar* bar : findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
        const QRect b = bar->geometry();
        if (!bar->isVisible() || b.left() > r.center().x() || b.right() < r.center().x()) continue;
        if (std::abs(b.top() - r.bottom()) <= 8 || std::abs(b.bottom() - r.top()) <= 8) {
            size.rheight() += b.height();
            break;
        }
    }
    return size;
}

void MainWindow::resizeRows(const QHash<QString, QSize>& sizes) {
    // Row by row, each given its whole length: resizeDocks() sets a row's total to the sum it
    // is given, so this is the only way it is exact.
    const auto rows = [&](std::initializer_list<const char*> names, Qt::Orientation o) {
        QList<QDockWidget*> docks;
        QList<int> lengths;
        for (const char* name : names) {
            auto* dock = findChild<QDockWidget*>(QLatin1String(name));
            if (!dock || !dock->isVisible() || !sizes.contains(QLatin1String(name))) return;
            // A row's docks side by side in one area (the growth chart is tabbed in the left
            // column by default, not beside the maps).
            if (o == Qt::Horizontal && !docks.isEmpty() &&
                dockWidgetArea(dock) != dockWidgetArea(docks.first()))
                return;
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

void MainWindow::restoreUnzoomedLayout() {
    const UnzoomedLayout saved = *m_unzoomed;
    m_unzoomed.reset();
    if (m_compactStage > 0) {  // docks were tabbed together: their places back first
        restoreState(saved.state);
        m_compactStage = 0;
    }
    for (const QString& name : saved.front)
        if (auto* dock = findChild<QDockWidget*>(name)) dock->raise();
    for (int pass = 0; pass < 2; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        resizeRows(saved.sizes);
    }
    // Once more after the relayouts this causes (a panel's minimum at normal size again).
    QTimer::singleShot(0, this, [this, sizes = saved.sizes] {
        if (m_unzoomed) return;  // zoomed in again meanwhile
        // Every panel fits its texts to its size again (wrapped banners and legends, flowing
        // rows, axis titles keep what they measured while zoomed until they are resized).
        for (QLayout* l : findChildren<QLayout*>()) l->invalidate();
        for (QWidget* w : findChildren<QWidget*>()) {
            if (!w->isVisible()) continue;
            QResizeEvent again(w->size(), w->size());
            QCoreApplication::sendEvent(w, &again);
        }
        for (int pass = 0; pass < 3; ++pass)
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        resizeRows(sizes);
        m_room->setHeld(false);
    });
}

bool MainWindow::panelsSquashed() const {
    // A shown panel smaller than it needs, in a window this size: what it needs without
    // scrolling, up to a third of the window's width and half its height (larger panels
    // scroll at any zoom).
    const QSize cap(width() / 3, height() / 2);
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        if (!dock->isVisible() || dock->visibleRegion().isEmpty() || dock->isFloating()) continue;
        const QSize need = contentMinimum(dock).boundedTo(cap);
        if (dock->width() < need.width() || dock->height() < need.height()) return true;
    }
    return minimumSizeHint().width() > zoomRoom().width() ||
           minimumSizeHint().height() > zoomRoom().height();
}

void MainWindow::compactFor() {
    // Stages, each tabbing more docks together, until every shown panel has its room:
    // 1. each row's pair (image + predictions, maps + growth + layers, network + explanation);
    // 2. the left column one group; 3. the image with the maps; 4. everything in one group.
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    QDockWidget *model = dock("modelDock"), *network = dock("networkDock"),
                *explanation = dock("explanationDock"), *image = dock("imageDock"),
                *predictions = dock("predictionsDock"), *maps = dock("featureMapsDock"),
                *growth = dock("growthDock"), *table = dock("layerTableDock");
    const auto settle = [this] {
        for (int pass = 0; pass < 3; ++pass)
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        if (QLayout* l = layout()) l->activate();
    };
    settle();
    while (m_compactStage < 4 && panelsSquashed()) {
        // The front tab of the maps' group stays in front.
        QDockWidget* front = maps;
        for (QDockWidget* d : tabifiedDockWidgets(maps))
            if (!d->visibleRegion().isEmpty()) front = d;
        switch (++m_compactStage) {
        case 1:
            tabifyDockWidget(image, predictions);
            tabifyDockWidget(maps, growth);
            tabifyDockWidget(maps, table);
            tabifyDockWidget(network, explanation);
            image->raise();
            network->raise();
            break;
        case 2:
            tabifyDockWidget(model, network);
            tabifyDockWidget(model, explanation);
            network->raise();
            break;
        case 3:
            tabifyDockWidget(maps, image);
            tabifyDockWidget(maps, predictions);
            break;
        default:
            for (QDockWidget* d : {model, network, explanation}) tabifyDockWidget(maps, d);
            break;
        }
        front->raise();
        settle();
    }
}

void MainWindow::applyScale(double scale) {
    m_scale = scale;
    // Only the size is the window's own: the family follows the application font, which
    // the language sets (a CJK family for Japanese: language_menu.h).
    QFont f;
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

void MainWindow::childEvent(QChildEvent* event) {
    QMainWindow::childEvent(event);
    // The tabs of tabbed docks (the feature maps and the analyses) keep their whole titles and
    // scroll when the row is too narrow, rather than eliding "Where it lo…". ChildPolished:
    // the tab bar is fully constructed by then.
    if (event->type() == QEvent::ChildPolished) {
        if (auto* tabs = qobject_cast<QTabBar*>(event->child())) {
            tabs->setElideMode(Qt::ElideNone);
            tabs->setUsesScrollButtons(true);
        }
    }
}

double MainWindow::zoomLimit() const {
    if (m_viewModes && m_viewModes->isActive()) return kMaxScale;
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

}  // namespace ds::ui
