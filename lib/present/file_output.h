#pragma once
// The Qt side of writing output files: encodes in memory, then writes through ds::AtomicFile
// (densescope/atomic_file.h), so every picture, table and figure the app or the CLI saves is
// all there or not there at all, the old file is kept on failure and special files (a pipe,
// /dev/null) are refused. Throws ds::OutputError with a message for a person.
#include <QByteArray>
#include <QString>

class QImage;

namespace ds::ui {

// `format` as QImageWriter knows it ("PNG", "JPG"); empty: from the file's suffix.
void saveImageFile(const QImage& image, const QString& path, const QByteArray& format = {});
void saveBytesFile(const QByteArray& bytes, const QString& path);

}  // namespace ds::ui
