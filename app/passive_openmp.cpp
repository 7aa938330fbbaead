// Linked into the GUI (and the UI latency benchmark, which measures it): LibTorch's OpenMP
// threads wait passively (sleep) between parallel regions unless OMP_WAIT_POLICY says otherwise.
//
// Why: libgomp's default spins after each region. When other programs keep the cores busy, a
// spinning thread burns the time slice its partner needs, and loading a model (hundreds of
// short parallel steps with serial work between them) waited for descheduled threads at each
// step. Measured on the 2-core VM at load average 8 (README, Speed): densenet264 from request
// to ready 3.6-15.8 s spinning, 1.0-3.1 s passive; densescope-bench's densenet121 forward
// median 122-1024 ms spinning, 30-59 ms passive. The price on a quiet machine is a slower
// forward pass (fastest passes 24-27 ms instead of 15-19 ms for densenet121), which a person
// does not see; the CLI and densescope-bench keep libgomp's default.
#include "passive_openmp.h"

#include <unistd.h>

#include <cstdlib>

void preferPassiveOpenMp(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("DENSESCOPE_SPINNING_OPENMP")) return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/1);
    execv("/proc/self/exe", argv);
    // Only reached when the restart failed: go on with libgomp's default.
}
