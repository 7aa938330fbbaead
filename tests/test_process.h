#pragma once
// The test programs' process settings, made as the programs' main()s make them
// (ds::configureProcess): test_process.cpp applies the defaults to every test program before
// its tests run, with OMP_NUM_THREADS's threads (CTest sets 2); a test that wants another
// count says so with useThreads().
#include "densescope/process.h"

namespace testprocess {

// Reconfigures this process's LibTorch threads (the allocator settings stay).
inline void useThreads(int threads) {
    ds::ProcessOptions options;
    options.threads = threads;
    ds::configureProcess(options);
}

}  // namespace testprocess
