#include "dialog_folder.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include "app_settings.h"

namespace ds::ui {

namespace {
const char kKey[] = "dialogs/folder";
}

QString dialogStartFolder() {
    const QString remembered = AppSettings::open()->value(QLatin1String(kKey)).toString();
    for (const QString& dir :
         {remembered, QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)})
        if (!dir.isEmpty() && !dir.startsWith(QLatin1Char(':')) && QFileInfo(dir).isDir())
            return QDir(dir).absolutePath();
    return QDir::homePath();
}

QString dialogStartPath(const QString& fileName) {
    return QDir(dialogStartFolder()).filePath(fileName);
}

void rememberDialogFolder(const QString& path) {
    if (path.isEmpty()) return;
    const QFileInfo info(path);
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    AppSettings::open()->setValue(QLatin1String(kKey), folder);
}

}  // namespace ds::ui
