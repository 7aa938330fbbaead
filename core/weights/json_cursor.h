#pragma once
// A pull reader of JSON text with fixed budgets, for the .safetensors header (and the head
// file's class list inside it). It never builds a tree: the caller asks for exactly the values
// it wants, in file order, and skips the rest. What a file can make it spend is bounded by
// budgets, not by the file:
//   - depth: containers nest at most `maxDepth` deep (the stack of open containers is that big);
//   - tokens: at most `maxTokens` values and keys in all (so a header of a 100 MB array is
//     refused after reading maxTokens of it, in milliseconds, with nothing allocated for it);
//   - strings: the caller gives each string's maximum length; skipped strings are not kept.
// The text is read from a ByteReader 64 KiB at a time, so a 100 MB header is never held whole.
// Every failure is a WeightsError naming the source, what was wrong and the byte offset.
// No LibTorch, no Qt.
#include <cstdint>
#include <string>
#include <vector>

#include "binary_file.h"

namespace ds {

struct JsonLimits {
    int maxDepth = 32;
    // A safetensors header holds about 15 values per tensor: a million is 60,000 tensors.
    uint64_t maxTokens = 1'000'000;
};

class JsonCursor {
public:
    enum class Kind { Object, Array, String, Number, Bool, Null };
    struct Number {
        bool integral = false;  // an integer that fits in int64_t, without fraction or exponent
        int64_t integer = 0;
    };

    // Reads `length` bytes of JSON from `in`, starting at its current position. `source` is the
    // quoted file name and `what` the text's name ("the .safetensors header"), for messages.
    JsonCursor(ByteReader& in, uint64_t length, std::string source, std::string what,
               JsonLimits limits = {});

    // The kind of the next value (after white space); fails at the end of the text or at a
    // character that starts no JSON value. Consumes nothing.
    Kind peek();
    void beginObject();  // '{'
    void beginArray();   // '['
    // The next member's key (at most maxKeyBytes long) of the innermost open object; false (and
    // the object is closed) at its '}'.
    bool nextMember(std::string& key, size_t maxKeyBytes);
    // True when the innermost open array has another item; false (and it is closed) at ']'.
    bool nextItem();
    // A string value of at most maxBytes bytes (decoded), `what` naming it for the message.
    std::string string(size_t maxBytes, const char* what);
    Number number();
    // Skips the next value whatever it is, keeping nothing (within the budgets).
    void skipValue();
    // Only white space may follow the document.
    void finish();

    int depth() const { return int(m_open.size()); }
    [[noreturn]] void fail(const std::string& what) const;

private:
    int peekChar();  // -1 at the end of the text
    char get();      // fails at the end of the text
    void skipSpace();
    bool eat(char c);
    void expect(char c);
    void countToken();
    void open(bool object);
    void literal(const char* word);
    // nextMember(), keeping the key only when `key` is not null.
    bool nextKey(std::string* key, size_t maxKeyBytes);
    // Reads a string; keeps at most maxBytes of it in `out` when out is not null.
    void readString(std::string* out, size_t maxBytes, const char* what);

    ByteReader& m_in;
    uint64_t m_left;  // bytes of the text not yet in m_buf
    std::string m_source, m_what;
    JsonLimits m_limits;
    std::vector<char> m_buf;
    size_t m_bufPos = 0, m_bufLen = 0;
    uint64_t m_offset = 0;  // of m_buf[m_bufPos] in the text, for messages
    uint64_t m_tokens = 0;
    // One entry per open container: whether its first member/item is still to come.
    std::vector<bool> m_open;
    std::vector<bool> m_isObject;
};

}  // namespace ds
