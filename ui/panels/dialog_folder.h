#pragma once
// Where file dialogs start: the folder the person used last in any file dialog (remembered in
// the settings, key "dialogs/folder"), else the Pictures folder, else the home folder. Always
// a folder that exists (given one that does not, QFileDialog opens its parent with the last
// part typed in as a file name).
#include <QString>

namespace ds::ui {

QString dialogStartFolder();
// The start folder with `fileName` in it: a save dialog's suggestion.
QString dialogStartPath(const QString& fileName);
// After a dialog: `path` (a file: its folder; a folder: itself) is where the next one starts.
void rememberDialogFolder(const QString& path);

}  // namespace ds::ui
