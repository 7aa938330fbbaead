#pragma once
// Plain 8-bit RGB image, the one pixel format core accepts. Decoding (PNG, JPEG, ...) is
// done outside core (ui/image_io uses Qt's readers) and converted to this.
#include <cstdint>
#include <vector>

namespace ds {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 3 bytes, row-major, R G B, no padding

    bool empty() const { return width <= 0 || height <= 0; }
    bool valid() const { return !empty() && pixels.size() == size_t(width) * size_t(height) * 3; }
};

}  // namespace ds
