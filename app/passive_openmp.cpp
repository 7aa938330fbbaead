// Linked into the GUI (and the UI latency and live benchmarks, which measure it): LibTorch's
// OpenMP threads wait passively (sleep) between parallel regions unless OMP_WAIT_POLICY says
// otherwise.
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
// run yet, which keeps the restart cheap. It does not restart where a restart would go wrong:
//   - started through the dynamic loader (`/lib64/ld-linux-x86-64.so.2 ./densescope`):
//     /proc/self/exe is the loader, which would read the program's own arguments as its own;
//   - under valgrind: /proc/self/exe is valgrind's tool, which refuses to run that way, and a
//     restart would leave valgrind's control anyway;
// and there libgomp's default stays. After libgomp has read the variable (this file's
// constructor runs after every library's), the two variables the restart added are removed
// from the environment again, so programs DenseScope starts (a browser for a link, a file
// manager) do not inherit them.
#include <sys/auxv.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace {

constexpr const char* kPolicy = "OMP_WAIT_POLICY=PASSIVE";
constexpr const char* kMarkName = "DENSESCOPE_OPENMP_RESTARTED";
constexpr const char* kMark = "DENSESCOPE_OPENMP_RESTARTED=1";
constexpr int kMaxVariables = 4096;  // a larger environment is left as it is
char* g_env[kMaxVariables + 3];

const char* variable(char** env, const char* name) {
    const size_t n = std::strlen(name);
    for (char** e = env; *e; ++e)
        if (std::strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    return nullptr;
}

// The kernel started the dynamic loader as the program, which then loaded this one: the kernel
// mapped no interpreter, so AT_BASE is 0 (the loader rewrites AT_ENTRY and AT_PHDR to this
// program's, but not AT_BASE). A normal start of this dynamically linked program has one.
bool startedThroughLoader() { return getauxval(AT_BASE) == 0; }

bool underValgrind(char** env) {
    const char* preload = variable(env, "LD_PRELOAD");
    return preload && std::strstr(preload, "vgpreload") != nullptr;
}

// Runs before any shared library's constructor (and before main()).
void preferPassiveOpenMp(int, char** argv, char** env) {
    if (!env || variable(env, "OMP_WAIT_POLICY") || variable(env, "DENSESCOPE_SPINNING_OPENMP") ||
        startedThroughLoader() || underValgrind(env))
        return;
    int count = 0;
    while (env[count]) {
        if (count == kMaxVariables) return;
        g_env[count] = env[count];
        ++count;
    }
    g_env[count] = const_cast<char*>(kPolicy);
    g_env[count + 1] = const_cast<char*>(kMark);
    g_env[count + 2] = nullptr;
    execve("/proc/self/exe", argv, g_env);
    // Only reached when the restart failed: go on with libgomp's default.
}

// Runs after every shared library's constructor (libgomp's read the variable) and before
// main(): what the restart added leaves the environment.
__attribute__((constructor)) void forgetAddedVariables() {
    if (!std::getenv(kMarkName)) return;
    unsetenv(kMarkName);
    unsetenv("OMP_WAIT_POLICY");
}

}  // namespace

using PreinitFunction = void (*)(int, char**, char**);
__attribute__((section(".preinit_array"), used)) static PreinitFunction kPassiveOpenMp =
    preferPassiveOpenMp;
