// Unpickler::load and its opcode groups: the loop that reads one pickle (pickle_reader.cpp has
// the values, the stack, globals and calls it uses).
#include <cstdio>
#include <cstring>

#include "densescope/errors.h"
#include "pickle_reader.h"

namespace ds::pickle {

namespace {
// Opcodes (pickletools names).
// clang-format off
enum : uint8_t {
    kMark = '(', kStop = '.', kBinInt = 'J', kBinInt1 = 'K', kBinInt2 = 'M', kNone = 'N',
    kBinPersId = 'Q', kReduce = 'R', kBinString = 'T', kShortBinString = 'U', kBinUnicode = 'X',
    kAppend = 'a', kBuild = 'b', kGlobal = 'c', kAppends = 'e', kBinGet = 'h', kInst = 'i',
    kLongBinGet = 'j', kEmptyList = ']', kBinPut = 'q', kLongBinPut = 'r', kSetItem = 's',
    kTuple = 't', kSetItems = 'u', kEmptyDict = '}', kEmptyTuple = ')', kBinFloat = 'G',
    kBinBytes = 'B', kShortBinBytes = 'C', kProto = 0x80, kNewObj = 0x81, kTuple1 = 0x85,
    kTuple2 = 0x86, kTuple3 = 0x87, kNewTrue = 0x88, kNewFalse = 0x89, kLong1 = 0x8a,
    kLong4 = 0x8b, kShortBinUnicode = 0x8c, kBinUnicode8 = 0x8d, kBinBytes8 = 0x8e,
    kStackGlobal = 0x93, kMemoize = 0x94, kFrame = 0x95, kEmptySet = 0x8f, kAddItems = 0x90,
    kFrozenSet = 0x91, kNewObjEx = 0x92,
};
// clang-format on
}  // namespace

// PROTO, FRAME and MARK: no value of their own. Returns false for any other opcode.
bool Unpickler::readControl(uint8_t op) {
    switch (op) {
        case kProto: {
            const uint64_t p = readUInt(1);
            if (p > 5) fail("pickle protocol " + std::to_string(p) + " (at most 5 is known)");
            break;
        }
        case kFrame: {
            const uint64_t n = readUInt(8);
            if (n > m_in.remaining())
                fail("a frame longer than the rest of the data (truncated)");
            break;
        }
        case kMark:
            if (m_marks.size() >= kMaxMarkDepth)
                fail("nesting deeper than " + std::to_string(kMaxMarkDepth));
            m_marks.push_back(m_stack.size());
            break;
        default:
            return false;
    }
    return true;
}

// Opcodes that push one new scalar or empty container. Returns false for any other opcode.
bool Unpickler::readScalar(uint8_t op) {
    switch (op) {
        case kEmptyDict:
            push(make(Kind::Dict));
            break;
        case kEmptyList:
            push(make(Kind::List));
            break;
        case kEmptyTuple:
            push(make(Kind::Tuple));
            break;
        case kEmptySet:
            push(make(Kind::Set));
            break;
        case kNone:
            push(make(Kind::None));
            break;
        case kNewTrue:
        case kNewFalse: {
            Value* v = make(Kind::Bool);
            v->boolean = op == kNewTrue;
            push(v);
            break;
        }
        case kBinInt: {
            Value* v = make(Kind::Int);
            v->integer = int32_t(uint32_t(readUInt(4)));
            push(v);
            break;
        }
        case kBinInt1:
        case kBinInt2: {
            Value* v = make(Kind::Int);
            v->integer = int64_t(readUInt(op == kBinInt1 ? 1 : 2));
            push(v);
            break;
        }
        case kLong1:
            push(makeLong(readUInt(1)));
            break;
        case kLong4: {
            const int64_t n = int32_t(uint32_t(readUInt(4)));
            if (n < 0) fail("a negative LONG4 length");
            push(makeLong(uint64_t(n)));
            break;
        }
        case kBinFloat: {
            unsigned char b[8];
            m_in.read(b, 8);
            uint64_t u = 0;
            for (unsigned char c : b) u = (u << 8) | c;  // big-endian
            Value* v = make(Kind::Float);
            std::memcpy(&v->real, &u, 8);
            push(v);
            break;
        }
        case kShortBinUnicode:
        case kBinUnicode:
        case kBinUnicode8:
        case kShortBinString:
        case kBinString:
        case kShortBinBytes:
        case kBinBytes:
        case kBinBytes8: {
            uint64_t n = 0;
            if (op == kShortBinUnicode || op == kShortBinString || op == kShortBinBytes)
                n = readUInt(1);
            else if (op == kBinUnicode8 || op == kBinBytes8)
                n = readUInt(8);
            else if (op == kBinString) {
                const int64_t s = int32_t(uint32_t(readUInt(4)));
                if (s < 0) fail("a negative string length");
                n = uint64_t(s);
            } else
                n = readUInt(4);
            Value* v = make(Kind::String);
            v->text = readBytes(n, "string");
            v->bytes = !(op == kShortBinUnicode || op == kBinUnicode || op == kBinUnicode8);
            push(v);
            break;
        }
        default:
            return false;
    }
    return true;
}

// Opcodes that build tuples or fill lists and dicts. Returns false for any other opcode.
bool Unpickler::readContainer(uint8_t op) {
    switch (op) {
        case kTuple:
        case kTuple1:
        case kTuple2:
        case kTuple3: {
            Value* t = make(Kind::Tuple);
            if (op == kTuple) {
                t->items = popToMark();
            } else {
                const int n = op - kTuple1 + 1;
                t->items.resize(size_t(n));
                for (int i = n - 1; i >= 0; --i) t->items[size_t(i)] = pop();
            }
            addElements(t->items.size());
            push(t);
            break;
        }
        case kAppend:
        case kAppends: {
            std::vector<Value*> items;
            if (op == kAppends)
                items = popToMark();
            else
                items.push_back(pop());
            Value* list = top();
            addElements(items.size());
            // An object of a list subclass (a placeholder): its items are counted, not kept.
            if (list->kind == Kind::Call) break;
            if (list->kind != Kind::List)
                fail(std::string("APPEND to a ") + kindName(list->kind));
            list->items.insert(list->items.end(), items.begin(), items.end());
            break;
        }
        case kFrozenSet: {
            Value* set = make(Kind::Set);
            set->items = popToMark();
            addElements(set->items.size());
            push(set);
            break;
        }
        case kAddItems: {
            std::vector<Value*> items = popToMark();
            Value* set = top();
            addElements(items.size());
            if (set->kind == Kind::Call) break;  // a set subclass's object: a placeholder
            if (set->kind != Kind::Set) fail(std::string("ADDITEMS to a ") + kindName(set->kind));
            set->items.insert(set->items.end(), items.begin(), items.end());
            break;
        }
        case kSetItem:
        case kSetItems: {
            std::vector<Value*> items;
            if (op == kSetItems) {
                items = popToMark();
            } else {
                Value* value = pop();
                items = {pop(), value};
            }
            if (items.size() % 2) fail("SETITEMS with an odd number of values");
            Value* dict = top();
            addElements(items.size() / 2);
            // An object of a dict subclass (defaultdict, Lightning's AttributeDict): a
            // placeholder; its items are counted, not kept.
            if (dict->kind == Kind::Call) break;
            if (dict->kind != Kind::Dict)
                fail(std::string("SETITEM on a ") + kindName(dict->kind));
            for (size_t i = 0; i < items.size(); i += 2)
                dict->entries.emplace_back(items[i], items[i + 1]);
            break;
        }
        default:
            return false;
    }
    return true;
}

// Globals (only the allowed ones), calls, BUILD and persistent ids. Returns false for any other opcode.
bool Unpickler::readObject(uint8_t op) {
    switch (op) {
        case kGlobal: {
            const std::string module = readLine("module");
            const std::string name = readLine("global");
            push(makeGlobal(module, name));
            break;
        }
        case kInst:  // protocol 0 "instantiate": torch.save never writes it
            fail("the protocol-0 INST opcode");
        case kStackGlobal: {
            Value* name = pop();
            Value* module = pop();
            if (!name->isString() || !module->isString())
                fail("STACK_GLOBAL with non-string names");
            push(makeGlobal(module->text, name->text));
            break;
        }
        case kReduce:
        case kNewObj: {
            Value* args = pop();
            Value* callable = pop();
            reduce(callable, args);
            break;
        }
        case kNewObjEx: {  // cls.__new__(cls, *args, **kwargs): the keywords are not kept
            Value* kwargs = pop();
            if (kwargs->kind != Kind::Dict) fail("NEWOBJ_EX with keywords that are not a dict");
            Value* args = pop();
            Value* callable = pop();
            reduce(callable, args);
            break;
        }
        case kBuild: {
            Value* state = pop();
            Value* obj = top();
            if (obj->kind != Kind::Dict && obj->kind != Kind::Call)
                fail(std::string("BUILD on a ") + kindName(obj->kind));
            obj->state = state;
            break;
        }
        case kBinPersId: {
            Value* v = make(Kind::PersistentId);
            v->items = {pop()};
            m_persistentIds.push_back(v);
            push(v);
            break;
        }
        default:
            return false;
    }
    return true;
}

// The memo: PUT and GET. Returns false for any other opcode.
bool Unpickler::readMemo(uint8_t op) {
    switch (op) {
        case kBinPut:
        case kLongBinPut:
        case kMemoize: {
            const uint64_t index =
                op == kMemoize ? m_memo.size() : readUInt(op == kBinPut ? 1 : 4);
            if (m_memo.size() >= kMaxMemo && !m_memo.count(index))
                fail("too many memo entries");
            m_memo[index] = top();
            break;
        }
        case kBinGet:
        case kLongBinGet: {
            const uint64_t index = readUInt(op == kBinGet ? 1 : 4);
            auto it = m_memo.find(index);
            if (it == m_memo.end())
                fail("memo index " + std::to_string(index) + " that was never stored");
            push(it->second);
            break;
        }
        default:
            return false;
    }
    return true;
}

const Value& Unpickler::load() {
    // Each pickle has its own memo (legacy files are several pickles back to back).
    m_stack.clear();
    m_marks.clear();
    m_memo.clear();
    for (;;) {
        m_opOffset = m_in.position();
        uint8_t op = 0;
        m_in.read(&op, 1);
        if (op == kStop) {
            Value* result = pop();
            if (!m_stack.empty() || !m_marks.empty()) fail("values left on the stack at STOP");
            return *result;
        }
        if (readControl(op) || readScalar(op) || readContainer(op) || readObject(op) ||
            readMemo(op))
            continue;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("unsupported opcode ") + hex);
    }
}

}  // namespace ds::pickle
