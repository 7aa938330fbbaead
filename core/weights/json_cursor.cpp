#include "json_cursor.h"

#include <algorithm>
#include <cstring>

#include "densescope/errors.h"

namespace ds {

namespace {
constexpr size_t kChunk = 64 << 10;
}

JsonCursor::JsonCursor(ByteReader& in, uint64_t length, std::string source, std::string what,
                       JsonLimits limits)
    : m_in(in),
      m_left(length),
      m_source(std::move(source)),
      m_what(std::move(what)),
      m_limits(limits),
      m_buf(size_t(std::min<uint64_t>(length, kChunk))) {}

void JsonCursor::fail(const std::string& what) const {
    throw WeightsError(m_source + ": " + m_what + " is damaged (" + what + " at byte " +
                       std::to_string(m_offset) +
                       "): the file is corrupt or not a .safetensors file.");
}

int JsonCursor::peekChar() {
    if (m_bufPos == m_bufLen) {
        if (!m_left) return -1;
        const size_t n = size_t(std::min<uint64_t>(m_left, m_buf.size()));
        m_in.read(m_buf.data(), n);
        m_left -= n;
        m_bufPos = 0;
        m_bufLen = n;
    }
    return static_cast<unsigned char>(m_buf[m_bufPos]);
}

char JsonCursor::get() {
    if (peekChar() < 0) fail("unexpected end");
    ++m_offset;
    return m_buf[m_bufPos++];
}

void JsonCursor::skipSpace() {
    for (int c = peekChar(); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = peekChar()) get();
}

bool JsonCursor::eat(char c) {
    skipSpace();
    if (peekChar() != static_cast<unsigned char>(c)) return false;
    get();
    return true;
}

void JsonCursor::expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
}

void JsonCursor::countToken() {
    // Checked before the value is read, so a long array stops here after maxTokens items.
    if (++m_tokens > m_limits.maxTokens)
        throw WeightsError(m_source + ": " + m_what + " holds more than " +
                           std::to_string(m_limits.maxTokens) + " JSON values (found at byte " +
                           std::to_string(m_offset) +
                           "), far more than any real one (about 15 per tensor): the file is "
                           "corrupt or made to exhaust memory, and is not read.");
}

JsonCursor::Kind JsonCursor::peek() {
    skipSpace();
    const int c = peekChar();
    switch (c) {
        case -1:
            fail("unexpected end");
        case '{':
            return Kind::Object;
        case '[':
            return Kind::Array;
        case '"':
            return Kind::String;
        case 't':
        case 'f':
            return Kind::Bool;
        case 'n':
            return Kind::Null;
        default:
            if (c == '-' || (c >= '0' && c <= '9')) return Kind::Number;
            fail("an unexpected character");
    }
}

void JsonCursor::open(bool object) {
    if (depth() >= m_limits.maxDepth)
        throw WeightsError(m_source + ": " + m_what + " has JSON nesting too deep (more than " +
                           std::to_string(m_limits.maxDepth) + " levels, at byte " +
                           std::to_string(m_offset) +
                           "): the file is corrupt or not a .safetensors file.");
    countToken();
    expect(object ? '{' : '[');
    m_open.push_back(true);
    m_isObject.push_back(object);
}

void JsonCursor::beginObject() { open(/*object=*/true); }
void JsonCursor::beginArray() { open(/*object=*/false); }

bool JsonCursor::nextMember(std::string& key, size_t maxKeyBytes) {
    key.clear();
    return nextKey(&key, maxKeyBytes);
}

bool JsonCursor::nextKey(std::string* key, size_t maxKeyBytes) {
    if (m_open.empty() || !m_isObject.back()) fail("a member outside an object");
    const bool first = m_open.back();
    m_open.back() = false;
    if (first ? eat('}') : !eat(',')) {
        if (!first) expect('}');
        m_open.pop_back();
        m_isObject.pop_back();
        return false;
    }
    skipSpace();
    if (peekChar() != '"') fail("expected a string");
    readString(key, maxKeyBytes, "a key");
    expect(':');
    return true;
}

bool JsonCursor::nextItem() {
    if (m_open.empty() || m_isObject.back()) fail("an item outside an array");
    const bool first = m_open.back();
    m_open.back() = false;
    if (first ? eat(']') : !eat(',')) {
        if (!first) expect(']');
        m_open.pop_back();
        m_isObject.pop_back();
        return false;
    }
    return true;
}

