#pragma once
// Minimal NumPy .npy (format 1.0/2.0) reading and writing for float32, uint8 and int64
// little-endian C-order arrays: enough for feature-map export and test fixtures.
#include <cstdint>
#include <string>
#include <vector>

namespace ds {

struct NpyArray {
    std::string dtype;  // "<f4", "|u1", "<i8"
    std::vector<int64_t> shape;
    std::vector<char> data;  // raw little-endian bytes
    int64_t numel() const;
    const float* f32() const { return reinterpret_cast<const float*>(data.data()); }
};

// Throw ds::Error (a std::runtime_error) with the path and reason on I/O or format errors.
// writeNpy writes atomically (densescope/atomic_file.h: OutputError, the old file kept on
// failure, special files refused); readNpy checks every header field and that the file holds the data before allocating.
void writeNpy(const std::string& path, const float* data, const std::vector<int64_t>& shape);
NpyArray readNpy(const std::string& path);

}  // namespace ds
