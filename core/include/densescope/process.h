#pragma once
// Process-wide settings for a program that runs DenseScope's engine, chosen once by the
// program's main() (densescope, densescope-cli, densescope-bench, the benchmarks and tests):
// the engine and the rest of core never change them, so a program that embeds core keeps its
// own threads, BLAS and allocator settings unless it calls configureProcess().
#include <string>
#include <vector>

namespace ds {

// Cores this process may run on (its CPU affinity), at least 1.
int availableCores();

struct ProcessOptions {
    // LibTorch's intra-op threads (OpenMP): 0 = every core available (availableCores()); more
    // than that are capped, with a note (more threads than cores only wait for each other:
    // 1000 threads on 2 cores ran 40x slower).
    int threads = 0;
    // glibc's allocator for inference: keep freed activation buffers in the process between
    // forward passes (fixed mmap and trim thresholds instead of the adaptive ones; without them
    // glibc returns the buffers after each pass and the next pass faults them in again: 1.6x
    // slower forwards when classify() alternates with preprocessing), and let model loading
    // return the weight-sized blocks it frees (malloc_trim; ~35 MB resident for densenet121).
    // No effect outside glibc.
    bool inferenceAllocator = true;
};

struct ProcessSettings {
    int cores = 1;      // availableCores()
    int threads = 1;    // LibTorch's intra-op threads now
    bool blasSingleThreaded = false;  // OpenBLAS was found and told to use the calling thread
    bool inferenceAllocator = false;  // the allocator settings above are in force
    // "note: ..." lines for the person: threads capped; OpenBLAS changed LibTorch's threads.
    std::vector<std::string> notes;
};

// Applies the options to this process and returns what is in force. Safe to call again (a
// later call replaces the threads; the allocator settings, once made, stay). Call it before
// the first Engine, from the thread that starts the program's threads.
//
// What it does: sets LibTorch's intra-op threads; makes OpenBLAS (Debian's libopenblas0-pthread,
// found at run time with dlsym, no link) run in the calling thread, because LibTorch hands it
// the classifier's GEMM and the small im2col GEMMs of autograd passes inside its own OpenMP
// parallelism, and OpenBLAS's own thread pool then spins against OpenMP's threads for the same
// cores (a Grad-CAM at features.pool0 on 2 cores: median 163 ms with both pools, 72-74 ms with
// one); then checks that this did not change LibTorch's threads (OpenMP builds of OpenBLAS
// implement openblas_set_num_threads with omp_set_num_threads) and sets them back if it did.
ProcessSettings configureProcess(const ProcessOptions& options = {});

// What configureProcess() put in force last (defaults before the first call).
ProcessSettings processSettings();

}  // namespace ds
