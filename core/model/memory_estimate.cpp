#include "densescope/memory_estimate.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "densescope/errors.h"

namespace ds {

MemoryEstimate estimateMemory(const DenseNetConfig& config, int batch, int inputSize) {
    const ModelSummary s = summarize(config, inputSize);
    MemoryEstimate e;
    e.parameters = s.parameters;
    int64_t statistics = 0;  // running mean and variance of every BatchNorm
    for (const auto& l : s.layers)
        if (l.type == LayerType::Norm) statistics += 2 * int64_t(l.outChannels);
    for (const auto& l : s.layers)
        if (l.type == LayerType::DenseLayer)  // norm1 over its input, norm2 over the bottleneck
            statistics += 2 * (int64_t(l.inChannels) + int64_t(config.bnSize) * config.growthRate);
        else if (l.type == LayerType::Transition)
            statistics += 2 * int64_t(l.inChannels);
    e.weightBytes = 2 * 4 * uint64_t(s.parameters + statistics);

    // Floats alive at once per image: the stem's input and output, or inside a dense block its
    // concatenation buffer, the block's input, a BatchNorm-ReLU copy of the buffer and the
    // bottleneck's two tensors.
    const uint64_t plane0 = uint64_t(inputSize) * uint64_t(inputSize);
    uint64_t peak = 3 * plane0 + 2 * 64 * plane0 / 4;
    const uint64_t bottleneck = uint64_t(config.bnSize) * uint64_t(config.growthRate);
    for (const auto& l : s.layers) {
        if (l.type != LayerType::DenseBlock) continue;
        const uint64_t plane = uint64_t(l.height) * uint64_t(l.width);
        peak = std::max(
            peak, plane * (2 * uint64_t(l.outChannels) + uint64_t(l.inChannels) + 2 * bottleneck));
    }
    e.activationBytes = 4 * peak * uint64_t(std::max(batch, 1));
    return e;
}

uint64_t availableMemoryBytes() {
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("MemAvailable:", 0) == 0) {
            std::istringstream fields(line.substr(13));
            uint64_t kib = 0;
            if (fields >> kib) return kib * 1024;
        }
    return 0;
}

std::string formatBytes(uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    char text[32];
    if (u == 0)
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(text, sizeof text, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return text;
}

void checkMemoryFits(const MemoryEstimate& e, uint64_t available, const std::string& what) {
    if (available == 0 || e.total() <= available) return;
    char params[32];
    const double p = double(e.parameters);
    if (p >= 1e9)
        std::snprintf(params, sizeof params, "%.1f G", p / 1e9);
    else
        std::snprintf(params, sizeof params, "%.1f M", p / 1e6);
    throw ConfigError(what + " needs about " + formatBytes(e.total()) + " of memory (" + params +
                          " parameters: " + formatBytes(e.weightBytes) +
                          " for the weights while loading, " + formatBytes(e.activationBytes) +
                          " for the activations of one image), but this machine has " +
                          formatBytes(available) +
                          " available. Use fewer layers per block, a smaller growth rate or "
                          "fewer features, or close other programs.",
                      ErrorKind::OutOfMemory,
                      {{"doing", "estimate"},
                       {"gpu", "0"},
                       {"model", what},
                       {"need", formatBytes(e.total())},
                       {"available", formatBytes(available)}});
}

void checkMemoryFits(const DenseNetConfig& config) {
    checkMemoryFits(estimateMemory(config), availableMemoryBytes(),
                    config.name == "custom" ? "The layout " + config.describe() : config.name);
}

}  // namespace ds
