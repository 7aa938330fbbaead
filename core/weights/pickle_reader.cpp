#include "pickle_reader.h"

#include <cstdio>
#include <cstring>

#include "densescope/errors.h"

namespace ds {

namespace pickle {

const char* kindName(Kind k) {
    static const char* const kNames[] = {"None",   "bool",          "int",  "float",
                                         "string", "tuple",         "list", "dict",
                                         "global", "persistent id", "call", "set"};
    return kNames[int(k)];
}

Unpickler::Unpickler(ByteReader& in, std::string source) : m_in(in), m_source(std::move(source)) {}

void Unpickler::fail(const std::string& what) const {
    throw WeightsError(m_source + " is not a valid state-dict pickle: " + what +
                       " (opcode at offset " + std::to_string(m_opOffset) +
                       "). The file is damaged or is not a PyTorch weights file.");
}

Value* Unpickler::make(Kind k) {
    if (m_values.size() >= kMaxValues)
        fail("more than " + std::to_string(kMaxValues) +
             " objects, far more than a state dict has");
    m_values.emplace_back();
    m_values.back().kind = k;
    return &m_values.back();
}

void Unpickler::push(Value* v) {
    if (m_stack.size() >= kMaxStack) fail("the stack is deeper than " + std::to_string(kMaxStack));
    m_stack.push_back(v);
}

Value* Unpickler::pop() {
    if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
        fail("stack underflow");
    Value* v = m_stack.back();
    m_stack.pop_back();
    return v;
}

Value* Unpickler::top() {
    if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
        fail("stack underflow");
    return m_stack.back();
}

std::vector<Value*> Unpickler::popToMark() {
    if (m_marks.empty()) fail("no MARK for a tuple/list/dict operation");
    const size_t mark = m_marks.back();
    m_marks.pop_back();
    std::vector<Value*> items(m_stack.begin() + long(mark), m_stack.end());
    m_stack.resize(mark);
    return items;
}

void Unpickler::addElements(size_t n) {
    m_elements += n;
    if (m_elements > kMaxElements)
        fail("more than " + std::to_string(kMaxElements) + " container elements");
}

uint64_t Unpickler::readUInt(int bytes) {
    unsigned char b[8] = {};
    m_in.read(b, uint64_t(bytes));
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | b[i];
    return v;
}

std::string Unpickler::readBytes(uint64_t n, const char* what) {
    if (n > m_in.remaining())
        fail(std::string("a ") + what + " claims " + std::to_string(n) + " bytes but only " +
             std::to_string(m_in.remaining()) + " remain (truncated or corrupt)");
    std::string s(size_t(n), '\0');
    m_in.read(s.data(), n);
    return s;
}

std::string Unpickler::readLine(const char* what) {
    std::string s;
    for (;;) {
        char c = 0;
        m_in.read(&c, 1);
        if (c == '\n') return s;
        if (s.size() >= 256) fail(std::string("a ") + what + " name longer than 256 characters");
        s += c;
    }
}

Value* Unpickler::makeGlobal(const std::string& module, const std::string& name) {
    // Only a name: nothing is imported or looked up. Kept printable for messages.
    Value* v = make(Kind::Global);
    for (char c : module + "." + name) v->text += (c >= 32 && c < 127) ? c : '?';
    return v;
}

Value* Unpickler::makeLong(uint64_t n) {
    if (n > 64) fail("an integer of " + std::to_string(n) + " bytes");
    const std::string raw = readBytes(n, "long integer");
    Value* v = make(Kind::Int);
    if (n > 8) {
        v->bigInt = true;
        v->text = raw;
        return v;
    }
    uint64_t u = 0;
    for (size_t i = n; i-- > 0;) u = (u << 8) | uint8_t(raw[i]);
    if (n > 0 && n < 8 && (uint8_t(raw[n - 1]) & 0x80)) u |= ~uint64_t(0) << (8 * n);  // sign
    v->integer = int64_t(u);
    return v;
}

void Unpickler::reduce(Value* callable, Value* args) {
    // An object built from another (copyreg, functools.partial) is a Call too: still inert.
    if (callable->kind != Kind::Global && callable->kind != Kind::Call)
        fail(std::string("a call of a ") + kindName(callable->kind));
    if (args->kind != Kind::Tuple) fail("call arguments that are not a tuple");
    if (callable->text == "collections.OrderedDict") {
        // OrderedDict() or, as Python 2 pickles it, OrderedDict([[key, value], ...]).
        Value* d = make(Kind::Dict);
        if (args->items.size() > 1) fail("OrderedDict called with more than one argument");
        if (args->items.size() == 1) {
            const Value* pairs = args->items[0];
            if (pairs->kind == Kind::Dict) {
                d->entries = pairs->entries;
            } else if (pairs->isSequence()) {
                for (const Value* p : pairs->items) {
                    if (!p->isSequence() || p->items.size() != 2)
                        fail("OrderedDict built from something other than [key, value] pairs");
                    d->entries.emplace_back(p->items[0], p->items[1]);
                }
            } else {
                fail(std::string("OrderedDict built from a ") + kindName(pairs->kind));
            }
            addElements(d->entries.size());
        }
        push(d);
        return;
    }
    Value* call = make(Kind::Call);
    call->items = {callable, args};
    push(call);
}

}  // namespace pickle
}  // namespace ds
