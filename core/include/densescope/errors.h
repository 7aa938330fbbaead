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

// What went wrong, for a program that words the error in another language than what()'s
// English: the kind, and the values the English sentence names (Error::value()). Other: only
// the English text says; a kind's values are listed beside it.
enum class ErrorKind {
    Other,
    // Weights (all with "file": the file or spec as the message names it).
    WeightsOtherLayout,    // "foundName", "modelName": the file's and the model's variants
                           // ("densenet161", "custom"); "foundLayout", "modelLayout": theirs
                           // as DenseNetConfig::describe() writes them ("k=48 blocks=…")
    WeightsOtherClasses,   // "found", "model": the numbers of classes
    WeightsKeys,           // "missing", "unexpected", "mismatched", "duplicated": counts;
                           // "keys": the first few, as listed in English
    WeightsCorrupt,        // "detail": what is wrong, in English (kept only as a detail)
    WeightsTruncated,      // "size": the file's bytes; "needed": bytes needed at "offset"
    WeightsUnsupported,    // "reason": pickle-code | not-torch-save | big-endian |
                           // unknown-protocol | unknown-format; "code": the callable, "bytes"
    WeightsEmpty,          //
    WeightsSpec,           // "spec"
    WeightsNoImagenet,     // "variant"
    WeightsNotDownloaded,  // "variant", "dir", "url"
    FileNotFound,          // "file", "reason": the system's words (strerror)
    FileUnreadable,        // "file", "reason"
    NotRegularFile,        // "file", "type"
    // Configurations.
    UnknownVariant,   // "name", "known"
    BadBlockLayout,   // "text", "token" (empty: no blocks given)
    ValueOutOfRange,  // "what": growth-rate | blocks | block-layers | init-features |
                      // bn-size | compression | drop-rate | classes; "value", "min", "max"
    BadLayout,        // "rule": too-many-channels ("value") | no-channels ("value",
                      // "transition") | input-too-small ("value", "blocks", "fit")
    LabelsCount,      // "file", "labels", "classes"
    // Images, layers, devices, memory.
    ImageDecode,    // "file", "reason" (English)
    ImageTooLarge,  // "file", "width", "height", "limit"
    UnknownLayer,   // "name", "examples", "count"
    NoGpu,          // "reason": cpu-only | no-device
    OutOfMemory,    // "doing": loading | inference; "gpu": 1|0; "model"; "need",
                    // "available": sizes as text (may be empty)
    Cancelled,
};

class Error : public std::runtime_error {
public:
    using Values = std::vector<std::pair<std::string, std::string>>;
    explicit Error(const std::string& message, ErrorKind kind = ErrorKind::Other,
                   Values values = {})
        : std::runtime_error(message), m_kind(kind), m_values(std::move(values)) {}
    explicit Error(const char* message) : Error(std::string(message)) {}

    ErrorKind kind() const { return m_kind; }
    const Values& values() const { return m_values; }
    // The value named `name`, "" when there is none.
    std::string value(const std::string& name) const {
        for (const auto& [k, v] : m_values)
            if (k == name) return v;
        return {};
    }

private:
    ErrorKind m_kind;
    Values m_values;
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
    WeightsLayoutError(const std::string& message, DenseNetConfig layout, Values values = {})
        : WeightsError(message, ErrorKind::WeightsOtherLayout, std::move(values)),
          fileLayout(std::move(layout)) {}
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
