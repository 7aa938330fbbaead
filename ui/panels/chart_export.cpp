#include "chart_export.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSvgGenerator>
#include <QTemporaryDir>

#include <qcustomplot.h>

#include "densescope/atomic_file.h"
#include "dialog_folder.h"
#include "densescope/errors.h"
#include "file_output.h"

namespace ds::ui {

namespace {

QByteArray svgBytes(QCustomPlot* plot) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(plot->size());
    svg.setViewBox(QRect(QPoint(0, 0), plot->size()));
    svg.setTitle(plot->objectName());
    QCPPainter painter;
    if (!painter.begin(&svg)) return {};
    plot->toPainter(&painter, plot->width(), plot->height());
    painter.end();
    return bytes;
}

// QCustomPlot prints a PDF only to a file name: print it into a private temporary folder,
// then hand the bytes to the atomic writer like every other format.
QByteArray pdfBytes(QCustomPlot* plot) {
    const QTemporaryDir dir;
    if (!dir.isValid()) return {};
    const QString file = dir.filePath(QStringLiteral("chart.pdf"));
    if (!plot->savePdf(file, plot->width(), plot->height())) return {};
    QFile in(file);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

[[noreturn]] void cannotDraw(const QString& path) {
    throw ds::Error(
        QCoreApplication::translate(
            "ChartExport", "Cannot write %1; check that the folder exists and is writable.")
            .arg(QDir::toNativeSeparators(path))
            .toStdString());
}

}  // namespace

void exportPlot(QCustomPlot* plot, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Everything is drawn in memory and written through ds::AtomicFile (file_output.h): a
    // failed write keeps the old file and says why (a full disk, a pipe or device refused).
    if (suffix == QLatin1String("png")) {
        const QImage image = plot->toPixmap(plot->width(), plot->height(), /*scale=*/2.0).toImage();
        if (image.isNull()) cannotDraw(path);
        saveImageFile(image, path, "PNG");
    } else if (suffix == QLatin1String("pdf") || suffix == QLatin1String("svg")) {
        ds::checkOutputTarget(QFile::encodeName(path).toStdString());
        const QByteArray bytes = suffix == QLatin1String("pdf") ? pdfBytes(plot) : svgBytes(plot);
        if (bytes.isEmpty()) cannotDraw(path);
        saveBytesFile(bytes, path);
    } else {
        throw ds::Error(QCoreApplication::translate(
                            "ChartExport", "%1: choose a file name ending in .png, .svg or .pdf.")
                            .arg(QDir::toNativeSeparators(path))
                            .toStdString());
    }
}

QString plotExportFilter() {
    return QCoreApplication::translate(
        "ChartExport", "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

QString exportPlotWithDialog(QWidget* parent, QCustomPlot* plot, const QString& baseName) {
    QString selected;
    QString path = QFileDialog::getSaveFileName(
        parent, QCoreApplication::translate("ChartExport", "Export chart"),
        dialogStartPath(baseName + QStringLiteral(".png")), plotExportFilter(), &selected);
    if (path.isEmpty()) return {};
    rememberDialogFolder(path);
    if (QFileInfo(path).suffix().isEmpty())  // take the suffix from the chosen filter
        path += selected.contains(QLatin1String("*.svg"))   ? QStringLiteral(".svg")
                : selected.contains(QLatin1String("*.pdf")) ? QStringLiteral(".pdf")
                                                            : QStringLiteral(".png");
    exportPlot(plot, path);
    return path;
}

}  // namespace ds::ui
