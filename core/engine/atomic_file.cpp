#include "densescope/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "binary_file.h"  // fileTypeName: the words weight loading uses for special files

namespace ds {
namespace {

std::string inQuotes(const std::string& path) { return "'" + path + "'"; }

std::string folderOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// What to do about a failed write, by errno.
std::string advice(int error, const std::string& folder) {
    switch (error) {
        case ENOSPC:
            return "the disk is full (no space left on the file system holding " +
                   inQuotes(folder) + "). Free some space there, or write to another folder.";
        case EDQUOT:
            return "your disk quota on the file system holding " + inQuotes(folder) +
                   " is used up. Free some space there, or write to another folder.";
        case EROFS:
            return "the file system holding " + inQuotes(folder) +
                   " is read-only. Write to another folder.";
        case EACCES:
        case EPERM:
            return "permission denied in " + inQuotes(folder) +
                   ". Choose a folder you can write to.";
        case ENOENT:
        case ENOTDIR:
            return "the folder " + inQuotes(folder) +
                   " does not exist. Create it, or choose another.";
        case EFBIG:
            return "the file is too large for the file system holding " + inQuotes(folder) +
                   ". Write to another folder.";
        default:
            return std::string(std::strerror(error)) + ". Check the folder " + inQuotes(folder) +
                   " and its free space.";
    }
}

// A name beside the target that no other writer picks: pid, a counter, the clock.
std::string temporaryName(const std::string& target, int attempt) {
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string name = target.substr(target.find_last_of('/') + 1);
    return folderOf(target) + "/." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++) + "-" + std::to_string((ticks + attempt) & 0xffffff);
}

}  // namespace

void checkOutputTarget(const std::string& path) {
    if (path.empty()) throw OutputError("No output file name was given: give one.");
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            throw OutputError(inQuotes(path) + " is " + fileTypeName(st.st_mode) +
                              ", not a regular file: DenseScope writes a new file there and would "
                              "destroy it. Give the name of a new file, or of a file to replace.");
        return;
    }
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
        throw OutputError(inQuotes(path) +
                          " is a symbolic link to something that is not there (or that cannot be "
                          "reached): remove the link, or give another file name.");
}

AtomicFile::AtomicFile(const std::string& path) : m_path(path), m_given(path) {
    checkOutputTarget(path);
    struct stat st {};
    mode_t mode = 0666;  // a new file: what the umask allows, as any other program's output
    bool exists = false;
    if (::stat(path.c_str(), &st) == 0) {
        exists = true;
        mode = st.st_mode & 07777;
        struct stat lst {};
        if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
            // Replace the link's target, not the link.
            char resolved[PATH_MAX];
            if (::realpath(path.c_str(), resolved)) m_path = resolved;
        }
    }
    for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
        m_temp = temporaryName(m_path, attempt);
        m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (m_fd < 0 && errno != EEXIST) break;
    }
    if (m_fd < 0) {
        const int error = errno;
        m_temp.clear();
        throw OutputError("Cannot write " + inQuotes(m_given) + ": " +
                          advice(error, folderOf(m_path)));
    }
    // open() applies the umask; an existing file keeps exactly its permissions.
    if (exists) (void)::fchmod(m_fd, mode);
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_temp.empty()) ::unlink(m_temp.c_str());
    m_temp.clear();
}

void AtomicFile::fail(const std::string& step, int error) {
    discard();
    throw OutputError(step + " " + inQuotes(m_given) + " failed after " +
                      std::to_string(m_written) + " bytes: " + advice(error, folderOf(m_path)) +
                      " " + "Nothing was changed at " + inQuotes(m_given) + ".");
}

void AtomicFile::write(const void* data, size_t n) {
    if (m_fd < 0) throw OutputError("Writing " + inQuotes(m_given) + " after it was finished.");
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(m_fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) fail("Writing", w < 0 ? errno : ENOSPC);
        p += w;
        n -= size_t(w);
        m_written += size_t(w);
    }
}

void AtomicFile::commit() {
    if (m_fd < 0) throw OutputError("Writing " + inQuotes(m_given) + " after it was finished.");
    // fsync before the rename: after a crash the name holds the old file or the whole new one.
    if (::fsync(m_fd) != 0) fail("Writing", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail("Writing", errno);
    // The target may have become a special file since the constructor looked.
    try {
        checkOutputTarget(m_path);
    } catch (const OutputError&) {
        discard();
        throw;
    }
    if (::rename(m_temp.c_str(), m_path.c_str()) != 0) fail("Replacing", errno);
    m_temp.clear();
    // The rename itself reaches the disk with the folder's entry.
    const int dir = ::open(folderOf(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
}

void writeFileAtomically(const std::string& path, const void* data, size_t n) {
    AtomicFile file(path);
    file.write(data, n);
    file.commit();
}

}  // namespace ds
