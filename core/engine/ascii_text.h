#pragma once
// ASCII case folding for the names core parses (devices, precisions, CAM methods, labels): the
// same rule everywhere, independent of the C locale.
#include <algorithm>
#include <cctype>
#include <string>

namespace ds {

inline std::string asciiLower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace ds
