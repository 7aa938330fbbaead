#pragma once
// How much memory a piece of code made the process use at its peak, from /proc/self/status:
// VmHWM (the peak resident set) after resetting it through /proc/self/clear_refs, minus the
// resident set before. For tests that a hostile file costs no more than a bound.
#include <QFile>
#include <QString>

namespace memprobe {

// Kilobytes of a /proc/self/status field ("VmRSS", "VmHWM"); -1 when it cannot be read.
inline qint64 statusKb(const char* field) {
    QFile f("/proc/self/status");
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ')[0].toLongLong();
    return -1;
}

class PeakGrowth {
public:
    PeakGrowth() {
        // "5" resets VmHWM to the current resident set (Linux 4.0 and later).
        QFile refs("/proc/self/clear_refs");
        m_peakReset = refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
        refs.close();
        m_before = statusKb("VmRSS");
    }
    // Megabytes the peak rose above the resident set at construction (the resident set's
    // growth where the peak could not be reset).
    qint64 mb() const {
        const qint64 now = statusKb(m_peakReset ? "VmHWM" : "VmRSS");
        return (now - m_before) / 1024;
    }

private:
    bool m_peakReset = false;
    qint64 m_before = 0;
};

}  // namespace memprobe
