#pragma once
// Where the CPU time goes while live mode runs, from Linux's /proc: the CPU time of each of
// this process's threads (by name), of the whole machine, and the load average. Plain reads,
// no privileges; on another system every figure is 0.
#include <QString>

#include <map>

namespace livebench {

struct CpuSnapshot {
    double wallS = 0;                       // monotonic clock
    double machineBusyS = 0;                // all cores, every process (/proc/stat)
    double stealS = 0;                      // taken by the hypervisor for other machines
    double processS = 0;                    // this process, every thread
    std::map<QString, double> threadGroupS; // CPU seconds by thread group (see groupOf)
};

// Thread groups: "gui" (the main thread), "video" (the decoding thread), "inference" (the
// worker and the OpenMP threads it started, which inherit its name), and any other thread by
// its name.
CpuSnapshot cpuSnapshot();

struct CpuUse {
    double wallS = 0;
    double processCores = 0;  // average cores this process used
    double othersCores = 0;   // average cores every other process used
    double stolenCores = 0;   // average cores the hypervisor gave other machines (steal)
    std::map<QString, double> groupCores;
};
CpuUse cpuUse(const CpuSnapshot& from, const CpuSnapshot& to);

QString loadAverage();  // "/proc/loadavg"'s three figures, e.g. "1.20 0.98 0.75"
double loadAverage1();  // the first of them
int cores();

}  // namespace livebench
