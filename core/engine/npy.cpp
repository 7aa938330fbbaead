#include "densescope/npy.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace ds {

int64_t NpyArray::numel() const {
    int64_t n = 1;
    for (auto s : shape) n *= s;
    return n;
}

void writeNpy(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
    std::string shapeText = "(";
    int64_t n = 1;
    for (auto s : shape) {
        shapeText += std::to_string(s) + ",";
        n *= s;
    }
    if (shape.size() > 1) shapeText.pop_back();
    shapeText += ")";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // Magic (6) + version (2) + length (2) + header + '\n' padded to a multiple of 64.
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw std::runtime_error("Cannot write '" + path +
                                 "': check the folder exists and is writable.");
    const uint16_t len = static_cast<uint16_t>(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    const char lenBytes[2] = {char(len & 0xff), char(len >> 8)};
    out.write(lenBytes, 2);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char*>(data), std::streamsize(n * sizeof(float)));
    if (!out) throw std::runtime_error("Writing '" + path + "' failed: is the disk full?");
}

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Cannot open '" + path + "'.");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw std::runtime_error("'" + path + "' is not a .npy file.");
    uint32_t headerLen = 0;
    unsigned char lenBytes[4] = {0, 0, 0, 0};
    const int lenSize = magic[6] == 1 ? 2 : 4;
    in.read(reinterpret_cast<char*>(lenBytes), lenSize);
    headerLen = lenBytes[0] | (lenBytes[1] << 8) | (uint32_t(lenBytes[2]) << 16) |
                (uint32_t(lenBytes[3]) << 24);
    if (!in || headerLen > 65536) throw std::runtime_error("'" + path + "' has a bad .npy header.");
    std::string header(headerLen, '\0');
    in.read(header.data(), headerLen);
    NpyArray a;
    auto field = [&](const std::string& key) {
        auto p = header.find("'" + key + "'");
        if (p == std::string::npos)
            throw std::runtime_error("'" + path + "': .npy header lacks " + key);
        return header.substr(header.find(':', p) + 1);
    };
    std::string descr = field("descr");
    a.dtype = descr.substr(descr.find('\'') + 1, 3);
    if (field("fortran_order").find("True") < field("fortran_order").find(','))
        throw std::runtime_error("'" + path + "': Fortran-order arrays are not supported.");
    std::string shape = field("shape");
    shape = shape.substr(shape.find('(') + 1, shape.find(')') - shape.find('(') - 1);
    size_t pos = 0;
    while (pos < shape.size()) {
        size_t next = shape.find(',', pos);
        std::string tok =
            shape.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        if (tok.find_first_of("0123456789") != std::string::npos)
            a.shape.push_back(std::stoll(tok));
        if (next == std::string::npos) break;
        pos = next + 1;
    }
    int64_t itemSize = a.dtype == "<f4" ? 4 : a.dtype == "<i8" ? 8 : a.dtype == "|u1" ? 1 : 0;
    if (!itemSize) throw std::runtime_error("'" + path + "': unsupported dtype " + a.dtype);
    a.data.resize(size_t(a.numel() * itemSize));
    if (!in.read(a.data.data(), std::streamsize(a.data.size())))
        throw std::runtime_error("'" + path + "' is truncated.");
    return a;
}

}  // namespace ds
