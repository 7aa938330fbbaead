// .safetensors: 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the raw little-endian data. The header is read with JsonCursor's budgets (depth, values,
// string sizes), streaming, so a hostile header costs milliseconds and no memory of its own.
#include "densescope/errors.h"
#include "json_cursor.h"
#include "state_dict_internal.h"

namespace ds::detail {

namespace {

constexpr uint64_t kMaxHeader = 100u << 20;  // the safetensors library's own limit
constexpr size_t kMaxName = 64 << 10;        // a tensor name or metadata key; real ones are short
constexpr size_t kMaxDims = 16;

struct DType {
    const char* name;
    torch::ScalarType type;
};
constexpr DType kDTypes[] = {{"F32", torch::kFloat},     {"F16", torch::kHalf},
                             {"BF16", torch::kBFloat16}, {"F64", torch::kDouble},
                             {"I64", torch::kLong},      {"I32", torch::kInt},
                             {"I16", torch::kShort},     {"I8", torch::kChar},
                             {"U8", torch::kByte},       {"BOOL", torch::kBool}};

// A tensor's entry in the header, checked against the data section as it is read; its data is
// read once the whole header has been (the header is read sequentially from the file).
struct Entry {
    std::string name;
    const DType* dtype = nullptr;
    std::vector<int64_t> sizes;
    uint64_t begin = 0, numel = 0;
};

class EntryReader {
public:
    EntryReader(JsonCursor& json, const std::string& source, uint64_t dataSize)
        : m_json(json), m_src(source), m_dataSize(dataSize) {}

    Entry read(std::string name) {
        using Kind = JsonCursor::Kind;
        m_name = std::move(name);
        const std::string lacks =
            "lacks a valid dtype, shape or data_offsets: the file is corrupt.";
        if (m_json.peek() != Kind::Object) {
            m_json.skipValue();  // damaged JSON there is said first, as for the rest of the file
            bad(lacks);
        }
        Entry e;
        std::string dtype;
        std::vector<JsonCursor::Number> offsets;
        bool hasDtype = false, hasShape = false, hasOffsets = false;
        m_json.beginObject();
        std::string key;
        while (m_json.nextMember(key, kMaxName)) {
            if (key == "dtype") {
                if (m_json.peek() != Kind::String) bad(lacks);
                dtype = m_json.string(/*maxBytes=*/64, "a dtype");
                hasDtype = true;
            } else if (key == "shape") {
                if (m_json.peek() != Kind::Array) bad(lacks);
                e.sizes = sizes();
                hasShape = true;
            } else if (key == "data_offsets") {
                if (m_json.peek() != Kind::Array) bad(lacks);
                offsets.clear();
                m_json.beginArray();
                while (m_json.nextItem()) {
                    if (offsets.size() == 2) bad(lacks);
                    if (m_json.peek() != Kind::Number)
                        bad("has invalid data_offsets: the file is corrupt.");
                    offsets.push_back(m_json.number());
                }
                hasOffsets = offsets.size() == 2;
            } else {
                m_json.skipValue();  // not part of the format; within the cursor's budgets
            }
        }
        if (!hasDtype || !hasShape || !hasOffsets) bad(lacks);
        for (const auto& d : kDTypes)
            if (dtype == d.name) e.dtype = &d;
        if (!e.dtype)
            bad("has dtype '" + dtype +
                "', which DenseScope does not read (F32, F16, BF16, F64, I64 are).");
        const JsonCursor::Number &b = offsets[0], &end = offsets[1];
        if (!b.integral || !end.integral || b.integer < 0 || end.integer < b.integer)
            bad("has invalid data_offsets: the file is corrupt.");
        e.begin = uint64_t(b.integer);
        checkSpan(e, uint64_t(end.integer));
        e.name = std::move(m_name);
        return e;
    }

private:
    [[noreturn]] void bad(const std::string& what) const {
        throw WeightsError(m_src + ": tensor '" + m_name + "' " + what);
    }

    std::vector<int64_t> sizes() {
        std::vector<int64_t> out;
        m_json.beginArray();
        while (m_json.nextItem()) {
            if (out.size() == kMaxDims) bad("has more than 16 dimensions.");
            if (m_json.peek() != JsonCursor::Kind::Number)
                bad("has a shape that is not a list of sizes.");
            const JsonCursor::Number n = m_json.number();
            if (!n.integral || n.integer < 0) bad("has a shape that is not a list of sizes.");
            out.push_back(n.integer);
        }
        return out;
    }

