#include "view_mode_controller.h"
#include "retranslate.h"

#include <QAction>
#include <QChildEvent>
#include <QDockWidget>
#include <QLayout>
#include <QMainWindow>
#include <QMouseEvent>
#include <QStatusBar>
#include <QTabBar>
#include <QTimer>

#include "dock_room.h"

namespace ds::ui {

ViewModeController::ViewModeController(QMainWindow* window, DockRoom* room, Zoom zoom)
    : QObject(window), m_window(window), m_room(room), m_zoom(std::move(zoom)) {
    m_leaveAction = new QAction(tr("&Leave the maximised panel"), this);
    m_leaveAction->setObjectName(QStringLiteral("actionLeaveViewMode"));
    m_leaveAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_leaveAction->setEnabled(false);  // Esc stays free for everything else until then
    connect(m_leaveAction, &QAction::triggered, this, &ViewModeController::leaveViewMode);
    // On the window itself too, so the shortcut works while the tool bar is hidden.
    window->addAction(m_leaveAction);
    onLanguageChange(
        this, [this] { m_leaveAction->setText(tr("&Leave the maximised panel")); },
        /*now=*/false);
    // Every dock maximises on a double-click of its title: those there now, and (the window's
    // ChildPolished, when a dock is fully constructed) those added later.
    for (QDockWidget* dock : window->findChildren<QDockWidget*>()) dock->installEventFilter(this);
    window->installEventFilter(this);
}

bool ViewModeController::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window) {
        if (event->type() == QEvent::ChildPolished)
            if (auto* dock = qobject_cast<QDockWidget*>(static_cast<QChildEvent*>(event)->child()))
                dock->installEventFilter(this);
        return false;
    }
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
    return QObject::eventFilter(watched, event);
}

QSize ViewModeController::dockAreaSize(QDockWidget* dock) const {
    // resizeDocks() sizes a tabbed dock's whole group, tab bar included: add the bar that
    // belongs to this group (the one touching the dock's top or bottom edge, across its width).
    QSize size = dock->size();
    if (m_window->tabifiedDockWidgets(dock).isEmpty()) return size;
    const QRect r = dock->geometry();
    for (const QTabBar* bar : m_window->findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
        const QRect b = bar->geometry();
        if (!bar->isVisible() || b.left() > r.center().x() || b.right() < r.center().x()) continue;
        if (std::abs(b.top() - r.bottom()) <= 8 || std::abs(b.bottom() - r.top()) <= 8) {
            size.rheight() += b.height();
            break;
        }
    }
    return size;
}

void ViewModeController::push() {
    QList<QDockWidget*> raised;
    QHash<QString, QSize> sizes;
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        if (!dock->isVisible() || dock->visibleRegion().isEmpty()) continue;
        raised << dock;  // visible, and the front tab where docks are tabbed
        sizes.insert(dock->objectName(), dockAreaSize(dock));
    }
    m_stack.push_back({m_window->saveState(), m_window->geometry(), m_window->windowState(),
                       m_zoom.get(), m_window->statusBar()->isVisible(), m_maximizedDock,
                       raised, sizes});
    updateLeaveAction();
    if (m_room) m_room->setPaused(true);
}

void ViewModeController::maximizeDock(QDockWidget* dock) {
    if (!dock || m_maximizedDock == dock) return;
    push();
    m_maximizedDock = dock;
    for (QDockWidget* other : m_window->findChildren<QDockWidget*>())
        if (other != dock && !other->isFloating()) other->hide();
    // The window's empty central widget (main_window_layout.cpp) would take the width beside
    // a dock of the left column: hidden, the one dock has the whole window.
    if (QWidget* centre = m_window->centralWidget()) centre->hide();
    dock->show();
    dock->raise();  // when it is one tab of several
}

void ViewModeController::leaveViewMode() {
    if (m_stack.isEmpty()) return;
    const SavedView saved = m_stack.takeLast();
    // Window state first (leaving full screen), then the geometry and docks inside it.
    m_window->setWindowState(saved.windowState);
    // The zoom first: a larger font's minimum size would keep the window from its old size.
    // (Only when it changed: setting the same font again still relayouts every panel.)
    if (saved.scale != m_zoom.get()) m_zoom.set(saved.scale);
    m_window->statusBar()->setVisible(saved.statusBar);
    if (QWidget* centre = m_window->centralWidget())
        centre->setVisible(saved.maximizedDock == nullptr);
    m_window->restoreState(saved.state);
    for (QDockWidget* dock : saved.raised) dock->raise();  // the front tabs, as they were
    // restoreState() lands a separator width or two off (Qt's dock layout rounds again in the
    // relayouts that follow); the rows' sizes as they were, once those have run.
    // (Again a little later: leaving full screen resizes the window asynchronously.)
    QTimer::singleShot(0, this, [this, sizes = saved.sizes] { fitDocks(sizes); });
    QTimer::singleShot(kSettleMs, this, [this, sizes = saved.sizes, depth = m_stack.size()] {
        if (m_stack.size() != depth) return;  // another mode was entered meanwhile
        fitDocks(sizes);
        if (depth == 0 && m_room) m_room->setPaused(false);  // this layout is the one to keep
    });
    m_window->layout()->activate();  // the minimum size of the restored docks, now
    // setGeometry, not restoreGeometry: the latter moves a window that is larger than the
    // screen it thinks it is on, and the point is to come back exactly.
    if (!(saved.windowState & (Qt::WindowFullScreen | Qt::WindowMaximized)))
        m_window->setGeometry(saved.geometry);
    m_maximizedDock = saved.maximizedDock;
    updateLeaveAction();
}

void ViewModeController::leaveAllViewModes() {
    while (!m_stack.isEmpty()) leaveViewMode();
}

void ViewModeController::setEscapeTaken(bool taken) {
    m_escapeTaken = taken;
    updateLeaveAction();
}

void ViewModeController::updateLeaveAction() {
    m_leaveAction->setEnabled(!m_stack.isEmpty() && !m_escapeTaken);
}

void ViewModeController::fitDocks(const QHash<QString, QSize>& sizes) {
    // Row by row, each given its whole width: resizeDocks() sets a row's total to the sum it
    // is given, so this is the only way it is exact.
    const auto rows = [&](std::initializer_list<const char*> names, Qt::Orientation o) {
        QList<QDockWidget*> docks;
        QList<int> lengths;
        for (const char* name : names) {
            auto* dock = m_window->findChild<QDockWidget*>(QLatin1String(name));
            if (!dock || !dock->isVisible() || !sizes.contains(QLatin1String(name))) return;
            // Side by side in one area only (the default tabs the growth chart in the left
            // column, not beside the maps).
            if (o == Qt::Horizontal && !docks.isEmpty() &&
                m_window->dockWidgetArea(dock) != m_window->dockWidgetArea(docks.first()))
                return;
            docks << dock;
            const QSize size = sizes.value(QLatin1String(name));
            lengths << (o == Qt::Horizontal ? size.width() : size.height());
        }
        m_window->resizeDocks(docks, lengths, o);
    };
    rows({"imageDock", "predictionsDock"}, Qt::Horizontal);
    rows({"featureMapsDock", "growthDock"}, Qt::Horizontal);
    rows({"modelDock"}, Qt::Horizontal);  // last: the rows above would move it a separator
    rows({"imageDock", "featureMapsDock"}, Qt::Vertical);
    rows({"modelDock", "networkDock", "explanationDock"}, Qt::Vertical);
}

}  // namespace ds::ui
