#include "image_browser.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>

namespace ds::ui {

namespace {
QStringList suffixes() {
    static const QStringList list = [] {
        QStringList out;
        for (const QByteArray& f : QImageReader::supportedImageFormats())
            out << QString::fromLatin1(f).toLower();
        return out;
    }();
    return list;
}
// "a2" before "a10": runs of digits compare by value (QCollator's numeric mode is not
// available under the C locale, so this does not rely on it); the rest case-insensitively.
bool naturalLess(const QString& a, const QString& b) {
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            while (i < a.size() - 1 && a[i] == QLatin1Char('0') && a[i + 1].isDigit()) ++i;
            while (j < b.size() - 1 && b[j] == QLatin1Char('0') && b[j + 1].isDigit()) ++j;
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a[ei].isDigit()) ++ei;
            while (ej < b.size() && b[ej].isDigit()) ++ej;
            if (ei - i != ej - j) return ei - i < ej - j;  // fewer digits: smaller number
            const int c = QStringView(a).mid(i, ei - i).compare(QStringView(b).mid(j, ej - j));
            if (c != 0) return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toLower(), cb = b[j].toLower();
        if (ca != cb) return ca < cb;
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
    return a < b;
}

}  // namespace

bool ImageBrowser::isImageFile(const QString& path) {
    return suffixes().contains(QFileInfo(path).suffix().toLower());
}

bool ImageBrowser::isWeightsFile(const QString& path) {
    const QString s = QFileInfo(path).suffix().toLower();
    return s == QLatin1String("pth") || s == QLatin1String("pt") ||
           s == QLatin1String("safetensors");
}

QStringList ImageBrowser::imagesIn(const QString& folder) {
    QStringList patterns;
    for (const QString& s : suffixes())
        patterns << QStringLiteral("*.") + s << QStringLiteral("*.") + s.toUpper();
    QStringList names = QDir(folder).entryList(patterns, QDir::Files | QDir::Readable);
    names.removeDuplicates();
    std::sort(names.begin(), names.end(), naturalLess);
    QStringList out;
    for (const QString& n : names) out << QDir(folder).filePath(n);
    return out;
}

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
