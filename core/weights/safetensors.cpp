// .safetensors: 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the raw little-endian data. The JSON parser is small and bounded (depth, sizes).
#include <cstring>
#include <memory>

#include "densescope/errors.h"
#include "state_dict_internal.h"

namespace ds::detail {

namespace {

constexpr uint64_t kMaxHeader = 100u << 20;  // the safetensors library's own limit
constexpr int kMaxDepth = 32;

struct Json {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool integral = false;
    int64_t integer = 0;
    std::string text;
    std::vector<Json> items;                            // Array
    std::vector<std::pair<std::string, Json>> members;  // Object, in file order
    const Json* member(const std::string& k) const {
        for (const auto& m : members)
            if (m.first == k) return &m.second;
        return nullptr;
    }
};

class JsonParser {
public:
    JsonParser(const std::string& text, std::string source)
        : m_s(text), m_source(std::move(source)) {}
    Json parseDocument() {
        Json v = value(0);
        skipSpace();
        if (m_pos != m_s.size()) fail("text after the header object");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw WeightsError(m_source + " has a damaged .safetensors header (" + what + " at byte " +
                           std::to_string(m_pos) +
                           "): the file is corrupt or not a .safetensors file.");
    }
    void skipSpace() {
        while (m_pos < m_s.size() && std::strchr(" \t\r\n", m_s[m_pos]) && m_s[m_pos]) ++m_pos;
    }
    bool eat(char c) {
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!eat(c)) fail(std::string("expected '") + c + "'");
    }
    Json value(int depth) {
        if (depth > kMaxDepth) fail("nesting too deep");
        skipSpace();
        if (m_pos >= m_s.size()) fail("unexpected end");
        Json v;
        const char c = m_s[m_pos];
        if (c == '{') {
            v.type = Json::Type::Object;
            ++m_pos;
            if (eat('}')) return v;
            do {
                skipSpace();
                std::string key = string();
                expect(':');
                v.members.emplace_back(std::move(key), value(depth + 1));
            } while (eat(','));
            expect('}');
        } else if (c == '[') {
            v.type = Json::Type::Array;
            ++m_pos;
            if (eat(']')) return v;
            do v.items.push_back(value(depth + 1));
            while (eat(','));
            expect(']');
        } else if (c == '"') {
            v.type = Json::Type::String;
            v.text = string();
        } else if (m_s.compare(m_pos, 4, "true") == 0 || m_s.compare(m_pos, 5, "false") == 0) {
            v.type = Json::Type::Bool;
            m_pos += m_s[m_pos] == 't' ? 4 : 5;
        } else if (m_s.compare(m_pos, 4, "null") == 0) {
            m_pos += 4;
        } else {
            number(v);
        }
        return v;
    }
    void number(Json& v) {
        v.type = Json::Type::Number;
        const size_t start = m_pos;
        if (m_pos < m_s.size() && m_s[m_pos] == '-') ++m_pos;
        v.integral = true;
        uint64_t magnitude = 0;
        bool overflow = false;
        size_t digits = 0;
        while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') {
            const uint64_t d = uint64_t(m_s[m_pos++] - '0');
            overflow = overflow || magnitude > (uint64_t(INT64_MAX) - d) / 10;
            magnitude = magnitude * 10 + d;
            ++digits;
        }
        if (!digits) fail("an unexpected character");
        while (m_pos < m_s.size() && std::strchr(".eE+-0123456789", m_s[m_pos]) && m_s[m_pos]) {
            v.integral = false;
            ++m_pos;
        }
        if (overflow) v.integral = false;
        v.integer = m_s[start] == '-' ? -int64_t(magnitude) : int64_t(magnitude);
    }
    std::string string() {
        if (m_pos >= m_s.size() || m_s[m_pos] != '"') fail("expected a string");
        ++m_pos;
        std::string out;
        while (m_pos < m_s.size() && m_s[m_pos] != '"') {
            char c = m_s[m_pos++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_s.size()) break;
            c = m_s[m_pos++];
            if (c == 'u') {
                if (m_s.size() - m_pos < 4) fail("a short \\u escape");
                unsigned cp = 0;
                for (int i = 0; i < 4; ++i) {
                    const char h = m_s[m_pos++];
                    const char* digit = std::strchr("0123456789abcdef", h | 0x20);
                    if (!digit || !h) fail("a bad \\u escape");
                    cp = cp * 16 + unsigned(digit - "0123456789abcdef");
                }
                if (cp < 0x80)
                    out += char(cp);  // UTF-8 encode the basic plane
                else if (cp < 0x800)
                    out += {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
                else
                    out += {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)),
                            char(0x80 | (cp & 0x3F))};
            } else {
                const char* from = "\"\\/bfnrt";
                const char* to = "\"\\/\b\f\n\r\t";
                const char* p = std::strchr(from, c);
                if (!p || !c) fail("a bad escape");
                out += to[p - from];
            }
        }
        if (m_pos >= m_s.size()) fail("an unterminated string");
        ++m_pos;
        return out;
    }

    const std::string& m_s;
    std::string m_source;
    size_t m_pos = 0;
};

