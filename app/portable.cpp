#include "portable.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace ds::portable {
namespace {

const char* const kDesktopId = "io.github.densescope.DenseScope";
// The icon folders the bundle ships (packaging/CMakeLists.txt's sizes and the SVG).
const char* const kIconSizes[] = {"16x16", "22x22", "24x24", "32x32", "48x48", "64x64",
                                  "128x128", "256x256", "scalable"};

QString dataHomeFromEnvironment() {
    const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg)) return xdg;  // the spec ignores relative ones
    const QString home = qEnvironmentVariable("HOME");
    if (home.isEmpty())
        throw std::runtime_error("Neither XDG_DATA_HOME nor HOME is set: there is no folder for "
                                 "your menu entries. Set HOME and try again.");
    return home + QStringLiteral("/.local/share");
}

// The icon files of the bundle's share/icons/hicolor, relative to it ("48x48/apps/densescope.png").
QStringList bundleIcons(const QString& root) {
    QStringList icons;
    const QDir hicolor(root + QStringLiteral("/share/icons/hicolor"));
    for (const QString& size : hicolor.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        for (const char* name : {"densescope.png", "densescope.svg"}) {
            const QString rel = size + QStringLiteral("/apps/") + QLatin1String(name);
            if (QFileInfo(hicolor.filePath(rel)).isFile()) icons << rel;
        }
    return icons;
}

QString desktopEntryPath(const QString& dataHome) {
    return dataHome + QStringLiteral("/applications/") + QLatin1String(kDesktopId) +
           QStringLiteral(".desktop");
}

// Desktop entry Exec quoting: arguments with spaces or specials in double quotes, with ", `, $
// and \ escaped (and % doubled, as the spec asks of every literal percent sign).
QString execQuoted(const QString& path) {
    QString escaped;
    for (const QChar c : path) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') ||
            c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    escaped.replace(QLatin1Char('%'), QStringLiteral("%%"));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

void writeFile(const QString& path, const QByteArray& data) {
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        throw std::runtime_error("Cannot create the folder " +
                                 QFileInfo(path).absolutePath().toStdString() +
                                 ": check that it is yours and writable.");
    // QSaveFile writes through a symbolic link to its target: a link left at our entry's name
    // (by anyone) would have us overwrite whatever file it points at. The link itself goes.
    if (QFileInfo(path).isSymLink() && !QFile::remove(path))
        throw std::runtime_error("Cannot replace the symbolic link " + path.toStdString() +
                                 ": check the folder's permissions.");
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size() || !out.commit())
        throw std::runtime_error("Cannot write " + path.toStdString() + ": " +
                                 out.errorString().toStdString() +
                                 " (check the disk space and the folder's permissions).");
}

}  // namespace

QString bundleRoot() {
    const QString exe = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
    if (exe.isEmpty()) return {};
    const QString dir = QFileInfo(exe).absolutePath();
    return QFileInfo::exists(dir + QStringLiteral("/lib/.densescope-portable")) ? dir : QString();
}

void prepareEnvironment() {
    const QString root = bundleRoot();
    if (root.isEmpty()) return;
    const QString fontsConf = root + QStringLiteral("/fonts/fonts.conf");
    if (qEnvironmentVariableIsEmpty("FONTCONFIG_FILE") && QFileInfo(fontsConf).isFile())
        qputenv("FONTCONFIG_FILE", QFile::encodeName(fontsConf));
    // A system Qt's plugins are built for that Qt: loading them into the bundle's would crash.
    qunsetenv("QT_PLUGIN_PATH");
    qunsetenv("QT_QPA_PLATFORM_PLUGIN_PATH");
    // The bundle carries Qt Multimedia's FFmpeg backend only (the GStreamer one would need the
    // system's GStreamer plugins, built for another GStreamer).
    if (qEnvironmentVariableIsEmpty("QT_MEDIA_BACKEND")) qputenv("QT_MEDIA_BACKEND", "ffmpeg");
}

