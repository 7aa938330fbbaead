// MainWindow's images: one file, several files, a folder (the image browser), a pasted or
// dropped image, and stepping through the browser's list.
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>

#include "image_view.h"
#include "main_window.h"

namespace ds::ui {

void MainWindow::requestImageFile(const QString& path) {
    m_pending.image = m_worker->requestImageFile(path);
    updateStaleMarks();
}

void MainWindow::openImage(const QString& path) {
    if (!path.startsWith(QLatin1Char(':')) && QFileInfo(path).isFile()) {
        m_browser.openFileInFolder(path);
        m_settings.folder = m_browser.folder();
        scheduleSave();
    }
    requestImageFile(path);
}

void MainWindow::openImages(const QStringList& paths) {
    if (paths.size() == 1) return openImage(paths.front());
    if (paths.isEmpty()) return;
    m_browser.setFiles(paths, 0);
    m_settings.folder = m_browser.folder();
    scheduleSave();
    requestImageFile(m_browser.current());
}

bool MainWindow::openFolder(const QString& folder) {
    if (!m_browser.openFolder(folder)) {
        m_imageView->setError(
            tr("%1 holds no image Qt can read. Pick a folder with PNG or JPEG files.")
                .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    m_settings.folder = m_browser.folder();
    scheduleSave();
    requestImageFile(m_browser.current());
    return true;
}

void MainWindow::showImage(const QImage& image, const QString& source) {
    m_pending.image = m_worker->requestImage(image, source);
    updateStaleMarks();
}

void MainWindow::stepImage(int delta) {
    const QString path = m_browser.step(delta);
    if (path.isEmpty()) {
        statusBar()->showMessage(
            tr("Open a folder (Ctrl+Shift+O) or several files to step through them."), 5000);
        return;
    }
    statusBar()->showMessage(tr("%1 of %2").arg(m_browser.index() + 1).arg(m_browser.count()),
                             3000);
    requestImageFile(path);
}

}  // namespace ds::ui
