// MainWindow's images: the ImageController's choices go to the worker (requestImageFile,
// showImage); the window's image API forwards to the controller.
#include "image_controller.h"
#include "main_window.h"

namespace ds::ui {

void MainWindow::requestImageFile(const QString& path) {
    m_pending.image = m_worker->requestImageFile(path);
    updateStaleMarks();
}

void MainWindow::showImage(const QImage& image, const QString& source) {
    m_pending.image = m_worker->requestImage(image, source);
    updateStaleMarks();
}

void MainWindow::openImage(const QString& path) { m_images->openImage(path); }
void MainWindow::openImages(const QStringList& paths) { m_images->openImages(paths); }
bool MainWindow::openFolder(const QString& folder) { return m_images->openFolder(folder); }
void MainWindow::pasteFromClipboard() { m_images->pasteFromClipboard(); }
void MainWindow::stepImage(int delta) { m_images->step(delta); }

}  // namespace ds::ui
