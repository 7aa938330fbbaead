#include "image_browser.h"

#include "image_files.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace ds::ui {

bool ImageBrowser::isImageFile(const QString& path) { return ds::isImageFile(path); }

bool ImageBrowser::isWeightsFile(const QString& path) {
    const QString s = QFileInfo(path).suffix().toLower();
    const QString all = QFileInfo(path).completeSuffix().toLower();
    return s == QLatin1String("pth") || s == QLatin1String("pt") ||
           s == QLatin1String("safetensors") || s == QLatin1String("ckpt") ||
           all.endsWith(QLatin1String("pth.tar")) || all.endsWith(QLatin1String("pt.tar"));
}

QStringList ImageBrowser::imagesIn(const QString& folder) { return ds::imageFilesIn(folder); }

void ImageBrowser::setFiles(const QStringList& files, int current) {
    m_files = files;
    m_index = files.isEmpty() ? -1 : std::clamp(current, 0, int(files.size()) - 1);
    if (!files.isEmpty()) m_folder = QFileInfo(files.front()).absolutePath();
}

void ImageBrowser::openFileInFolder(const QString& file) {
    const QFileInfo info(file);
    QStringList files = imagesIn(info.absolutePath());
    int index = files.indexOf(info.absoluteFilePath());
    if (index < 0) {  // an unusual extension: still step through the folder from here
        files.prepend(info.absoluteFilePath());
        index = 0;
    }
    setFiles(files, index);
}

bool ImageBrowser::openFolder(const QString& folder) {
    const QStringList files = imagesIn(folder);
    if (files.isEmpty()) return false;
    setFiles(files, 0);
    m_folder = QDir(folder).absolutePath();
    return true;
}

QString ImageBrowser::current() const { return m_index >= 0 ? m_files.at(m_index) : QString(); }

QString ImageBrowser::step(int delta) {
    if (m_files.isEmpty()) return {};
    const int n = int(m_files.size());
    m_index = ((m_index + delta) % n + n) % n;
    return m_files.at(m_index);
}

}  // namespace ds::ui
