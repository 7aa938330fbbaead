// Linked into the GUI (and the UI latency benchmark, which measures it): LibTorch's OpenMP
// threads wait passively (sleep) between parallel regions unless OMP_WAIT_POLICY says otherwise.
//
// Why: libgomp's default spins after each region. When other programs keep the cores busy, a
// spinning thread burns the time slice its partner needs, and loading a model (hundreds of
// short parallel steps with serial work between them) waited for descheduled threads at each
// step: densenet264 took 2.8-8.1 s from load to first forward at load average 4-5 on the
// 2-core VM, 0.6-1.5 s passive (README, Speed). The price on a quiet machine is a slower
// forward pass, which a person does not see in the window; the CLI and densescope-bench keep
// the default.
//
// libgomp reads the variable once, in its constructor, and the C library resets the
// environment after an executable's .preinit_array has run, so setenv() cannot reach it.
// Instead the program restarts itself once with the variable added, from .preinit_array: the
// libraries are mapped but none of their constructors (LibTorch's operator registration) has
// run yet, which keeps the restart cheap.
#include <unistd.h>

#include <cstring>

namespace {

constexpr const char* kPolicy = "OMP_WAIT_POLICY=PASSIVE";
constexpr int kMaxVariables = 4096;  // a larger environment is left as it is
char* g_env[kMaxVariables + 2];

bool hasVariable(char** env, const char* name) {
    const size_t n = std::strlen(name);
    for (char** e = env; *e; ++e)
        if (std::strncmp(*e, name, n) == 0 && (*e)[n] == '=') return true;
    return false;
}

// Runs before any shared library's constructor (and before main()).
void preferPassiveOpenMp(int, char** argv, char** env) {
    if (!env || hasVariable(env, "OMP_WAIT_POLICY") ||
        hasVariable(env, "DENSESCOPE_SPINNING_OPENMP"))
        return;
    int count = 0;
    while (env[count]) {
        if (count == kMaxVariables) return;
        g_env[count] = env[count];
        ++count;
    }
    g_env[count] = const_cast<char*>(kPolicy);
    g_env[count + 1] = nullptr;
    execve("/proc/self/exe", argv, g_env);
    // Only reached when the restart failed: go on with libgomp's default.
}

}  // namespace

using PreinitFunction = void (*)(int, char**, char**);
__attribute__((section(".preinit_array"), used)) static PreinitFunction kPassiveOpenMp =
    preferPassiveOpenMp;
