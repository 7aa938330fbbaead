#pragma once
// The one rule for opening a file that DenseScope reads whole (weights, labels, heads, the
// download cache, the top-images scan cache): never wait on a pipe, never read a device or a
// folder, and take the type and size from the open descriptor. No LibTorch, no Qt.
#include <cstdint>
#include <string>

namespace ds {

// "a folder", "a pipe (FIFO)", "a character device", ... for a stat() st_mode, for messages.
std::string fileTypeName(unsigned mode);

// The rule for every file DenseScope reads whole (weights, labels): open read-only without
// waiting on a pipe that has no writer (O_NONBLOCK while opening), then take the type and size
// from the open descriptor, so a path replaced in between cannot fool the check. ok(): `fd` is
// a regular file, blocking again, owned by the caller. Otherwise fd is -1 and either `error`
// is open()'s errno, or (error 0) `mode` says what the path is instead (fileTypeName(mode)).
struct RegularFile {
    int fd = -1;
    int error = 0;
    unsigned mode = 0;
    uint64_t size = 0;
    bool ok() const { return fd >= 0; }
};
RegularFile openRegularFile(const std::string& path);

}  // namespace ds
