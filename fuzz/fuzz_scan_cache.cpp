// TopImagesScan::load: the Top images tab's disk cache, a QDataStream of a scan's key, folder,
// layer, map size and entries (counts, strings, byte arrays, positions). Each input is written
// as the cache file of the key "fuzz" under a private XDG_CACHE_HOME and read back as the
// window reads it. A refusal is a null scan; whatever is accepted must be consistent enough for
// the ranking the panel draws from it (a breach aborts, and libFuzzer keeps the input).
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <cstdlib>

#include "top_images_scan.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char dir[] = "/tmp/densescope-fuzz-cache-XXXXXX";
    if (!mkdtemp(dir)) {
        std::perror("mkdtemp");
        std::abort();
    }
    setenv("XDG_CACHE_HOME", dir, 1);
    static const QString created = QString::fromLocal8Bit(dir);
    std::atexit([] { QDir(created).removeRecursively(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QString key = QStringLiteral("fuzz");
    static const QString path = [] {
        const QString p = ds::ui::TopImagesScan::cacheFile(key);
        if (!QDir().mkpath(QFileInfo(p).absolutePath())) std::abort();
        return p;
    }();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size))
        std::abort();
    f.close();
    const auto scan = ds::ui::TopImagesScan::load(key);
    if (!scan) return 0;
    // What the panel's ranking (top()) relies on in an accepted scan: each done entry's maxima
    // and positions, one per channel, the positions inside the layer's map.
    for (const auto& e : scan->entries) {
        if (e.state != ds::ui::ScanEntry::State::Done) continue;
        if (e.max.size() != size_t(scan->channels) || e.argmax.size() != e.max.size()) std::abort();
        for (const int a : e.argmax)
            if (a < 0 || a >= scan->height * scan->width) std::abort();
    }
    return 0;
}
