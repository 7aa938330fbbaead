#include "chart_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSvgGenerator>

#include <qcustomplot.h>

#include "densescope/errors.h"

namespace ds::ui {

namespace {

void writeSvg(QCustomPlot* plot, const QString& path) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(plot->size());
    svg.setViewBox(QRect(QPoint(0, 0), plot->size()));
    svg.setTitle(plot->objectName());
    QCPPainter painter;
    if (!painter.begin(&svg)) return;  // reported below: the file does not exist
    plot->toPainter(&painter, plot->width(), plot->height());
    painter.end();
}
}  // namespace

void exportPlot(QCustomPlot* plot, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    QFile::remove(path);  // so a failed write is not mistaken for an old file
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, plot->width(), plot->height(), /*scale=*/2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, plot->width(), plot->height());
    } else if (suffix == QLatin1String("svg")) {
        writeSvg(plot, path);
        ok = QFileInfo(path).size() > 0;
    } else {
        throw ds::Error(QCoreApplication::translate(
                            "ChartExport", "%1: choose a file name ending in .png, .svg or .pdf.")
                            .arg(QDir::toNativeSeparators(path))
                            .toStdString());
    }
    if (!ok || !QFileInfo::exists(path))
        throw ds::Error(
            QCoreApplication::translate(
                "ChartExport", "Cannot write %1; check that the folder exists and is writable.")
                .arg(QDir::toNativeSeparators(path))
                .toStdString());
}

QString plotExportFilter() {
    return QCoreApplication::translate(
        "ChartExport", "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

QString exportPlotWithDialog(QWidget* parent, QCustomPlot* plot, const QString& baseName) {
    QString selected;
    QString path = QFileDialog::getSaveFileName(
        parent, QCoreApplication::translate("ChartExport", "Export chart"),
        QDir::home().filePath(baseName + QStringLiteral(".png")), plotExportFilter(), &selected);
    if (path.isEmpty()) return {};
    if (QFileInfo(path).suffix().isEmpty())  // take the suffix from the chosen filter
        path += selected.contains(QLatin1String("*.svg"))   ? QStringLiteral(".svg")
                : selected.contains(QLatin1String("*.pdf")) ? QStringLiteral(".pdf")
                                                            : QStringLiteral(".png");
    exportPlot(plot, path);
    return path;
}

}  // namespace ds::ui
