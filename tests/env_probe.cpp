// Preloaded (LD_PRELOAD) into densescope by tst_openmp_start: appends OMP_WAIT_POLICY's value
// as this process's libraries start ("start ...") and as it exits ("exit ...", the environment
// that programs it starts would inherit) to the file $DS_ENV_PROBE_OUT.
#include <cstdio>
#include <cstdlib>

namespace {

void record(const char* when) {
    const char* out = std::getenv("DS_ENV_PROBE_OUT");
    if (!out) return;
    if (FILE* f = std::fopen(out, "a")) {
        const char* policy = std::getenv("OMP_WAIT_POLICY");
        std::fprintf(f, "%s %s\n", when, policy ? policy : "(unset)");
        std::fclose(f);
    }
}

__attribute__((constructor)) void atStart() { record("start"); }
__attribute__((destructor)) void atExit() { record("exit"); }

}  // namespace
