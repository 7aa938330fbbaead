#pragma once
// Saving a QCustomPlot chart as a picture: PNG (twice the on-screen pixels, for slides),
// SVG (QSvgGenerator, Qt6Svg) or PDF (vector), chosen by the file's suffix.
#include <QString>

class QCustomPlot;
class QMenu;
class QWidget;

namespace ds::ui {

// Writes `plot` as it is drawn now to `path` (.png, .svg or .pdf). Throws ds::Error with a
// message for a person when the suffix is unknown or the file cannot be written.
void exportPlot(QCustomPlot* plot, const QString& path);

// The file dialog filter for exportPlot(): PNG, SVG and PDF.
QString plotExportFilter();

// Asks for a file name (suggesting `baseName` in the home folder) and exports `plot` there.
// Returns the path written, or an empty string when the user cancelled; throws like exportPlot.
QString exportPlotWithDialog(QWidget* parent, QCustomPlot* plot, const QString& baseName);

}  // namespace ds::ui