std::string JsonCursor::string(size_t maxBytes, const char* what) {
    if (peek() != Kind::String) fail(std::string("expected a string for ") + what);
    std::string out;
    readString(&out, maxBytes, what);
    return out;
}

void JsonCursor::readString(std::string* out, size_t maxBytes, const char* what) {
    countToken();
    get();  // the opening quote (checked by the caller)
    size_t length = 0;
    auto put = [&](const char* bytes, size_t n) {
        length += n;
        if (!out) return;
        if (length > maxBytes)
            fail("a string longer than " + std::to_string(maxBytes) + " bytes for " + what);
        out->append(bytes, n);
    };
    for (;;) {
        if (peekChar() < 0) fail("an unterminated string");
        char c = get();
        if (c == '"') return;
        if (c != '\\') {
            put(&c, 1);
            continue;
        }
        if (peekChar() < 0) fail("an unterminated string");
        c = get();
        if (c == 'u') {
            unsigned cp = 0;
            for (int i = 0; i < 4; ++i) {
                if (peekChar() < 0) fail("a short \\u escape");
                const char h = get();
                const char* digit = h ? std::strchr("0123456789abcdef", h | 0x20) : nullptr;
                if (!digit) fail("a bad \\u escape");
                cp = cp * 16 + unsigned(digit - "0123456789abcdef");
            }
            char utf8[3];  // UTF-8 encode the basic plane
            size_t n;
            if (cp < 0x80) {
                utf8[0] = char(cp);
                n = 1;
            } else if (cp < 0x800) {
                utf8[0] = char(0xC0 | (cp >> 6));
                utf8[1] = char(0x80 | (cp & 0x3F));
                n = 2;
            } else {
                utf8[0] = char(0xE0 | (cp >> 12));
                utf8[1] = char(0x80 | ((cp >> 6) & 0x3F));
                utf8[2] = char(0x80 | (cp & 0x3F));
                n = 3;
            }
            put(utf8, n);
        } else {
            const char* from = "\"\\/bfnrt";
            const char* to = "\"\\/\b\f\n\r\t";
            const char* p = c ? std::strchr(from, c) : nullptr;
            if (!p) fail("a bad escape");
            put(&to[p - from], 1);
        }
    }
}

JsonCursor::Number JsonCursor::number() {
    if (peek() != Kind::Number) fail("expected a number");
    countToken();
    const bool negative = peekChar() == '-';
    if (negative) get();
    Number v;
    v.integral = true;
    uint64_t magnitude = 0;
    bool overflow = false, digits = false;
    for (int c = peekChar(); c >= '0' && c <= '9'; c = peekChar()) {
        const uint64_t d = uint64_t(get() - '0');
        overflow = overflow || magnitude > (uint64_t(INT64_MAX) - d) / 10;
        if (!overflow) magnitude = magnitude * 10 + d;
        digits = true;
    }
    if (!digits) fail("an unexpected character");
    for (int c = peekChar(); c > 0 && std::strchr(".eE+-0123456789", c); c = peekChar()) {
        v.integral = false;
        get();
    }
    if (overflow) v.integral = false;
    v.integer = negative ? -int64_t(magnitude) : int64_t(magnitude);
    return v;
}

void JsonCursor::literal(const char* word) {
    countToken();
    for (const char* p = word; *p; ++p) {
        if (peekChar() != static_cast<unsigned char>(*p)) fail("an unexpected character");
        get();
    }
}

void JsonCursor::skipValue() {
    // Recursion is bounded by maxDepth (open() refuses deeper nesting).
    switch (peek()) {
        case Kind::Object: {
            beginObject();
            while (nextKey(/*key=*/nullptr, 0)) skipValue();
            break;
        }
        case Kind::Array:
            beginArray();
            while (nextItem()) skipValue();
            break;
        case Kind::String:
            readString(nullptr, 0, "a skipped value");
            break;
        case Kind::Number:
            number();
            break;
        case Kind::Bool:
            literal(peekChar() == 't' ? "true" : "false");
            break;
        case Kind::Null:
            literal("null");
            break;
    }
}

void JsonCursor::finish() {
    skipSpace();
    if (peekChar() >= 0) fail("text after the end of the JSON value");
}

}  // namespace ds
