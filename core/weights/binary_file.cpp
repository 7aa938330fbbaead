#include "binary_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "densescope/errors.h"

namespace ds {

MemoryReader::MemoryReader(const char* data, uint64_t size, std::string source)
    : m_data(data), m_size(size), m_source(std::move(source)) {}

void MemoryReader::read(void* dst, uint64_t n) {
    if (n > remaining())
        throw WeightsError(m_source + " is truncated: " + std::to_string(n) +
                           " bytes needed at offset " + std::to_string(m_pos) + ", only " +
                           std::to_string(remaining()) +
                           " left. The file is damaged: download or save it again.");
    if (n) std::memcpy(dst, m_data + m_pos, n);
    m_pos += n;
}

BinaryFile::BinaryFile(const std::string& path) : m_path(path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw WeightsError("Cannot open weights file '" + path + "': " + std::strerror(errno) +
                           ". Check the path.");
    if (!S_ISREG(st.st_mode))
        throw WeightsError(
            "'" + path + "' is not a regular file: give the path of a .pth or .safetensors file.");
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file)
        throw WeightsError("Cannot open weights file '" + path + "': " + std::strerror(errno) +
                           ".");
    m_size = uint64_t(st.st_size);
}

BinaryFile::~BinaryFile() {
    if (m_file) std::fclose(m_file);
}

void BinaryFile::truncated(uint64_t offset, uint64_t needed, const std::string& what) const {
    throw WeightsError(quoted() + " is truncated or corrupt: " + what + " needs " +
                       std::to_string(needed) + " bytes at offset " + std::to_string(offset) +
                       " but the file has only " + std::to_string(m_size) +
                       " bytes. Download or save the file again.");
}

void BinaryFile::seek(uint64_t offset) {
    if (offset > m_size) truncated(offset, 0, "a seek");
    if (fseeko(m_file, off_t(offset), SEEK_SET) != 0)
        throw WeightsError("Cannot seek in " + quoted() + ": " + std::strerror(errno) + ".");
    m_pos = offset;
}

void BinaryFile::readFor(void* dst, uint64_t n, const std::string& what) {
    if (n > remaining()) truncated(m_pos, n, what);
    if (n && std::fread(dst, 1, size_t(n), m_file) != n)
        throw WeightsError("Reading " + quoted() + " failed at offset " + std::to_string(m_pos) +
                           ": " + std::strerror(errno) + ".");
    m_pos += n;
}

void BinaryFile::readAt(uint64_t offset, void* dst, uint64_t n, const std::string& what) {
    if (offset > m_size || n > m_size - offset) truncated(offset, n, what);
    seek(offset);
    readFor(dst, n, what);
}

}  // namespace ds
