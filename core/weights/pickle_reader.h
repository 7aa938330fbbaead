#pragma once
// A restricted unpickler for torch.save files (pickle protocols 2 to 5). It builds a plain
// value tree and never executes anything, imports nothing and looks nothing up: a GLOBAL is
// only a name (Kind::Global), and REDUCE/NEWOBJ/NEWOBJ_EX/BUILD of it only record an inert
// Call node {callable, arguments} with its BUILD state. collections.OrderedDict calls are
// folded into dicts; EMPTY_SET/ADDITEMS/FROZENSET make sets. The caller decides what a Call means:
// torch_pickle.cpp accepts only torch's tensor rebuilders inside the state dict it loads, and
// treats every other object (argparse.Namespace, numpy scalars, a pickled nn.Module, even
// os.system) as a placeholder it never uses, or refuses the file when such an object is
// where the state dict should be. Every length, count, memo index and nesting depth is
// checked against the bytes that remain before anything is allocated. No LibTorch, no Qt.
//
// Not thread-safe; one Unpickler per thread.
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "binary_file.h"

namespace ds {

namespace pickle {

enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, PersistentId, Call, Set };

struct Value {
    Kind kind = Kind::None;
    bool boolean = false;
    bool bigInt = false;  // Int too wide for int64: raw little-endian two's complement in text
    bool bytes = false;   // String from a byte-string opcode (Python 2 str, BINBYTES)
    int64_t integer = 0;
    double real = 0.0;
    // String: the text. Global: "module.name". Int with bigInt: raw bytes.
    std::string text;
    // Tuple/List/Set: elements. PersistentId: {pid}. Call: {callable Global, argument Tuple}.
    std::vector<Value*> items;
    // Dict (and OrderedDict): entries in insertion order; duplicate keys are kept.
    std::vector<std::pair<Value*, Value*>> entries;
    Value* state = nullptr;  // BUILD argument, if any (ignored for dicts)

    bool isString() const { return kind == Kind::String; }
    bool isInt() const { return kind == Kind::Int && !bigInt; }
    bool isSequence() const { return kind == Kind::Tuple || kind == Kind::List; }
};

const char* kindName(Kind k);

class Unpickler {
public:
    // `source` names the file (and part) in messages, e.g. "'/x/w.pth' (data.pkl)".
    Unpickler(ByteReader& in, std::string source);
    // Every persistent id read so far, in order (legacy files list all their storages, also
    // those outside the state dict, and the reader must know each one's size to skip it).
    const std::vector<const Value*>& persistentIds() const { return m_persistentIds; }
    // Reads one pickle up to and including STOP. The values live as long as this Unpickler
    // (and across several load() calls). Throws WeightsError.
    const Value& load();

    static constexpr size_t kMaxValues = size_t(1) << 20;
    static constexpr size_t kMaxStack = size_t(1) << 20;
    static constexpr size_t kMaxElements = size_t(1) << 22;
    static constexpr size_t kMaxMarkDepth = 256;
    static constexpr size_t kMaxMemo = size_t(1) << 20;

private:
    [[noreturn]] void fail(const std::string& what) const;
    Value* make(Kind k);
    Value* pop();
    Value* top();
    void push(Value* v);
    std::vector<Value*> popToMark();
    uint64_t readUInt(int bytes);
    std::string readBytes(uint64_t n, const char* what);
    std::string readLine(const char* what);
    Value* makeGlobal(const std::string& module, const std::string& name);
    Value* makeLong(uint64_t n);
    void reduce(Value* callable, Value* args);
    void addElements(size_t n);
    // load()'s opcodes by group; each returns false for opcodes not its own.
    bool readControl(uint8_t op);
    bool readScalar(uint8_t op);
    bool readContainer(uint8_t op);
    bool readObject(uint8_t op);
    bool readMemo(uint8_t op);

    ByteReader& m_in;
    std::string m_source;
    std::deque<Value> m_values;  // stable addresses
    std::vector<Value*> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, Value*> m_memo;
    std::vector<const Value*> m_persistentIds;
    size_t m_elements = 0;
    uint64_t m_opOffset = 0;
};

}  // namespace pickle
}  // namespace ds
