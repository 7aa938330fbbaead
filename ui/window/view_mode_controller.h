#pragma once
// The main window's view mode: one dock maximised by double-clicking its title. (The
// full-screen view for a class is lesson mode, F11: ui/window/lesson_controller.h.) The mode
// saves the layout it replaces (saveState, geometry, window state, zoom, the front tabs and
// their sizes) on a stack; Esc (leaveViewMode) pops one, so the previous layout comes back
// exactly (dock sizes within a separator: Qt rounds them).
//
// It owns View → Leave (Esc), and watches the window's docks for double-clicks on their
// titles; the window's zoom is read and set through `Zoom`.
#include <QHash>
#include <QObject>
#include <QRect>
#include <QVector>

#include <functional>

class QAction;
class QDockWidget;
class QMainWindow;

namespace ds::ui {

class DockRoom;

// The dynamic property that marks the analysis docks (true): the tabs beside the feature maps.
inline constexpr const char* kAnalysisDockProperty = "densescopeAnalysisDock";

class ViewModeController : public QObject {
    Q_OBJECT
public:
    static constexpr int kSettleMs = 150;  // the relayouts after restoreState()

    struct Zoom {
        std::function<double()> get;
        std::function<void(double)> set;  // the window keeps it to what the screen has room for
    };
    // `room` (may be null) is paused while a mode is on: only the layout under every mode is
    // the one whose room is kept. The action is added to `window` (a shortcut without a
    // tool bar).
    ViewModeController(QMainWindow* window, DockRoom* room, Zoom zoom);

    QAction* leaveAction() const { return m_leaveAction; }

    void maximizeDock(QDockWidget* dock);  // also: double-click a dock's title
    void leaveViewMode();                  // the innermost mode
    void leaveAllViewModes();
    QDockWidget* maximizedDock() const { return m_maximizedDock; }
    // A mode arranges the docks itself (fewer panels: the zoom has no limit but kMaxScale).
    bool isActive() const { return m_maximizedDock != nullptr; }
    int depth() const { return int(m_stack.size()); }
    // While a model loads, Esc cancels the load first: Leave stays disabled meanwhile (one
    // enabled Esc action at a time, or the key would be ambiguous and do nothing).
    void setEscapeTaken(bool taken);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct SavedView {
        QByteArray state;
        QRect geometry;
        Qt::WindowStates windowState;
        double scale = 1.0;
        bool statusBar = true;
        QDockWidget* maximizedDock = nullptr;
        QList<QDockWidget*> raised;   // the docks that were visible (front tabs)
        QHash<QString, QSize> sizes;  // their sizes, by object name
    };
    void push();
    QSize dockAreaSize(QDockWidget* dock) const;  // with its tab bar, when it is tabbed
    void fitDocks(const QHash<QString, QSize>& sizes);
    void updateLeaveAction();

    QMainWindow* m_window;
    DockRoom* m_room;
    Zoom m_zoom;
    QAction* m_leaveAction;
    QVector<SavedView> m_stack;  // innermost last
    QDockWidget* m_maximizedDock = nullptr;
    bool m_escapeTaken = false;
};

}  // namespace ds::ui
