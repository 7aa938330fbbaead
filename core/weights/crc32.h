#pragma once
// CRC-32 (ISO-HDLC, the zip and PNG checksum, polynomial 0xEDB88320 reflected). zlib's
// crc32_z when CMake found zlib (Debian: zlib1g-dev, which LibTorch depends on anyway), else a
// table-driven slicing-by-8 loop: a machine with only a pip CUDA PyTorch may lack zlib's
// headers. Measured on the 2-core CI machine, 32 MiB (densenet121's weights): zlib 17 ms,
// the table loop 54 ms. No LibTorch, no Qt.
#include <cstddef>
#include <cstdint>

namespace ds {

// Continues a CRC over n more bytes: crc32(crc32(0, a, n), b, m) == crc32 of a followed by b.
// Start with 0. crc32(0, "123456789", 9) == 0xCBF43926.
uint32_t crc32(uint32_t crc, const void* data, size_t n);
// The table loop alone (what crc32 runs without zlib), for tests.
uint32_t crc32Tables(uint32_t crc, const void* data, size_t n);

}  // namespace ds
