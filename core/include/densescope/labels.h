#pragma once
#include <string>
#include <vector>

namespace ds {
// The 1000 ImageNet-1k class names in torchvision's order (index 0 = "tench").
const std::vector<std::string>& imagenetLabels();
}  // namespace ds
