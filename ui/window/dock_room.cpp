#include "dock_room.h"

#include <QDockWidget>
#include <QChildEvent>
#include <QEvent>
#include <QMainWindow>
#include <QMouseEvent>
#include <QTimer>

#include <utility>

namespace ds::ui {

DockRoom::DockRoom(QMainWindow* window, std::function<void()> refit)
    : QObject(window), m_window(window), m_refit(std::move(refit)) {
    window->installEventFilter(this);
}

void DockRoom::keep(QDockWidget* dock, Qt::Orientation orientation) {
    if (!dock) return;
    m_kept.push_back({dock, orientation, 0});
}

void DockRoom::setPaused(bool paused) {
    m_paused = paused;
    m_windowSize = paused || m_held ? QSize() : m_window->size();  // the layout now is kept
}

void DockRoom::setHeld(bool held) {
    m_held = held;
    m_windowSize = held || m_paused ? QSize() : m_window->size();
}

void DockRoom::remember() {
    for (Kept& k : m_kept)
        if (k.dock && k.dock->isVisible() && !k.dock->isFloating())
            k.size = k.orientation == Qt::Horizontal ? k.dock->width() : k.dock->height();
}

bool DockRoom::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window) {
        switch (event->type()) {
        case QEvent::ChildAdded:
            // Where the style draws separators as widgets of their own, they get the drags.
            if (auto* child = static_cast<QChildEvent*>(event)->child();
                child && child->isWidgetType() &&
                child->objectName() == QLatin1String("qt_qmainwindow_extended_splitter"))
                child->installEventFilter(this);
            return false;
        default:
            break;
        }
    }
    if (watched == m_window || watched->objectName() ==
                                   QLatin1String("qt_qmainwindow_extended_splitter")) {
        // A press on the window's own area (not on a panel) is on a separator: the sizes
        // after its release are the person's.
        if (event->type() == QEvent::MouseButtonPress) {
            // (A press on a panel that the panel ignores reaches the window too, at the
            // panel's place.)
            const QPoint at = static_cast<QMouseEvent*>(event)->position().toPoint();
            const QWidget* under = watched == m_window ? m_window->childAt(at) : nullptr;
            m_dragging = !under || under->objectName() ==
                                       QLatin1String("qt_qmainwindow_extended_splitter");
        } else if (event->type() == QEvent::MouseButtonRelease && m_dragging) {
            m_dragging = false;
            // After QMainWindow has applied the last move (it does so on a zero timer).
            QTimer::singleShot(0, this, [this] {
                if (!m_paused && !m_held) remember();
            });
        }
    }
    if (watched != m_window || event->type() != QEvent::Resize || m_paused || m_held)
        return false;
    if (!m_windowSize.isValid()) {
        m_windowSize = m_window->size();
    } else if (m_window->size() != m_windowSize && !m_pending) {
        // After the main window's layout has handed out the change: put the kept docks
        // back, which gives the difference to the others.
        m_pending = true;
        QTimer::singleShot(0, this, &DockRoom::reapply);
    }
    return false;
}

int DockRoom::kept(const QDockWidget* dock) const {
    for (const Kept& k : m_kept)
        if (k.dock == dock) return k.size;
    return 0;
}

void DockRoom::reapply() {
    if (m_paused || m_held) {
        m_pending = false;
        return;
    }
    m_windowSize = m_window->size();
    if (m_refit) m_refit();
    m_pending = false;
}

}  // namespace ds::ui
