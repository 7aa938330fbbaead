// Linked into every test program (tests/CMakeLists.txt, ds_add_test): the process settings
// that densescope, densescope-cli and densescope-bench make in main(), made here before the
// test's main() (a test program's main() is Qt Test's). See test_process.h.
#include <cstdlib>

#include "test_process.h"

namespace {

const bool kConfigured = [] {
    const char* omp = std::getenv("OMP_NUM_THREADS");
    ds::ProcessOptions options;
    options.threads = omp ? std::atoi(omp) : 0;  // 0 (or not a number): every core
    ds::configureProcess(options);
    return true;
}();

}  // namespace
