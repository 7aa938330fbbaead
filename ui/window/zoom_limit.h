#pragma once
// How far the multi-panel window can zoom in on a screen: the largest factor at which the
// window's minimum size (every dock at its minimum, the panels scrolling inside their docks,
// the tool bars wrapped) still fits the screen's available area. Beyond it the window would
// be larger than the screen and panels would be cut at its edge.
#include <QSize>

namespace ds::ui {

// The largest zoom, at most `ceiling`, for a window at `scale` that needs `need` and has
// `room`: type and marks grow with the zoom, so the need is taken as proportional to it (an
// estimate: MainWindow::setScale() measures again and steps down while it does not fit).
double largestScale(double scale, QSize need, QSize room, double ceiling);

}  // namespace ds::ui
