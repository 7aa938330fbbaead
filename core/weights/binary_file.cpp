#include "binary_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "densescope/errors.h"

namespace ds {

std::string fileTypeName(unsigned mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISREG(mode)) return "a regular file";
    return "not a regular file";
}

MemoryReader::MemoryReader(const char* data, uint64_t size, std::string source)
    : m_data(data), m_size(size), m_source(std::move(source)) {}

void MemoryReader::read(void* dst, uint64_t n) {
    if (n > remaining())
        throw WeightsError(m_source + " is truncated: " + std::to_string(n) +
                               " bytes needed at offset " + std::to_string(m_pos) + ", only " +
                               std::to_string(remaining()) +
                               " left. The file is damaged: download or save it again.",
                           ErrorKind::WeightsTruncated,
                           {{"file", m_source},
                            {"needed", std::to_string(n)},
                            {"offset", std::to_string(m_pos)},
                            {"size", std::to_string(m_pos + remaining())}});
    if (n) std::memcpy(dst, m_data + m_pos, n);
    m_pos += n;
}

RegularFile openRegularFile(const std::string& path) {
    RegularFile out;
    // Open first, then take the type and size from the open descriptor: a stat() of the path
    // before opening can describe a different file when it is replaced in between (a training
    // script saving latest.pth every epoch).
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        out.error = errno;
        return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        out.error = errno;
        ::close(fd);
        return out;
    }
    out.mode = st.st_mode;
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return out;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    out.fd = fd;
    out.size = uint64_t(st.st_size);
    return out;
}

BinaryFile::BinaryFile(const std::string& path) : m_path(path) {
    const RegularFile file = openRegularFile(path);
    if (!file.ok() && file.error)
        throw WeightsError(
            "Cannot open weights file '" + path + "': " + std::strerror(file.error) +
                ". Check the path.",
            file.error == ENOENT ? ErrorKind::FileNotFound : ErrorKind::FileUnreadable,
            {{"file", path}, {"reason", std::strerror(file.error)}});
    if (!file.ok())
        throw WeightsError(quoted() + " is " + fileTypeName(file.mode) +
                               ", not a regular file: weights are read with random access, so "
                               "save them to a file first and give the path of that .pth or "
                               ".safetensors file.",
                           ErrorKind::NotRegularFile,
                           {{"file", path}, {"type", fileTypeName(file.mode)}});
    m_file = ::fdopen(file.fd, "rb");
    if (!m_file) {
        const int err = errno;
        ::close(file.fd);
        throw WeightsError("Cannot open weights file '" + path + "': " + std::strerror(err) + ".",
                           ErrorKind::FileUnreadable,
                           {{"file", path}, {"reason", std::strerror(err)}});
    }
    m_size = file.size;
}

BinaryFile::~BinaryFile() {
    if (m_file) std::fclose(m_file);
}

void BinaryFile::truncated(uint64_t offset, uint64_t needed, const std::string& what) const {
    throw WeightsError(quoted() + " is truncated or corrupt: " + what + " needs " +
                           std::to_string(needed) + " bytes at offset " + std::to_string(offset) +
                           " but the file has only " + std::to_string(m_size) +
                           " bytes. Download or save the file again.",
                       ErrorKind::WeightsTruncated,
                       {{"file", m_path},
                        {"needed", std::to_string(needed)},
                        {"offset", std::to_string(offset)},
                        {"size", std::to_string(m_size)}});
}

void BinaryFile::seek(uint64_t offset) {
    if (offset > m_size) truncated(offset, 0, "a seek");
    if (fseeko(m_file, off_t(offset), SEEK_SET) != 0)
        throw WeightsError("Cannot seek in " + quoted() + ": " + std::strerror(errno) + ".");
    m_pos = offset;
}

void BinaryFile::readFor(void* dst, uint64_t n, const std::string& what) {
    if (n > remaining()) truncated(m_pos, n, what);
    if (n) {
        const size_t got = std::fread(dst, 1, size_t(n), m_file);
        if (got != n) {
            // errno is only meaningful when the stream reports an error; at end of file it is
            // whatever an earlier call left there.
            if (std::ferror(m_file))
                throw WeightsError("Reading " + quoted() + " failed at offset " +
                                   std::to_string(m_pos + got) + ": " + std::strerror(errno) + ".");
            throw WeightsError(quoted() + " ended early: " + what + " needs " + std::to_string(n) +
                               " bytes at offset " + std::to_string(m_pos) + " but only " +
                               std::to_string(got) + " could be read, although the file had " +
                               std::to_string(m_size) +
                               " bytes when it was opened. It was shortened while being read "
                               "(is it being saved right now?): wait until it is written, then "
                               "load it again.");
        }
    }
    m_pos += n;
}

void BinaryFile::readAt(uint64_t offset, void* dst, uint64_t n, const std::string& what) {
    if (offset > m_size || n > m_size - offset) truncated(offset, n, what);
    seek(offset);
    readFor(dst, n, what);
}

}  // namespace ds
