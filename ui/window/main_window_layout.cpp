// MainWindow's room on its screen: the docks (built, wrapped to scroll when small, sized by
// default and after view modes) and the zoom with its limit. See main_window.h.
#include <QAbstractItemView>
#include <QChildEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QScreen>
#include <QScrollArea>
#include <QTabBar>
#include <QTextEdit>
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
#include "view_mode_controller.h"
#include "zoom_limit.h"

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
            findChild<QDockWidget*>(QStringLiteral("explanationDock"))
                ->setWindowTitle(tr("Explanation"));
        },
        /*now=*/false);
    buildAnalysisDocks();
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
    fitDocks(
        std::min(em * 32, width() / 4),
        std::max(std::min(line * 17, height() * 2 / 5), predictions->minimumSizeHint().height()),
        /*imageShare=*/0.45, /*mapsShare=*/0.62);
    const auto dock = [this](const char* name) {
        return findChild<QDockWidget*>(QLatin1String(name));
    };
    resizeDocks({dock("modelDock"), dock("networkDock"), dock("explanationDock")},
                {line * 18, line * 20, line * 16}, Qt::Vertical);
    givePredictionsRoom();
}

void MainWindow::givePredictionsRoom() {
    if (m_viewModes && m_viewModes->isActive()) return;  // those arrange the docks themselves
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
        return both && a->width() > a->minimumWidth()
                   ? double(a->width()) / (a->width() + b->width())
                   : first;
    };
    if (imageShare < 0) imageShare = share(image, predictions, 0.45);
    if (mapsShare < 0) mapsShare = share(maps, growth, 0.62);
    // At least what the model and predictions panels need without scrolling (their docks
    // only ask for the scroll area's minimum), unless that is more than a third (a half) of
    // the window.
    left = std::max(left, std::min(contentMinimum(model).width(), width() / 3));
    if (top > 0) top = std::max(top, std::min(contentMinimum(predictions).height(), height() / 2));
    const int rest = std::max(1, width() - (model->isVisible() ? left : 0));
    if (model->isVisible() && left > 0) resizeDocks({model}, {left}, Qt::Horizontal);
    resizeDocks({image, predictions}, {int(rest * imageShare), rest - int(rest * imageShare)},
                Qt::Horizontal);
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
