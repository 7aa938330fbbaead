#include "proc_stats.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <time.h>
#include <unistd.h>

#include <thread>

namespace livebench {

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// utime + stime of a /proc/.../stat line, in seconds (fields 14 and 15; the name in field 2
// may contain spaces, so count from the closing parenthesis).
double statCpuS(const QByteArray& stat) {
    const int close = stat.lastIndexOf(')');
    if (close < 0) return 0;
    const QList<QByteArray> f = stat.mid(close + 2).split(' ');
    if (f.size() < 13) return 0;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

double monotonicS() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

}  // namespace

CpuSnapshot cpuSnapshot() {
    CpuSnapshot s;
    s.wallS = monotonicS();
    const QList<QByteArray> cpu = readAll("/proc/stat").split('\n').value(0).simplified().split(' ');
    // cpu user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
    double busy = 0;
    for (int i = 1; i < cpu.size(); ++i)
        if (i != 4 && i != 5 && i < 8) busy += cpu[i].toDouble();
    s.machineBusyS = busy / double(sysconf(_SC_CLK_TCK));
    s.stealS = cpu.value(8).toDouble() / double(sysconf(_SC_CLK_TCK));
    s.processS = statCpuS(readAll("/proc/self/stat"));
    const QString pid = QString::number(getpid());
    const QStringList tids = QDir("/proc/self/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& tid : tids) {
        const QString dir = "/proc/self/task/" + tid;
        QString group = tid == pid ? QStringLiteral("gui")
                                   : QString::fromUtf8(readAll(dir + "/comm")).trimmed();
        if (group.isEmpty()) group = QStringLiteral("?");
        s.threadGroupS[group] += statCpuS(readAll(dir + "/stat"));
    }
    return s;
}

CpuUse cpuUse(const CpuSnapshot& from, const CpuSnapshot& to) {
    CpuUse u;
    u.wallS = to.wallS - from.wallS;
    if (u.wallS <= 0) return u;
    u.processCores = (to.processS - from.processS) / u.wallS;
    u.othersCores =
        std::max(0.0, (to.machineBusyS - from.machineBusyS) / u.wallS - u.processCores);
    u.stolenCores = (to.stealS - from.stealS) / u.wallS;
    for (const auto& [group, s] : to.threadGroupS) {
        const auto before = from.threadGroupS.find(group);
        const double d = s - (before == from.threadGroupS.end() ? 0 : before->second);
        if (d > 0) u.groupCores[group] = d / u.wallS;
    }
    return u;
}

QString loadAverage() {
    const QList<QByteArray> f = readAll("/proc/loadavg").split(' ');
    if (f.size() < 3) return QStringLiteral("?");
    return QString::fromLatin1(f[0] + ' ' + f[1] + ' ' + f[2]);
}

double loadAverage1() { return readAll("/proc/loadavg").split(' ').value(0).toDouble(); }

int cores() { return int(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace livebench
