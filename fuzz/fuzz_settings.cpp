// AppSettings::load: the settings file as the window reads it at start (QSettings' INI parser,
// then every count and size bounded, stale or hand-edited layouts refused). Each input is
// written to a settings file named by DENSESCOPE_SETTINGS, a new name per input: QSettings
// caches a file's contents by path and would not see a rewrite within the same second.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "app_settings.h"
#include "densescope/errors.h"

namespace {
QString g_dir;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char dir[] = "/tmp/densescope-fuzz-settings-XXXXXX";
    if (!mkdtemp(dir)) {
        std::perror("mkdtemp");
        std::abort();
    }
    g_dir = QString::fromLocal8Bit(dir);
    std::atexit([] { QDir(g_dir).removeRecursively(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static quint64 n = 0;
    const QString path = g_dir + QStringLiteral("/settings-%1.ini").arg(n++);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size))
        std::abort();
    f.close();
    qputenv("DENSESCOPE_SETTINGS", QFile::encodeName(path));
    try {
        const ds::ui::AppSettings s = ds::ui::AppSettings::load();
        // The bounds the window relies on.
        if (s.comparisons.size() > ds::ui::AppSettings::kMaxComparisons ||
            s.recentFiles.size() > ds::ui::AppSettings::kMaxRecent || s.topk < 1 || s.topk > 20 ||
            !(s.scale >= 0.5 && s.scale <= 4.0))
            std::abort();
    } catch (const std::exception& e) {  // load() must not throw: the window would not appear
        std::fprintf(stderr, "AppSettings::load threw: %s\n", e.what());
        std::abort();
    }
    QFile::remove(path);
    return 0;
}
