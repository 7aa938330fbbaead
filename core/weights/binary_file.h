#pragma once
// Bounded reading of a weights file: every read is checked against the file's size first, so
// a length field that lies fails with a "truncated" message instead of allocating or reading
// past the end. No LibTorch, no Qt.
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "densescope/regular_file.h"

namespace ds {

// A source of bytes whose remaining length is known, so lengths read from the data can be
// checked before allocating. read() throws WeightsError ("... is truncated ...") when fewer
// than n bytes remain.
class ByteReader {
public:
    virtual ~ByteReader() = default;
    virtual void read(void* dst, uint64_t n) = 0;
    virtual uint64_t remaining() const = 0;
    virtual uint64_t position() const = 0;  // for messages
};

// Reads from memory the caller owns (must outlive the reader).
class MemoryReader : public ByteReader {
public:
    MemoryReader(const char* data, uint64_t size, std::string source);
    void read(void* dst, uint64_t n) override;
    uint64_t remaining() const override { return m_size - m_pos; }
    uint64_t position() const override { return m_pos; }

private:
    const char* m_data;
    uint64_t m_size;
    uint64_t m_pos = 0;
    std::string m_source;
};

// fileTypeName and openRegularFile: densescope/regular_file.h.

class BinaryFile : public ByteReader {
public:
    // Throws WeightsError when the file cannot be opened or is not a regular file (a pipe,
    // device or folder: the message says which). The size is taken from the open descriptor.
    explicit BinaryFile(const std::string& path);
    ~BinaryFile() override;
    BinaryFile(const BinaryFile&) = delete;
    BinaryFile& operator=(const BinaryFile&) = delete;

    const std::string& path() const { return m_path; }
    // "'<path>'", for messages.
    std::string quoted() const { return "'" + m_path + "'"; }
    uint64_t size() const { return m_size; }
    uint64_t position() const override { return m_pos; }
    uint64_t remaining() const override { return m_size - m_pos; }
    // Throws WeightsError ("... is truncated ...") when offset > size().
    void seek(uint64_t offset);
    // Reads exactly n bytes at the current position; throws WeightsError naming `what` when
    // the file ends first (also when it was shortened after it was opened: "ended early").
    void read(void* dst, uint64_t n) override { readFor(dst, n, "data"); }
    void readFor(void* dst, uint64_t n, const std::string& what);
    // Reads n bytes at `offset` (bounded by the file size).
    void readAt(uint64_t offset, void* dst, uint64_t n, const std::string& what);
    [[noreturn]] void truncated(uint64_t offset, uint64_t needed, const std::string& what) const;

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
    uint64_t m_size = 0;
    uint64_t m_pos = 0;
};

inline uint64_t loadLE(const unsigned char* p, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

}  // namespace ds
