#pragma once
// The portable bundle (packaging/portable/make-bundle.sh, docs/packaging.md): how a program
// knows it runs from one, the environment it sets up before Qt starts, and the menu entry it
// installs for the current user. Nothing here is used by the Debian package's programs, which
// find their libraries, plugins and fonts through the system.
#include <QString>

namespace ds::portable {

// The bundle's top folder (where densescope, qt.conf and lib/ are) when this process's
// executable lies in one (lib/.densescope-portable beside it); empty otherwise.
QString bundleRoot();

// Before the Q*Application exists: when running from a bundle, fonts come from the bundle's
// fonts.conf (which also reads the system's own setup; unless FONTCONFIG_FILE is set), a
// system's QT_PLUGIN_PATH is dropped (the bundle's qt.conf names its own plugins), and Qt
// Multimedia uses the bundled FFmpeg backend (unless QT_MEDIA_BACKEND is set). Does nothing
// outside a bundle.
void prepareEnvironment();

// The user's menu entry and icons (XDG: $XDG_DATA_HOME, default ~/.local/share) for the bundle
// at `root`: applications/io.github.densescope.DenseScope.desktop with Exec and TryExec set to
// root's densescope, and icons/hicolor/*/apps/densescope.{png,svg}. Returns what was done, one
// line per file, or throws std::runtime_error saying what failed. `dataHome` empty: from the
// environment.
QString installDesktopEntry(const QString& root, const QString& dataHome = {});
// Removes what installDesktopEntry wrote (the entry, only when it carries its
// X-DenseScope-Bundle key, and the densescope icons); says what it removed.
QString uninstallDesktopEntry(const QString& dataHome = {});

// --install-desktop-entry / --uninstall-desktop-entry in argv: does it, prints the result (or
// the error, exit status 1) and returns true; false when neither flag was given.
bool answerDesktopEntry(int argc, char* argv[], int* exitCode);

}  // namespace ds::portable
