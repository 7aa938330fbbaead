#include "densescope/process.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include <dlfcn.h>
#include <sched.h>
#include <torch/torch.h>

#include "cpu_densenet.h"

namespace ds {
namespace {

std::mutex g_mutex;
ProcessSettings g_settings;

using SetThreads = void (*)(int);

// OpenBLAS's switch, looked up at run time: other BLAS libraries have no such switch and need
// none, and core does not link OpenBLAS (LibTorch does).
SetThreads openBlasSetThreads() {
    return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}

}  // namespace

int availableCores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

ProcessSettings configureProcess(const ProcessOptions& options) {
    std::lock_guard<std::mutex> lock(g_mutex);
    ProcessSettings s;
    s.cores = availableCores();
    s.threads = options.threads > 0 ? std::min(options.threads, s.cores) : s.cores;
    if (options.threads > s.cores)
        s.notes.push_back("note: " + std::to_string(options.threads) +
                          " threads were asked for, but this machine has " +
                          std::to_string(s.cores) + (s.cores == 1 ? " core" : " cores") +
                          " for DenseScope; using " + std::to_string(s.cores) +
                          " (more threads than cores slow inference down).");
    torch::set_num_threads(s.threads);
    if (const SetThreads setBlas = openBlasSetThreads()) {
        setBlas(1);
        s.blasSingleThreaded = true;
        // An OpenMP build of OpenBLAS sets OpenMP's thread count for the calling thread, which
        // is LibTorch's too: put LibTorch's back.
        const int after = torch::get_num_threads();
        if (after != s.threads) {
            torch::set_num_threads(s.threads);
            s.notes.push_back("note: OpenBLAS changed LibTorch's threads from " +
                              std::to_string(s.threads) + " to " + std::to_string(after) +
                              " when told to run single-threaded; set back to " +
                              std::to_string(torch::get_num_threads()) + ".");
        }
    }
    s.threads = torch::get_num_threads();
    if (options.inferenceAllocator || g_settings.inferenceAllocator) {
        keepFreedMemory();
        s.inferenceAllocator = true;
    }
    g_settings = s;
    return s;
}

ProcessSettings processSettings() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_settings;
}

}  // namespace ds
