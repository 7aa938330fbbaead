#pragma once
// A minimal zip central-directory reader for torch.save archives: lists entries (zip64
// included), finds where each stored entry's bytes start and checks their CRC-32. Compressed
// entries are listed but refused when read: torch.save writes every entry stored. No LibTorch, no
// Qt.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary_file.h"

namespace ds {

struct ZipEntry {
    std::string name;
    uint16_t method = 0;  // 0 stored, 8 deflate, ...
    uint32_t crc32 = 0;   // of the uncompressed data, from the central directory
    uint64_t compressedSize = 0;
    uint64_t size = 0;
    uint64_t localHeaderOffset = 0;
};

class ZipReader {
public:
    // Reads the central directory. Throws WeightsError (truncated file, bad records).
    explicit ZipReader(BinaryFile& file);
    const std::vector<ZipEntry>& entries() const { return m_entries; }
    const ZipEntry* find(const std::string& name) const;
    // File offset of the entry's data, checked to lie inside the file. Throws WeightsError
    // for compressed entries (saying so) and for entries whose data leaves the file.
    uint64_t dataOffset(const ZipEntry& e) const;

    // Checks the CRC-32 of an entry's data (all e.size bytes, as read). Throws WeightsError
    // naming the entry and the checksum when it differs: the file is damaged, or it changed
    // while it was read (a training script rewriting it), so the bytes are not what was saved.
    void verify(const ZipEntry& e, const void* data, uint64_t n) const;

    static constexpr uint64_t kMaxEntries = 1 << 20;

private:
    void readEndRecords();
    void readCentralDirectory();

    BinaryFile& m_file;
    uint64_t m_cdOffset = 0;
    uint64_t m_cdSize = 0;
    uint64_t m_count = 0;
    std::vector<ZipEntry> m_entries;
    // name -> index of its first entry: find() in constant time, so a hostile archive with
    // many entries and many storages costs linear, not quadratic, time to refuse.
    std::unordered_map<std::string, size_t> m_index;
};

}  // namespace ds
