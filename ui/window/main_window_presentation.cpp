// MainWindow's view modes: presentation mode (F11: full screen, large type, only the image,
// predictions, feature maps with the analysis tabs, and explanation docks) and a single dock maximised by
// double-clicking its title. Each mode saves the layout it replaces (saveState, geometry,
// window state, zoom) on a stack; Esc pops one, so the previous layout comes back (dock sizes within a separator: Qt rounds them).
#include <QAction>
#include <QChildEvent>
#include <QDockWidget>
#include <QEvent>
#include <QLayout>
#include <QMenuBar>
#include <QMouseEvent>
#include <QStatusBar>
#include <QTabBar>
#include <QTimer>
#include <QToolBar>

#include "dock_room.h"
#include "main_window.h"

namespace ds::ui {

namespace {
constexpr double kPresentationScale = 1.6;  // readable from the back of a classroom
constexpr int kSettleMs = 150;  // the window manager's resize after leaving full screen
// The docks presentation mode keeps; "explanationDock" only where that dock exists.
const char* const kPresentationDocks[] = {"imageDock", "predictionsDock", "featureMapsDock",
                                          "explanationDock"};

bool keptInPresentation(const QDockWidget* dock) {
    // The analysis docks are tabs of the feature maps' area: what a class asks about ("why
    // cat?"), and hiding them would also reflow the feature maps' area on the way back.
    if (dock->property(kAnalysisDockProperty).toBool()) return true;
    for (const char* name : kPresentationDocks)
        if (dock->objectName() == QLatin1String(name)) return true;
    return false;
}
}  // namespace

void MainWindow::createViewModeActions() {
    m_actions.presentation = new QAction(tr("&Presentation mode"), this);
    m_actions.presentation->setObjectName(QStringLiteral("actionPresentation"));
    m_actions.presentation->setCheckable(true);
    m_actions.presentation->setShortcut(QKeySequence(Qt::Key_F11));
    m_actions.presentation->setToolTip(
        tr("Full screen, large type, only the image, predictions and feature maps (F11; Esc "
           "leaves it)"));
    connect(m_actions.presentation, &QAction::triggered, this,
            [this](bool on) { on ? enterPresentation() : leavePresentation(); });
    m_actions.leaveMode = new QAction(tr("&Leave presentation or maximised panel"), this);
    m_actions.leaveMode->setObjectName(QStringLiteral("actionLeaveViewMode"));
    m_actions.leaveMode->setShortcut(QKeySequence(Qt::Key_Escape));
    m_actions.leaveMode->setEnabled(false);  // Esc stays free for everything else until then
    connect(m_actions.leaveMode, &QAction::triggered, this, &MainWindow::leaveViewMode);
    // On the window itself too, so the shortcuts work while the tool bar is hidden.
    addActions({m_actions.presentation, m_actions.leaveMode});
}

void MainWindow::childEvent(QChildEvent* event) {
    QMainWindow::childEvent(event);
    // Every dock, including those another part of the app adds later, maximises on a
    // double-click of its title. ChildPolished: the dock is fully constructed by then.
    if (event->type() == QEvent::ChildPolished) {
        if (auto* dock = qobject_cast<QDockWidget*>(event->child())) dock->installEventFilter(this);
        // The tabs of tabbed docks (the feature maps and the analyses) keep their whole titles
        // and scroll when the row is too narrow, rather than eliding "Where it lo…".
        if (auto* tabs = qobject_cast<QTabBar*>(event->child())) {
            tabs->setElideMode(Qt::ElideNone);
            tabs->setUsesScrollButtons(true);
        }
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    auto* dock = qobject_cast<QDockWidget*>(watched);
    if (dock && event->type() == QEvent::MouseButtonDblClick && !dock->isFloating()) {
        // Only the title bar: double-clicks inside the panel are the panel's own.
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const int titleBottom = dock->widget() ? dock->widget()->geometry().top() : 0;
        if (mouse->button() == Qt::LeftButton && mouse->position().y() < titleBottom) {
            if (m_maximizedDock == dock)
                leaveViewMode();
            else
                maximizeDock(dock);
            return true;  // instead of Qt's default: floating the dock
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

QSize MainWindow::dockAreaSize(QDockWidget* dock) const {
    // resizeDocks() sizes a tabbed dock's whole group, tab bar included: add the bar that
    // belongs to this group (the one touching the dock's top or bottom edge, across its width).
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

void MainWindow::pushViewMode() {
    QList<QDockWidget*> raised;
    QHash<QString, QSize> sizes;
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        if (!dock->isVisible() || dock->visibleRegion().isEmpty()) continue;
        raised << dock;  // visible, and the front tab where docks are tabbed
        sizes.insert(dock->objectName(), dockAreaSize(dock));
    }
    m_viewModes.push_back({saveState(), geometry(), windowState(), m_scale,
                           statusBar()->isVisible(), m_maximizedDock, m_presentation, raised,
                           sizes});
    m_actions.leaveMode->setEnabled(m_pending.model == 0);  // else Esc cancels the load first
    m_room->setPaused(true);
}

void MainWindow::enterPresentation(bool fullScreen) {
    if (m_presentation) return;
    pushViewMode();
    m_presentation = true;
    m_maximizedDock = nullptr;
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        if (!dock->isFloating()) dock->setVisible(keptInPresentation(dock));
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->hide();
    statusBar()->hide();
    setScale(std::max(m_scale, kPresentationScale));
    if (fullScreen) setWindowState(windowState() | Qt::WindowFullScreen);
    m_actions.presentation->setChecked(true);
    // Once the full-screen size is known: the image and predictions row gets 45 % of the
    // height, the feature maps (and explanation) the rest.
    QTimer::singleShot(0, this, [this] {
        auto* image = findChild<QDockWidget*>(QStringLiteral("imageDock"));
        auto* maps = findChild<QDockWidget*>(QStringLiteral("featureMapsDock"));
        if (!m_presentation || !image || !maps || !image->isVisible() || !maps->isVisible())
            return;
        const int rows = image->height() + maps->height();
        resizeDocks({image, maps}, {rows * 45 / 100, rows * 55 / 100}, Qt::Vertical);
    });
}

void MainWindow::maximizeDock(QDockWidget* dock) {
    if (!dock || m_maximizedDock == dock) return;
    pushViewMode();
    m_maximizedDock = dock;
    for (QDockWidget* other : findChildren<QDockWidget*>())
        if (other != dock && !other->isFloating()) other->hide();
    dock->show();
    dock->raise();  // when it is one tab of several
}

void MainWindow::leaveViewMode() {
    if (m_viewModes.isEmpty()) return;
    const SavedView saved = m_viewModes.takeLast();
    // Window state first (leaving full screen), then the geometry and docks inside it.
    setWindowState(saved.windowState);
    // The zoom first: a larger font's minimum size would keep the window from its old size.
    // (Only when it changed: setting the same font again still relayouts every panel.)
    if (saved.scale != m_scale) setScale(saved.scale);
    statusBar()->setVisible(saved.statusBar);
    restoreState(saved.state);
    for (QDockWidget* dock : saved.raised) dock->raise();  // the front tabs, as they were
    // restoreState() lands a separator width or two off (Qt's dock layout rounds again in the
    // relayouts that follow); the rows' sizes as they were, once those have run.
    // (Again a little later: leaving full screen resizes the window asynchronously.)
    QTimer::singleShot(0, this, [this, sizes = saved.sizes] { fitDocks(sizes); });
    QTimer::singleShot(kSettleMs, this, [this, sizes = saved.sizes, depth = m_viewModes.size()] {
        if (m_viewModes.size() != depth) return;  // another mode was entered meanwhile
        fitDocks(sizes);
        if (depth == 0) m_room->setPaused(false);  // this layout is the one to keep
    });
    layout()->activate();  // the minimum size of the restored docks, now
    // setGeometry, not restoreGeometry: the latter moves a window that is larger than the
    // screen it thinks it is on, and the point is to come back exactly.
    if (!(saved.windowState & (Qt::WindowFullScreen | Qt::WindowMaximized)))
        setGeometry(saved.geometry);
    m_maximizedDock = saved.maximizedDock;
    m_presentation = saved.presentation;
    m_actions.presentation->setChecked(m_presentation);
    m_actions.leaveMode->setEnabled(!m_viewModes.isEmpty() && m_pending.model == 0);
}

void MainWindow::leavePresentation() {
    while (m_presentation && !m_viewModes.isEmpty()) leaveViewMode();
}

void MainWindow::leaveAllViewModes() {
    while (!m_viewModes.isEmpty()) leaveViewMode();
}

}  // namespace ds::ui