    void checkSpan(Entry& e, uint64_t end) const {
        const uint64_t item = uint64_t(itemSize(e.dtype->type));
        std::string shapeText = "[";
        uint64_t numel = 1;
        bool tooBig = false;
        for (const int64_t s : e.sizes) {
            shapeText += (shapeText.size() > 1 ? ", " : "") + std::to_string(s);
            if (s && numel > (UINT64_MAX / item) / uint64_t(s))
                tooBig = true;
            else
                numel *= uint64_t(s);
        }
        shapeText += "]";
        const std::string range = "[" + std::to_string(e.begin) + ", " + std::to_string(end) + "]";
        if (end > m_dataSize)
            bad("has data_offsets " + range + " outside the file's data section of " +
                std::to_string(m_dataSize) + " bytes: the file is truncated or corrupt.");
        if (tooBig || end - e.begin != numel * item)
            bad("has data_offsets " + range + " spanning " + std::to_string(end - e.begin) +
                " bytes, but shape " + shapeText + " of " + e.dtype->name + " needs " +
                (tooBig ? std::string("more") : std::to_string(numel * item)) +
                ": the file is corrupt.");
        e.numel = numel;
    }

    JsonCursor& m_json;
    const std::string& m_src;
    uint64_t m_dataSize;
    std::string m_name;
};

void readMetadata(JsonCursor& json, std::vector<std::pair<std::string, std::string>>* metadata,
                  const std::string& src) {
    if (!metadata) {
        json.skipValue();
        return;
    }
    if (json.peek() != JsonCursor::Kind::Object)
        throw WeightsError(src + ": the .safetensors __metadata__ is not a JSON object.");
    json.beginObject();
    std::string key;
    while (json.nextMember(key, kMaxName)) {
        if (json.peek() != JsonCursor::Kind::String)
            throw WeightsError(src + ": the .safetensors __metadata__ entry '" + key +
                               "' is not a string: the file is corrupt.");
        // No limit of its own: the header's is the bound (a head's class list lives here).
        metadata->emplace_back(key, json.string(kMaxHeader, "a metadata value"));
    }
}

}  // namespace

StateDict readSafetensors(BinaryFile& file,
                          std::vector<std::pair<std::string, std::string>>* metadata) {
    const std::string src = file.quoted();
    unsigned char lenBytes[8];
    file.readAt(0, lenBytes, 8, "the .safetensors header length");
    const uint64_t headerLen = loadLE(lenBytes, 8);
    if (headerLen > file.size() - 8 || headerLen > kMaxHeader)
        throw WeightsError(src + ": the .safetensors header claims " + std::to_string(headerLen) +
                           " bytes but only " + std::to_string(file.size() - 8) +
                           " follow (at most " + std::to_string(kMaxHeader) +
                           " are allowed): the file is truncated or is not a .safetensors file.");
    // The header is read as a stream, never into a tree: what it makes us keep is what the
    // format needs (a few numbers per tensor, the metadata strings), and the cursor's budgets
    // stop anything else (a long array, deep nesting) early.
    JsonCursor json(file, headerLen, src, "the .safetensors header");
    if (json.peek() != JsonCursor::Kind::Object)
        throw WeightsError(src + ": the .safetensors header is not a JSON object.");
    const uint64_t dataStart = 8 + headerLen, dataSize = file.size() - dataStart;
    EntryReader entries(json, src, dataSize);
    std::vector<Entry> tensors;
    json.beginObject();
    std::string name;
    while (json.nextMember(name, kMaxName)) {
        if (name == "__metadata__")
            readMetadata(json, metadata, src);
        else
            tensors.push_back(entries.read(name));
    }
    json.finish();

    StateDict out;
    for (const Entry& e : tensors) {
        torch::Tensor t = readStorage(file, dataStart + e.begin, e.dtype->type, int64_t(e.numel),
                                      "the data of tensor '" + e.name + "'");
        out.emplace_back(e.name, normalizeDtype(t.view(e.sizes)));
    }
    return out;
}

std::vector<std::string> parseJsonStringArray(const std::string& text, const std::string& source,
                                              size_t maxItems) {
    MemoryReader in(text.data(), text.size(), source);
    JsonCursor json(in, text.size(), source, "the list of names");
    const auto notAList = [&] { return WeightsError(source + ": expected a JSON list of names."); };
    try {
        if (json.peek() != JsonCursor::Kind::Array) throw notAList();
    } catch (const WeightsError&) {
        throw notAList();  // not JSON at all
    }
    std::vector<std::string> out;
    json.beginArray();
    while (json.nextItem()) {
        if (out.size() == maxItems)
            throw WeightsError(source + ": the list holds more than " + std::to_string(maxItems) +
                               " names, more than DenseScope reads: the file is corrupt.");
        if (json.peek() != JsonCursor::Kind::String)
            throw WeightsError(source + ": the list of names holds something other than a string.");
        out.push_back(json.string(kMaxName, "a name"));
    }
    json.finish();
    return out;
}

}  // namespace ds::detail