struct DType {
    const char* name;
    torch::ScalarType type;
};
constexpr DType kDTypes[] = {{"F32", torch::kFloat},     {"F16", torch::kHalf},
                             {"BF16", torch::kBFloat16}, {"F64", torch::kDouble},
                             {"I64", torch::kLong},      {"I32", torch::kInt},
                             {"I16", torch::kShort},     {"I8", torch::kChar},
                             {"U8", torch::kByte},       {"BOOL", torch::kBool}};

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
    std::string text(size_t(headerLen), '\0');
    file.readAt(8, text.data(), headerLen, "the .safetensors header");
    const Json header = JsonParser(text, src).parseDocument();
    if (header.type != Json::Type::Object)
        throw WeightsError(src + ": the .safetensors header is not a JSON object.");

    const uint64_t dataStart = 8 + headerLen, dataSize = file.size() - dataStart;
    StateDict out;
    for (const auto& [name, entry] : header.members) {
        if (name == "__metadata__") {
            if (!metadata) continue;
            if (entry.type != Json::Type::Object)
                throw WeightsError(src + ": the .safetensors __metadata__ is not a JSON object.");
            for (const auto& [key, value] : entry.members) {
                if (value.type != Json::Type::String)
                    throw WeightsError(src + ": the .safetensors __metadata__ entry '" + key +
                                       "' is not a string: the file is corrupt.");
                metadata->emplace_back(key, value.text);
            }
            continue;
        }
        auto bad = [&, n = name](const std::string& what) {
            throw WeightsError(src + ": tensor '" + n + "' " + what);
        };
        const Json* dtype = entry.member("dtype");
        const Json* shape = entry.member("shape");
        const Json* offsets = entry.member("data_offsets");
        if (entry.type != Json::Type::Object || !dtype || !shape || !offsets ||
            dtype->type != Json::Type::String || shape->type != Json::Type::Array ||
            offsets->type != Json::Type::Array || offsets->items.size() != 2)
            bad("lacks a valid dtype, shape or data_offsets: the file is corrupt.");
        const DType* dt = nullptr;
        for (const auto& d : kDTypes)
            if (dtype->text == d.name) dt = &d;
        if (!dt)
            bad("has dtype '" + dtype->text +
                "', which DenseScope does not read (F32, F16, BF16, F64, I64 are).");
        const uint64_t item = uint64_t(itemSize(dt->type));
        std::vector<int64_t> sizes;
        std::string shapeText = "[";
        uint64_t numel = 1;
        bool tooBig = false;
        if (shape->items.size() > 16) bad("has more than 16 dimensions.");
        for (const Json& s : shape->items) {
            if (s.type != Json::Type::Number || !s.integral || s.integer < 0)
                bad("has a shape that is not a list of sizes.");
            sizes.push_back(s.integer);
            shapeText += (sizes.size() > 1 ? ", " : "") + std::to_string(s.integer);
            if (s.integer && numel > (UINT64_MAX / item) / uint64_t(s.integer))
                tooBig = true;
            else
                numel *= uint64_t(s.integer);
        }
        shapeText += "]";
        const Json &b = offsets->items[0], &e = offsets->items[1];
        if (b.type != Json::Type::Number || e.type != Json::Type::Number || !b.integral ||
            !e.integral || b.integer < 0 || e.integer < b.integer)
            bad("has invalid data_offsets: the file is corrupt.");
        const std::string range =
            "[" + std::to_string(b.integer) + ", " + std::to_string(e.integer) + "]";
        if (uint64_t(e.integer) > dataSize)
            bad("has data_offsets " + range + " outside the file's data section of " +
                std::to_string(dataSize) + " bytes: the file is truncated or corrupt.");
        if (tooBig || uint64_t(e.integer - b.integer) != numel * item)
            bad("has data_offsets " + range + " spanning " + std::to_string(e.integer - b.integer) +
                " bytes, but shape " + shapeText + " of " + dt->name + " needs " +
                (tooBig ? std::string("more") : std::to_string(numel * item)) +
                ": the file is corrupt.");
        torch::Tensor t = readStorage(file, dataStart + uint64_t(b.integer), dt->type,
                                      int64_t(numel), "the data of tensor '" + name + "'");
        out.emplace_back(name, normalizeDtype(t.view(sizes)));
    }
    return out;
}

std::vector<std::string> parseJsonStringArray(const std::string& text, const std::string& source) {
    if (text.size() > kMaxHeader)
        throw WeightsError(source + ": a list of names longer than the header limit.");
    Json list;
    try {
        list = JsonParser(text, source).parseDocument();
    } catch (const WeightsError&) {
        list = Json{};  // not JSON at all: said below
    }
    std::vector<std::string> out;
    if (list.type != Json::Type::Array)
        throw WeightsError(source + ": expected a JSON list of names.");
    for (const Json& item : list.items) {
        if (item.type != Json::Type::String)
            throw WeightsError(source + ": the list of names holds something other than a string.");
        out.push_back(item.text);
    }
    return out;
}

}  // namespace ds::detail
