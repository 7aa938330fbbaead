// The engine's option names (engine.h): plain text to enum and back, with no LibTorch, so that
// what reads them from files (the settings, the fuzz harness of the settings reader) links
// without the engine.
#include <string>

#include "ascii_text.h"
#include "densescope/engine.h"
#include "densescope/errors.h"

namespace ds {

DeviceKind parseDevice(const std::string& text) {
    const auto t = asciiLower(text);
    if (t == "auto") return DeviceKind::Auto;
    if (t == "cpu") return DeviceKind::Cpu;
    if (t == "cuda" || t == "gpu") return DeviceKind::Cuda;
    throw ConfigError("Unknown device '" + text + "': use auto, cpu or cuda.");
}

Precision parsePrecision(const std::string& text) {
    const auto t = asciiLower(text);
    if (t == "fp32" || t == "float32") return Precision::Fp32;
    if (t == "fp16" || t == "float16" || t == "half") return Precision::Fp16;
    if (t == "bf16" || t == "bfloat16") return Precision::Bf16;
    throw ConfigError("Unknown precision '" + text + "': use fp32, fp16 or bf16.");
}

const char* precisionName(Precision p) {
    switch (p) {
        case Precision::Fp32:
            return "fp32";
        case Precision::Fp16:
            return "fp16";
        case Precision::Bf16:
            return "bf16";
    }
    return "fp32";
}

}  // namespace ds
