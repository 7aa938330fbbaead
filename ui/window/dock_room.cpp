#include "dock_room.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QTimer>

#include <utility>

namespace ds::ui {

DockRoom::DockRoom(QMainWindow* window, std::function<void()> refit)
    : QObject(window), m_window(window), m_refit(std::move(refit)) {
    window->installEventFilter(this);
}

void DockRoom::keep(QDockWidget* dock, Qt::Orientation orientation) {
    if (!dock) return;
    dock->installEventFilter(this);
    m_kept.push_back({dock, orientation, 0});
}

void DockRoom::setPaused(bool paused) {
    m_paused = paused;
    m_windowSize = paused ? QSize() : m_window->size();  // the layout now is the one to keep
}

bool DockRoom::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Resize || m_paused) return false;
    if (watched == m_window) {
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
    // A dock resized while the window keeps its size: the user (or the app) chose this size.
    if (m_window->size() == m_windowSize && !m_pending)
        for (Kept& k : m_kept)
            if (k.dock == watched && k.dock->isVisible() && !k.dock->isFloating())
                k.size = k.orientation == Qt::Horizontal ? k.dock->width() : k.dock->height();
    return false;
}

int DockRoom::kept(const QDockWidget* dock) const {
    for (const Kept& k : m_kept)
        if (k.dock == dock) return k.size;
    return 0;
}

void DockRoom::reapply() {
    if (m_paused) {
        m_pending = false;
        return;
    }
    m_windowSize = m_window->size();
    if (m_refit) m_refit();
    m_pending = false;
}

}  // namespace ds::ui
