#include "densescope/npy.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include "densescope/atomic_file.h"
#include "densescope/errors.h"

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
    const uint16_t len = static_cast<uint16_t>(header.size());
    const char lenBytes[2] = {char(len & 0xff), char(len >> 8)};
    AtomicFile out(path);  // never a half-written .npy under the name (atomic_file.h)
    out.write("\x93NUMPY\x01\x00", 8);
    out.write(lenBytes, 2);
    out.write(header);
    out.write(data, size_t(n) * sizeof(float));
    out.commit();
}

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    throw Error("'" + path + "' is not a .npy file DenseScope can read: " + what + ".");
}

// The text after "'key':" in the header dict, spaces skipped.
std::string fieldValue(const std::string& header, const std::string& key, const std::string& path) {
    const auto p = header.find("'" + key + "'");
    const auto colon = p == std::string::npos ? p : header.find(':', p);
    if (colon == std::string::npos) bad(path, "its header lacks '" + key + "'");
    const auto v = header.find_first_not_of(' ', colon + 1);
    return v == std::string::npos ? std::string() : header.substr(v);
}

// "(2, 3)", "(5,)", "()": non-negative sizes whose product fits in int64.
std::vector<int64_t> parseShape(const std::string& text, const std::string& path) {
    const auto close = text.find(')');
    if (text.empty() || text[0] != '(' || close == std::string::npos)
        bad(path, "its shape is not a tuple");
    std::vector<int64_t> shape;
    int64_t numel = 1;
    size_t pos = 1;
    while (pos < close) {
        size_t next = text.find(',', pos);
        if (next == std::string::npos || next > close) next = close;
        const auto first = text.find_first_not_of(' ', pos);
        const auto last = text.find_last_not_of(' ', next - 1);
        if (first < next && last >= first) {
            int64_t v = 0;
            for (size_t i = first; i <= last; ++i) {
                const char c = text[i];
                if (c < '0' || c > '9' || v > (INT64_MAX - (c - '0')) / 10)
                    bad(path, "its shape has an entry that is not a size");
                v = v * 10 + (c - '0');
            }
            if (v && numel > INT64_MAX / v)
                bad(path, "its shape has more elements than fit in memory");
            numel = v ? numel * v : 0;
            shape.push_back(v);
        } else if (next != close) {
            bad(path, "its shape has an empty entry");
        }
        pos = next + 1;
    }
    return shape;
}

}  // namespace

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("Cannot open '" + path + "'.");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw Error("'" + path + "' is not a .npy file.");
    if (magic[6] < 1 || magic[6] > 3) bad(path, "unknown format version");
    const int lenSize = magic[6] == 1 ? 2 : 4;
    unsigned char lenBytes[4] = {0, 0, 0, 0};
    in.read(reinterpret_cast<char*>(lenBytes), lenSize);
    const uint32_t headerLen = lenBytes[0] | (lenBytes[1] << 8) | (uint32_t(lenBytes[2]) << 16) |
                               (uint32_t(lenBytes[3]) << 24);
    if (!in || headerLen > 65536) bad(path, "a bad header length");
    std::string header(headerLen, '\0');
    if (!in.read(header.data(), headerLen)) bad(path, "the header is truncated");
    NpyArray a;
    const std::string descr = fieldValue(header, "descr", path);
    if (descr.size() < 5 || descr[0] != '\'' || descr[4] != '\'') bad(path, "an unknown dtype");
    a.dtype = descr.substr(1, 3);
    if (fieldValue(header, "fortran_order", path).compare(0, 5, "False") != 0)
        throw Error("'" + path + "': Fortran-order arrays are not supported.");
    a.shape = parseShape(fieldValue(header, "shape", path), path);
    const int64_t itemSize = a.dtype == "<f4" ? 4 : a.dtype == "<i8" ? 8 : a.dtype == "|u1" ? 1 : 0;
    if (!itemSize) throw Error("'" + path + "': unsupported dtype " + a.dtype);
    // The data must be in the file before anything is allocated for it.
    const std::streamoff dataStart = in.tellg();
    in.seekg(0, std::ios::end);
    const std::streamoff available = in.tellg() - dataStart;
    in.seekg(dataStart);
    if (!in || a.numel() > available / itemSize)
        throw Error("'" + path + "' is truncated: its shape needs " + std::to_string(a.numel()) +
                    " elements of " + std::to_string(itemSize) + " bytes.");
    a.data.resize(size_t(a.numel() * itemSize));
    if (!in.read(a.data.data(), std::streamsize(a.data.size())))
        throw Error("'" + path + "' is truncated.");
    return a;
}

}  // namespace ds
