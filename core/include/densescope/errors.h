#pragma once
// Typed errors thrown by core. Every message names the file, key or value at fault and
// says what to do about it, so callers can show it to a person unchanged.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "densescope/config.h"

namespace ds {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A model configuration that cannot describe a DenseNet (unknown variant, nonsense numbers).
class ConfigError : public Error {
public:
    using Error::Error;
};

// A weights file or spec that cannot be used: missing, corrupt, hostile, wrong variant.
class WeightsError : public Error {
public:
    using Error::Error;
};

// Weights made for another DenseNet: the file's shapes describe `fileLayout` (a named variant
// when they match one, else "custom"), not the model they were loaded into. The message starts
// with that hint; callers can offer to switch to fileLayout instead of parsing the message.
class WeightsLayoutError : public WeightsError {
public:
    WeightsLayoutError(const std::string& message, DenseNetConfig layout)
        : WeightsError(message), fileLayout(std::move(layout)) {}
    DenseNetConfig fileLayout;
};

// A Teach head file (teach.h: 'weight' [N, C] and 'bias' [N] only) given as the weights of a
// network: it belongs in the Teach tab (or classify --head). `source` names the file.
class HeadAsWeightsError : public WeightsError {
public:
    HeadAsWeightsError(const std::string& message, std::string source, int classes)
        : WeightsError(message), source(std::move(source)), classes(classes) {}
    std::string source;
    int classes = 0;
};

// An image that cannot be decoded or is too large.
class ImageError : public Error {
public:
    using Error::Error;
};

// A device that was asked for but is not available (e.g. CUDA on a machine without one).
class DeviceError : public Error {
public:
    using Error::Error;
};

// A layer name that does not exist in the model.
class LayerError : public Error {
public:
    using Error::Error;
};

// A load that its caller cancelled (Engine::load's `cancelled` returned true); the previous
// model is still loaded.
class Cancelled : public Error {
public:
    using Error::Error;
};

// "[64, 3, 7, 7]": a tensor shape in messages for people.
inline std::string shapeText(const std::vector<int64_t>& dims) {
    std::string t = "[";
    for (size_t i = 0; i < dims.size(); ++i) t += (i ? ", " : "") + std::to_string(dims[i]);
    return t + "]";
}

// "1,600,000,000": a count with thousands separators, in messages and tables for people.
inline std::string groupedDigits(int64_t n) {
    std::string digits = std::to_string(n);
    const int first = n < 0 ? 1 : 0;
    for (int i = int(digits.size()) - 3; i > first; i -= 3) digits.insert(size_t(i), 1, ',');
    return digits;
}

}  // namespace ds
