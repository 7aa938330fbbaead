#include "crc32.h"

#include <array>

#if DENSESCOPE_HAVE_ZLIB
#include <zlib.h>
#endif

namespace ds {
namespace {

using Tables = std::array<std::array<uint32_t, 256>, 8>;

// t[0] is the classic byte-at-a-time table; t[k][b] is the CRC of byte b followed by k zero
// bytes, so eight table lookups advance the CRC by eight bytes.
Tables makeTables() {
    Tables t{};
    for (uint32_t b = 0; b < 256; ++b) {
        uint32_t c = b;
        for (int i = 0; i < 8; ++i) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        t[0][b] = c;
    }
    for (uint32_t b = 0; b < 256; ++b)
        for (size_t k = 1; k < 8; ++k) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xFF];
    return t;
}

const Tables& tables() {
    static const Tables t = makeTables();
    return t;
}

}  // namespace

uint32_t crc32(uint32_t crc, const void* data, size_t n) {
#if DENSESCOPE_HAVE_ZLIB
    // zlib's braided CRC: ~3x the table loop below (measured: 17 vs 54 ms for 32 MiB).
    return uint32_t(::crc32_z(crc, static_cast<const Bytef*>(data), n));
#else
    return crc32Tables(crc, data, n);
#endif
}

uint32_t crc32Tables(uint32_t crc, const void* data, size_t n) {
    const Tables& t = tables();
    const auto* p = static_cast<const unsigned char*>(data);
    uint32_t c = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        // Little-endian loads spelled out (compilers make them one load on x86-64/aarch64).
        uint32_t lo =
            uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
        const uint32_t hi =
            uint32_t(p[4]) | uint32_t(p[5]) << 8 | uint32_t(p[6]) << 16 | uint32_t(p[7]) << 24;
        lo ^= c;
        c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
            t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
    }
    while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xFF];
    return ~c;
}

}  // namespace ds
