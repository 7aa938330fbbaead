#include "zip_reader.h"

#include <algorithm>
#include <cstring>

#include "crc32.h"
#include "densescope/errors.h"

namespace ds {

namespace {
constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50,
                   kEnd64Sig = 0x06064b50, kLocator64Sig = 0x07064b50;
}

ZipReader::ZipReader(BinaryFile& file) : m_file(file) {
    readEndRecords();
    readCentralDirectory();
}

void ZipReader::readEndRecords() {
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const uint64_t size = m_file.size();
    const uint64_t tail = std::min<uint64_t>(size, 22 + 65535);
    std::vector<unsigned char> buf(tail);
    m_file.readAt(size - tail, buf.data(), tail, "the zip directory");
    int64_t at = -1;
    for (int64_t i = int64_t(tail) - 22; i >= 0; --i)
        if (loadLE(&buf[size_t(i)], 4) == kEndSig) {
            at = i;
            break;
        }
    if (at < 0)
        throw WeightsError(m_file.quoted() +
                           " is not a complete zip archive: its end-of-central-directory record is "
                           "missing, so the file is truncated. Download or save it again.");
    const unsigned char* e = &buf[size_t(at)];
    m_count = loadLE(e + 10, 2);
    m_cdSize = loadLE(e + 12, 4);
    m_cdOffset = loadLE(e + 16, 4);
    // torch (miniz) writes zip64 records even for small archives; prefer them when present.
    if (at >= 20 && loadLE(e - 20, 4) == kLocator64Sig) {
        const uint64_t rec = loadLE(e - 20 + 8, 8);
        unsigned char r[56];
        m_file.readAt(rec, r, sizeof r, "the zip64 directory record");
        if (loadLE(r, 4) != kEnd64Sig)
            throw WeightsError(m_file.quoted() +
                               " has a damaged zip64 directory record: the file is corrupt.");
        m_count = loadLE(r + 32, 8);
        m_cdSize = loadLE(r + 40, 8);
        m_cdOffset = loadLE(r + 48, 8);
    }
    if (m_cdOffset > size || m_cdSize > size - m_cdOffset)
        throw WeightsError(m_file.quoted() +
                           " has a zip directory that lies outside the file (offset " +
                           std::to_string(m_cdOffset) + ", " + std::to_string(m_cdSize) +
                           " bytes): the file is truncated or corrupt.");
    if (m_count > kMaxEntries || m_count * 46 > m_cdSize)
        throw WeightsError(m_file.quoted() + " claims " + std::to_string(m_count) +
                           " zip entries, more than its directory can hold: the file is corrupt.");
}

void ZipReader::readCentralDirectory() {
    std::vector<unsigned char> cd(m_cdSize);
    m_file.readAt(m_cdOffset, cd.data(), m_cdSize, "the zip directory");
    size_t pos = 0;
    auto bad = [&](const std::string& what) {
        throw WeightsError(m_file.quoted() + " has a damaged zip directory (" + what +
                           "): the file is corrupt.");
    };
    m_entries.reserve(size_t(m_count));
    for (uint64_t i = 0; i < m_count; ++i) {
        if (cd.size() - pos < 46 || loadLE(&cd[pos], 4) != kCentralSig)
            bad("entry " + std::to_string(i));
        const unsigned char* h = &cd[pos];
        ZipEntry e;
        e.method = uint16_t(loadLE(h + 10, 2));
        e.crc32 = uint32_t(loadLE(h + 16, 4));
        e.compressedSize = loadLE(h + 20, 4);
        e.size = loadLE(h + 24, 4);
        const size_t nameLen = loadLE(h + 28, 2), extraLen = loadLE(h + 30, 2),
                     commentLen = loadLE(h + 32, 2);
        e.localHeaderOffset = loadLE(h + 42, 4);
        if (cd.size() - pos - 46 < nameLen + extraLen + commentLen)
            bad("entry " + std::to_string(i) + " overruns");
        e.name.assign(reinterpret_cast<const char*>(h + 46), nameLen);
        // Zip64 extra field: the 64-bit values of the fields that are saturated, in order.
        const unsigned char* x = h + 46 + nameLen;
        for (size_t off = 0; off + 4 <= extraLen;) {
            const uint64_t id = loadLE(x + off, 2), len = loadLE(x + off + 2, 2);
            if (off + 4 + len > extraLen) bad("extra field of '" + e.name + "'");
            if (id == 1) {
                size_t p = off + 4;
                auto next = [&](uint64_t& field) {
                    if (field != 0xFFFFFFFFu) return;
                    if (p + 8 > off + 4 + len) bad("zip64 field of '" + e.name + "'");
                    field = loadLE(x + p, 8);
                    p += 8;
                };
                next(e.size);
                next(e.compressedSize);
                next(e.localHeaderOffset);
            }
            off += 4 + len;
        }
        pos += 46 + nameLen + extraLen + commentLen;
        m_index.emplace(e.name, m_entries.size());  // keeps the first of duplicate names
        m_entries.push_back(std::move(e));
    }
}

const ZipEntry* ZipReader::find(const std::string& name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

uint64_t ZipReader::dataOffset(const ZipEntry& e) const {
    if (e.method != 0)
        throw WeightsError(
            m_file.quoted() + ": zip entry '" + e.name + "' is compressed (method " +
            std::to_string(e.method) + (e.method == 8 ? ", deflate" : "") +
            "); torch.save stores entries uncompressed and DenseScope reads only those. "
            "Re-save the weights with torch.save (do not re-zip the file).");
    unsigned char h[30];
    m_file.readAt(e.localHeaderOffset, h, sizeof h, "the local header of '" + e.name + "'");
    if (loadLE(h, 4) != kLocalSig)
        throw WeightsError(m_file.quoted() + ": zip entry '" + e.name +
                           "' has a damaged local header: the file is corrupt.");
    const uint64_t start = e.localHeaderOffset + 30 + loadLE(h + 26, 2) + loadLE(h + 28, 2);
    if (e.size != e.compressedSize || start > m_file.size() || e.size > m_file.size() - start)
        m_file.truncated(start, e.size, "zip entry '" + e.name + "'");
    return start;
}

void ZipReader::verify(const ZipEntry& e, const void* data, uint64_t n) const {
    static const char* kHex = "0123456789abcdef";
    auto hex = [](uint32_t v) {
        std::string s = "0x";
        for (int i = 28; i >= 0; i -= 4) s += kHex[(v >> i) & 15];
        return s;
    };
    const uint32_t actual = n == e.size ? crc32(0, data, size_t(n)) : ~e.crc32;
    if (actual != e.crc32)
        throw WeightsError(
            m_file.quoted() + ": zip entry '" + e.name + "' fails its CRC-32 checksum (stored " +
            hex(e.crc32) + ", read " + hex(actual) +
            "): its bytes are not the ones that were saved. Either the file is damaged "
            "(download or save it again), or it was being rewritten while DenseScope read it "
            "(a training script saving it every epoch): load it again once it is written.");
}

}  // namespace ds
