#pragma once
// Shared by the harnesses: each input as a file, and what counts as a refusal.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "densescope/errors.h"

namespace ds::fuzz {

// The readers take a path and stat, open and seek it as they do a real file, so each input is
// written to one in-memory file per process (memfd) and passed as /proc/self/fd/N: the same
// entry point the app and the CLI call, and nothing left on disk when a run crashes.
class InputFile {
public:
    InputFile() : m_fd(memfd_create("densescope-fuzz-input", 0)) {
        if (m_fd < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& write(const uint8_t* data, size_t size) {
        if (ftruncate(m_fd, 0) != 0 ||
            (size && pwrite(m_fd, data, size, 0) != static_cast<ssize_t>(size))) {
            std::perror("writing the fuzz input");
            std::abort();
        }
        return m_path;
    }

private:
    int m_fd;
    std::string m_path;
};

// Runs `f` on one input. A ds::Error (WeightsError, ImageError, ...) is how core refuses a bad
// file, with a message for a person: that is the expected outcome for most inputs. Any other
// exception is a finding: std::length_error or std::bad_alloc from a length the reader trusted,
// std::invalid_argument from a number it parsed unchecked, a c10::Error that was not rewrapped.
// The app and the CLI show ds::Error messages; anything else reaches them as a meaningless text
// or ends the program. So it aborts here, and libFuzzer keeps the input as a crash.
template <class F>
int run(F&& f) {
    try {
        f();
    } catch (const ds::Error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "untyped exception escaped a reader: %s: %s\n", typeid(e).name(),
                     e.what());
        std::abort();
    }
    return 0;
}

}  // namespace ds::fuzz
