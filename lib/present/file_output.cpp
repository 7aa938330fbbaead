#include "file_output.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>

#include "densescope/atomic_file.h"

namespace ds::ui {

void saveImageFile(const QImage& image, const QString& path, const QByteArray& format) {
    const QByteArray type =
        format.isEmpty() ? QFileInfo(path).suffix().toLower().toLatin1() : format;
    // Refuse a special file before the (slow) encoding.
    ds::checkOutputTarget(QFile::encodeName(path).toStdString());
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, type);
    if (image.isNull() || !writer.write(image))
        throw ds::OutputError("Cannot save the picture as '" + path.toStdString() + "': " +
                              (image.isNull() ? std::string("there is no picture")
                                              : writer.errorString().toStdString()) +
                              ". Use a .png or .jpg name.");
    saveBytesFile(bytes, path);
}

void saveBytesFile(const QByteArray& bytes, const QString& path) {
    ds::writeFileAtomically(QFile::encodeName(path).toStdString(), bytes.constData(),
                            size_t(bytes.size()));
}

}  // namespace ds::ui
