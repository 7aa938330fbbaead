#pragma once
// Which files of a folder are images: by extension, those Qt's installed readers know (the
// same readers loadImage uses). One rule for the app's image browser, the top-images scan and
// densescope-cli top-images.
#include <QString>
#include <QStringList>

namespace ds {

// True when `path`'s extension is one Qt can read (case-insensitive).
bool isImageFile(const QString& path);

// The image files directly inside `folder` (no subfolders), as paths `folder`/name, sorted
// naturally ("a2" before "a10", otherwise case-insensitive). Files named like images that
// cannot be read (permissions, a symbolic link to nothing) are listed too: loadImage says why
// they fail. Pipes, sockets and devices are left out. *skipped (optional) gets the number of
// other files there (not images by their extension).
QStringList imageFilesIn(const QString& folder, int* skipped = nullptr);

// "a2" before "a10": runs of digits compare by value, the rest case-insensitively.
bool naturalLess(const QString& a, const QString& b);

}  // namespace ds
