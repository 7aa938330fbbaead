#pragma once
// How much memory a DenseNet layout needs, estimated from the config alone, checked against
// what the machine has before anything is allocated: a custom layout can pass every per-field
// check and still need terabytes (blocks 1000,1000,1000,1000: 20.6 G parameters).
// Pure C++, no LibTorch, no Qt.
#include <cstdint>
#include <string>

#include "densescope/config.h"

namespace ds {

struct MemoryEstimate {
    int64_t parameters = 0;        // learnable parameters (torchvision's count)
    uint64_t weightBytes = 0;      // float32 parameters and BatchNorm statistics, held twice while
                                   // loading (the module and its fast inference form)
    uint64_t activationBytes = 0;  // the largest set of float32 outputs alive at once in a forward
    uint64_t total() const { return weightBytes + activationBytes; }
};

// At batch `batch` and a square input of inputSize. Throws ConfigError like summarize().
MemoryEstimate estimateMemory(const DenseNetConfig& config, int batch = 1, int inputSize = 224);

// MemAvailable from /proc/meminfo in bytes; 0 when it cannot be read (then nothing is refused).
uint64_t availableMemoryBytes();

// "1.5 GiB", "820 MiB", "12 KiB".
std::string formatBytes(uint64_t bytes);

// Throws ConfigError stating the estimate and what is available when `estimate` does not fit
// in `available` bytes (0: unknown, always fits). `what` names the model in the message.
void checkMemoryFits(const MemoryEstimate& estimate, uint64_t available, const std::string& what);
// estimateMemory(config) against availableMemoryBytes().
void checkMemoryFits(const DenseNetConfig& config);

}  // namespace ds
