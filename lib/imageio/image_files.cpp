#include "image_files.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>

namespace ds {

namespace {
const QStringList& suffixes() {
    static const QStringList list = [] {
        QStringList out;
        for (const QByteArray& f : QImageReader::supportedImageFormats())
            out << QString::fromLatin1(f).toLower();
        return out;
    }();
    return list;
}
}  // namespace

// QCollator's numeric mode is not available under the C locale, so this does not rely on it.
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

bool isImageFile(const QString& path) {
    return suffixes().contains(QFileInfo(path).suffix().toLower());
}

QStringList imageFilesIn(const QString& folder, int* skipped) {
    const QDir dir(folder);
    QStringList names;
    int others = 0;
    // Not QDir::Readable: a file named like an image that cannot be read (its permissions, a
    // link to nothing) is listed, so that whoever reads it reports it instead of it vanishing.
    // QDir::System brings the links to nothing; pipes, sockets and devices stay out (opening a
    // pipe would wait for a writer).
    for (const QFileInfo& info : dir.entryInfoList(QDir::Files | QDir::System)) {
        const bool dangling = info.isSymLink() && !info.exists();
        if (!info.isFile() && !dangling) continue;
        if (isImageFile(info.fileName()))
            names << info.fileName();
        else
            ++others;
    }
    std::sort(names.begin(), names.end(), naturalLess);
    if (skipped) *skipped = others;
    QStringList out;
    for (const QString& n : names) out << dir.filePath(n);
    return out;
}

}  // namespace ds
