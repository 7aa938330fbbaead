#pragma once
// QCustomPlot keeps its own copies of fonts (axes, legend, text elements and items take the
// plot's font once, when they are created), so zooming the window does not reach a chart by
// itself. applyChartFont() sets every text of a plot from one widget font; the chart panels
// call it from changeEvent(QEvent::FontChange).
#include <QFont>

class QCustomPlot;

namespace ds::ui {

// Tick labels, axis labels, the legend, title elements and text items of `plot` take `font`
// (tick labels and item texts slightly smaller, as is usual in charts). Bold stays bold.
void applyChartFont(QCustomPlot* plot, const QFont& font);

// The factor by which marks (points, lines, rings) grow with the font: 1 at the
// application's font size.
double markScale(const QFont& font);

}  // namespace ds::ui
