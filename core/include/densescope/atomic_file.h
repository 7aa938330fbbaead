#pragma once
// Writing an output file so that its path never holds a half-written file: the bytes go to a
// temporary file in the same folder, every write is checked, the data is flushed to the disk
// (fsync) and only then renamed over the old name in one rename(2). On any failure the
// temporary is removed and the old file, if there was one, is left byte for byte as it was.
// Every file DenseScope writes (NPY, PNG, CSV, PDF, SVG, heads, caches) goes through here; the
// Qt side hands it the encoded bytes. No Qt, no LibTorch.
//
// Targets: a new name, or an existing regular file (its permissions are kept; a symbolic
// link to one is followed, so the link stays and its target is replaced). Anything else (a
// folder, a pipe, a device such as /dev/null, a socket, a link to nothing) is refused before
// anything is written: replacing it with a regular file would break whatever it was.
//
// Errors are OutputError, whose message names the path and says what to do (a full disk:
// which folder, and to free space or write elsewhere).
#include <cstddef>
#include <string>

#include "densescope/errors.h"

namespace ds {

class OutputError : public Error {
public:
    using Error::Error;
};

// Throws OutputError when `path` exists and is not a regular file (or a link to one), or is a
// link to nothing. Callers that do slow work before writing call it first, to fail early.
void checkOutputTarget(const std::string& path);

class AtomicFile {
public:
    // Checks the target (checkOutputTarget) and creates the temporary beside it. Throws
    // OutputError.
    explicit AtomicFile(const std::string& path);
    // Without commit(), the temporary is removed and the target left alone.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Appends n bytes; throws OutputError (the disk is full, ...).
    void write(const void* data, size_t n);
    void write(const std::string& bytes) { write(bytes.data(), bytes.size()); }
    // fsync, close, rename over the target, fsync the folder. Throws OutputError; the target
    // is then untouched and the temporary gone.
    void commit();

    const std::string& path() const { return m_path; }

private:
    [[noreturn]] void fail(const std::string& step, int error);
    void discard();

    std::string m_path;   // the name written (a symbolic link's target)
    std::string m_given;  // as given, for messages
    std::string m_temp;
    int m_fd = -1;
    size_t m_written = 0;
};

// The whole file in one go: AtomicFile, write, commit.
void writeFileAtomically(const std::string& path, const void* data, size_t n);
inline void writeFileAtomically(const std::string& path, const std::string& bytes) {
    writeFileAtomically(path, bytes.data(), bytes.size());
}

}  // namespace ds