QString installDesktopEntry(const QString& root, const QString& dataHomeGiven) {
    const QString exe = root + QStringLiteral("/densescope");
    const QString templatePath =
        root + QStringLiteral("/share/applications/") + QLatin1String(kDesktopId) + QStringLiteral(".desktop");
    if (root.isEmpty() || !QFileInfo(exe).isExecutable() || !QFileInfo(templatePath).isFile())
        throw std::runtime_error(
            "--install-desktop-entry is for the portable bundle (densescope-*-linux-x86_64.tar.gz), "
            "and this densescope is not in one. The Debian package installs its menu entry itself.");
    QFile in(templatePath);
    if (!in.open(QIODevice::ReadOnly))
        throw std::runtime_error("Cannot read " + templatePath.toStdString() + ": " +
                                 in.errorString().toStdString());
    const QString dataHome = dataHomeGiven.isEmpty() ? dataHomeFromEnvironment() : dataHomeGiven;
    QStringList lines = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    for (QString& line : lines) {
        // OMP_WAIT_POLICY set by the launcher spares the app its restart that sets it
        // (app/passive_openmp.cpp): about 0.2 s of start-up (benchmarks/README.md).
        if (line.startsWith(QLatin1String("Exec=")))
            line = QStringLiteral("Exec=env OMP_WAIT_POLICY=PASSIVE ") + execQuoted(exe) +
                   QStringLiteral(" %f");
        else if (line.startsWith(QLatin1String("TryExec=")))
            line = QStringLiteral("TryExec=") + exe;
    }
    // Marks the entry as this option's, so --uninstall-desktop-entry removes only its own.
    lines.insert(1, QStringLiteral("X-DenseScope-Bundle=") + root);
    QStringList done;
    const QString entry = desktopEntryPath(dataHome);
    writeFile(entry, lines.join(QLatin1Char('\n')).toUtf8());
    done << QStringLiteral("menu entry: ") + entry;
    for (const QString& rel : bundleIcons(root)) {
        QFile icon(root + QStringLiteral("/share/icons/hicolor/") + rel);
        if (!icon.open(QIODevice::ReadOnly))
            throw std::runtime_error("Cannot read " + icon.fileName().toStdString());
        const QString to = dataHome + QStringLiteral("/icons/hicolor/") + rel;
        writeFile(to, icon.readAll());
        done << QStringLiteral("icon: ") + to;
    }
    return done.join(QLatin1Char('\n'));
}

QString uninstallDesktopEntry(const QString& dataHomeGiven) {
    const QString dataHome = dataHomeGiven.isEmpty() ? dataHomeFromEnvironment() : dataHomeGiven;
    const QString entry = desktopEntryPath(dataHome);
    QFile in(entry);
    if (!in.exists())
        return QStringLiteral("Nothing to remove: there is no DenseScope menu entry in ") + dataHome +
               QStringLiteral("/applications.");
    if (!in.open(QIODevice::ReadOnly) || !in.readAll().contains("\nX-DenseScope-Bundle="))
        throw std::runtime_error(entry.toStdString() +
                                 " was not made by --install-desktop-entry: it is left as it is "
                                 "(remove it yourself if you want it gone).");
    QStringList files{entry};
    for (const char* size : kIconSizes)
        files << dataHome + QStringLiteral("/icons/hicolor/") + QLatin1String(size) +
                     (QLatin1String(size) == QLatin1String("scalable")
                          ? QStringLiteral("/apps/densescope.svg")
                          : QStringLiteral("/apps/densescope.png"));
    QStringList removed;
    for (const QString& f : files)
        if (QFileInfo::exists(f)) {
            if (!QFile::remove(f))
                throw std::runtime_error("Cannot remove " + f.toStdString() +
                                         ": check the folder's permissions.");
            removed << f;
        }
    return QStringLiteral("removed: ") + removed.join(QStringLiteral("\nremoved: "));
}

bool answerDesktopEntry(int argc, char* argv[], int* exitCode) {
    bool install = false, uninstall = false;
    for (int i = 1; i < argc; ++i) {
        install |= std::strcmp(argv[i], "--install-desktop-entry") == 0;
        uninstall |= std::strcmp(argv[i], "--uninstall-desktop-entry") == 0;
    }
    if (!install && !uninstall) return false;
    *exitCode = 1;
    if (install && uninstall) {
        std::fprintf(stderr, "densescope: give either --install-desktop-entry or "
                             "--uninstall-desktop-entry, not both.\n");
        *exitCode = 2;
        return true;
    }
    try {
        const QString root = bundleRoot();
        const QString said = install ? installDesktopEntry(root) : uninstallDesktopEntry();
        std::printf("%s\n", said.toLocal8Bit().constData());
        *exitCode = 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "densescope: %s\n", e.what());
    }
    return true;
}

}  // namespace ds::portable
