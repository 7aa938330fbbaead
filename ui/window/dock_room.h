#pragma once
// Where a window's new room goes. When the window grows or shrinks, QMainWindow hands the
// change to every dock area alike, so on a 1920 x 1080 screen the mostly empty model column
// and the image row took as much of it as the feature maps. DockRoom keeps the sizes of the
// docks it is given (the model column's width, the image row's height) across window
// resizes, so the room goes to the feature maps and the charts.
//
// Only a person sets the sizes it keeps: a separator dragged (a mouse press and release on the
// window's own area, where its separators are), or the app's layouts (remember(): the
// default layout, Reset layout, a layout restored). A dock resized for any other reason (a
// panel's minimum size for a moment) changes nothing that is kept: keeping those sizes made the
// left column walk wider with every refit.
#include <QObject>

#include <functional>
#include <QPointer>
#include <QSize>
#include <QVector>

class QDockWidget;
class QMainWindow;

namespace ds::ui {

class DockRoom : public QObject {
public:
    // `refit` lays the docks out again after a window resize, giving the kept docks their
    // kept sizes (resizeDocks() needs a whole row's sizes to move room between areas).
    DockRoom(QMainWindow* window, std::function<void()> refit);

    // Keeps `dock`'s width (Horizontal) or height (Vertical) at its current size.
    void keep(QDockWidget* dock, Qt::Orientation orientation);
    // The size kept for `dock`, or 0 when it is not known yet.
    int kept(const QDockWidget* dock) const;
    // While paused (a maximised dock) sizes are neither kept nor put back:
    // those modes restore the whole layout themselves.
    void setPaused(bool paused);
    // The same while zoomed in (MainWindow gives back the unzoomed layout itself).
    void setHeld(bool held);
    // The kept docks' sizes now are the ones to keep (the app laid them out).
    void remember();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reapply();

    struct Kept {
        QPointer<QDockWidget> dock;
        Qt::Orientation orientation;
        int size = 0;  // 0: not measured yet
    };
    QMainWindow* m_window;
    std::function<void()> m_refit;
    QVector<Kept> m_kept;
    QSize m_windowSize;  // the size the kept sizes belong to
    bool m_pending = false;
    bool m_paused = false;
    bool m_held = false;
    bool m_dragging = false;  // a mouse button is down on a separator
};

}  // namespace ds::ui
