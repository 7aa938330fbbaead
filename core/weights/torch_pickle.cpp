// Turns the value tree of a torch.save pickle into tensor and storage references, and builds
// the tensors once the storages are read.
#include <limits>

#include "densescope/errors.h"
#include "state_dict_internal.h"

namespace ds::detail {

using pickle::Kind;
using pickle::Value;

namespace {

constexpr size_t kMaxDims = 16;

struct StorageType {
    const char* name;
    torch::ScalarType dtype;
};
constexpr StorageType kStorageTypes[] = {
    {"torch.FloatStorage", torch::kFloat}, {"torch.DoubleStorage", torch::kDouble},
    {"torch.HalfStorage", torch::kHalf},   {"torch.BFloat16Storage", torch::kBFloat16},
    {"torch.LongStorage", torch::kLong},   {"torch.IntStorage", torch::kInt},
    {"torch.ShortStorage", torch::kShort}, {"torch.CharStorage", torch::kChar},
    {"torch.ByteStorage", torch::kByte},   {"torch.BoolStorage", torch::kBool},
};

bool isTensorCall(const Value& v) {
    if (v.kind != Kind::Call || v.items[0]->kind != Kind::Global) return false;
    const std::string& fn = v.items[0]->text;
    return fn == "torch._utils._rebuild_tensor_v2" || fn == "torch._utils._rebuild_tensor" ||
           fn == "torch._utils._rebuild_parameter";
}

bool hasTensorValue(const Value& dict) {
    for (const auto& [k, v] : dict.entries)
        if (isTensorCall(*v)) return true;
    return false;
}

// "a list", "an object built by 'argparse.Namespace'": what a value is, for messages.
std::string describe(const Value& v) {
    if (v.kind == Kind::Call)
        return v.items[0]->kind == Kind::Global
                   ? "an object built by '" + v.items[0]->text + "'"
                   : std::string("an object built by another object");
    const std::string kind = pickle::kindName(v.kind);
    return (kind == "int" ? "an " : "a ") + kind;
}

// The keys of a dict for a message: 'a', 'b', ... (at most 12, printable).
std::string keysText(const Value& dict) {
    std::string s;
    size_t n = 0;
    for (const auto& [k, v] : dict.entries) {
        if (n == 12) return s + ", and " + std::to_string(dict.entries.size() - n) + " more";
        std::string shown;
        if (k->isString())
            for (char c : k->text.substr(0, 60)) shown += (c >= 32 && c < 127) ? c : '?';
        s += (n++ ? ", " : "") + (k->isString() ? "'" + shown + "'" : describe(*k));
        if (v->kind == Kind::Call) s += " (" + describe(*v) + ")";  // e.g. a pickled nn.Module
    }
    return s.empty() ? "no keys" : s;
}

// The keys that training code wraps a state dict in, most specific first.
constexpr const char* kWrapperKeys[] = {"state_dict", "model_state_dict", "model"};

// torch.FloatStorage, ... (and torch.cuda.FloatStorage, which old versions wrote for GPU
// tensors: the bytes are the same, everything is loaded to the CPU).
const StorageType* storageType(const Value& type) {
    if (type.kind != Kind::Global) return nullptr;
    std::string name = type.text;
    if (name.rfind("torch.cuda.", 0) == 0) name = "torch." + name.substr(11);
    for (const auto& s : kStorageTypes)
        if (name == s.name) return &s;
    return nullptr;
}

class Interpreter {
public:
    explicit Interpreter(std::string source) : m_source(std::move(source)) {}

    PickledStateDict run(const Value& root) {
        const Value& dict = chooseStateDict(root);
        for (const auto& [k, v] : dict.entries) {
            if (!k->isString())
                fail(std::string("a key that is a ") + pickle::kindName(k->kind) +
                     ", not a string");
            m_out.tensors.push_back(tensor(k->text, *v));
        }
        return std::move(m_out);
    }

private:
    // The dict of tensors to load. Training checkpoints wrap it ({'state_dict': ...,
    // 'optimizer': ..., 'epoch': ...}; Lightning, {'model': ...}, {'model_state_dict': ...}),
    // possibly twice. Everything outside the chosen dict is never looked at again: its
    // objects stay inert placeholders.
    const Value& chooseStateDict(const Value& root) {
        const Value* dict = &root;
        std::string path;  // where the chosen dict is, for messages: ['state_dict']
        for (int depth = 0;; ++depth) {
            if (dict->kind != Kind::Dict)
                fail((path.empty() ? "the pickled object is " : "its entry " + path + " is ") +
                     describe(*dict) + ", not a state dict" + codeRemark(*dict));
            if (dict->entries.empty() || depth == 4) return *dict;
            // Inside a wrapper, a dict with tensors is the state dict (anything else in it is
            // refused). At the top, a checkpoint may hold loose tensors ('best_acc1') too.
            if (depth > 0 && hasTensorValue(*dict)) return *dict;
            const Value* next = nullptr;
            std::string nextKey;
            for (const char* wrapper : kWrapperKeys) {
                for (const auto& [k, v] : dict->entries)
                    if (k->isString() && k->text == wrapper && v->kind == Kind::Dict) {
                        next = v;
                        nextKey = wrapper;
                        break;
                    }
                if (next) break;
            }
            if (!next) {  // no known wrapper: the one dict value that holds tensors
                std::vector<std::pair<std::string, const Value*>> found;
                for (const auto& [k, v] : dict->entries)
                    if (k->isString() && v->kind == Kind::Dict && hasTensorValue(*v))
                        found.emplace_back(k->text, v);
                // A state dict of its own (whose entries that are not tensors are refused).
                if (found.empty() && hasTensorValue(*dict)) return *dict;
                if (found.size() > 1) {
                    std::string names;
                    for (const auto& f : found) names += (names.empty() ? "'" : ", '") + f.first + "'";
                    fail("it holds several dicts of tensors (" + names +
                         ") and none under the usual keys 'state_dict', 'model_state_dict' or "
                         "'model'. Re-save the one you want on its own");
                }
                if (found.empty())
                    fail("it holds a dict with the keys " + keysText(*dict) +
                         ", and none of them is a state dict (a dict of tensors, usually under "
                         "'state_dict', 'model_state_dict' or 'model')");
                next = found.front().second;
                nextKey = found.front().first;
                m_out.notes.push_back("note: " + m_source + " is a checkpoint without a "
                                      "'state_dict' entry: using the dict of tensors under '" +
                                      nextKey + "'.");
            }
            path += "['" + nextKey + "']";
            dict = next;
        }
    }

    // For an object that runs code when Python unpickles it: why DenseScope will not.
    static std::string codeRemark(const Value& v) {
        return v.kind == Kind::Call ? " (Python would call it to make the object; DenseScope "
                                      "refuses to run code from weight files)"
                                    : std::string();
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw WeightsError(m_source + " does not hold a state dict DenseScope can read: " + what +
                           ". Save the weights with torch.save(model.state_dict(), path).");
    }

    int64_t integer(const Value& v, const std::string& name, const char* what) const {
        if (!v.isInt()) fail("'" + name + "' has a " + what + " that is not an integer");
        return v.integer;
    }

    std::vector<int64_t> ints(const Value& v, const std::string& name, const char* what) const {
        if (!v.isSequence()) fail("'" + name + "' has a " + what + " that is not a tuple");
        if (v.items.size() > kMaxDims) fail("'" + name + "' has more than 16 dimensions");
        std::vector<int64_t> out;
        for (const Value* i : v.items) {
            out.push_back(integer(*i, name, what));
            if (out.back() < 0) fail("'" + name + "' has a negative " + what + " entry");
        }
        return out;
    }

    TensorRef tensor(const std::string& name, const Value& v, bool inParameter = false) {
        if (!isTensorCall(v))
            fail("entry '" + name + "' is " + describe(v) +
                 ", not a tensor: a state dict holds only tensors" + codeRemark(v));
        const std::string& fn = v.items[0]->text;
        const Value& args = *v.items[1];
        if (fn == "torch._utils._rebuild_parameter") {  // Parameter(data, requires_grad, hooks)
            // A parameter's data is a tensor. Parameters of parameters only recurse: a 120 KB
            // file nesting them 30000 deep overflowed the stack.
            if (inParameter) fail("'" + name + "' is a parameter wrapped in a parameter");
            if (args.items.empty()) fail("'" + name + "' is a parameter without data");
            return tensor(name, *args.items[0], /*inParameter=*/true);
        }
        if (args.items.size() < 4) fail("'" + name + "' is rebuilt with too few arguments");
        TensorRef t;
        t.name = name;
        storage(name, *args.items[0], t);
        t.offset = integer(*args.items[1], name, "storage offset");
        if (t.offset < 0) fail("'" + name + "' has a negative storage offset");
        t.size = ints(*args.items[2], name, "size");
        t.stride = ints(*args.items[3], name, "stride");
        if (t.size.size() != t.stride.size())
            fail("'" + name + "' has different numbers of sizes and strides");
        return t;
    }

    // ('storage', torch.FloatStorage, key, location, numel[, view_metadata])
    void storage(const std::string& name, const Value& v, TensorRef& t) {
        if (v.kind != Kind::PersistentId) fail("'" + name + "' has no storage reference");
        const Value& pid = *v.items[0];
        if (!pid.isSequence() || pid.items.size() < 5 || !pid.items[0]->isString() ||
            pid.items[0]->text != "storage")
            fail("'" + name + "' has a storage reference of an unknown form");
        const StorageType* st = storageType(*pid.items[1]);
        if (!st) fail("'" + name + "' refers to a storage of an unknown type");
        if (!pid.items[2]->isString())
            fail("'" + name + "' has a storage key that is not a string");
        // pid.items[3] is the location ("cpu", "cuda:0"): everything is loaded to the CPU.
        const std::string key = pid.items[2]->text;
        const int64_t numel = integer(*pid.items[4], name, "storage size");
        if (numel < 0) fail("'" + name + "' has a negative storage size");
        auto [it, inserted] = m_out.storages.emplace(key, StorageRef{key, st->dtype, numel});
        if (!inserted && (it->second.dtype != st->dtype || it->second.numel != numel))
            fail("storage '" + key + "' is described in two different ways");
        t.storageKey = key;
        t.limit = numel;
        if (pid.items.size() > 5 && pid.items[5]->kind != Kind::None) {  // legacy view
            const Value& view = *pid.items[5];
            if (!view.isSequence() || view.items.size() != 3)
                fail("'" + name + "' has a storage view of an unknown form");
            t.base = integer(*view.items[1], name, "view offset");
            t.limit = integer(*view.items[2], name, "view size");
            if (t.base < 0 || t.limit < 0 || t.base > numel || t.limit > numel - t.base)
                fail("'" + name + "' views elements outside its storage of " +
                     std::to_string(numel));
        }
    }

    std::string m_source;
    PickledStateDict m_out;
};

}  // namespace

PickledStateDict interpretStateDict(const Value& root, const std::string& source) {
    return Interpreter(source).run(root);
}

std::map<std::string, StorageRef> storageRefs(const std::vector<const Value*>& persistentIds) {
    std::map<std::string, StorageRef> out;
    for (const Value* v : persistentIds) {
        const Value& pid = *v->items[0];
        if (!pid.isSequence() || pid.items.size() < 5 || !pid.items[0]->isString() ||
            pid.items[0]->text != "storage" || !pid.items[2]->isString() || !pid.items[4]->isInt() ||
            pid.items[4]->integer < 0)
            continue;
        const StorageType* st = storageType(*pid.items[1]);
        if (!st) continue;
        out.emplace(pid.items[2]->text,
                    StorageRef{pid.items[2]->text, st->dtype, pid.items[4]->integer});
    }
    return out;
}

int64_t itemSize(torch::ScalarType t) { return int64_t(c10::elementSize(t)); }

torch::Tensor readStorage(BinaryFile& file, uint64_t offset, torch::ScalarType dtype, int64_t numel,
                          const std::string& what) {
    const uint64_t item = uint64_t(itemSize(dtype));
    if (numel < 0 || offset > file.size() || uint64_t(numel) > (file.size() - offset) / item)
        file.truncated(offset, numel < 0 ? 0 : uint64_t(numel) * item, what);
    torch::Tensor t = torch::empty({numel}, torch::TensorOptions().dtype(dtype));
    file.readAt(offset, t.data_ptr(), uint64_t(numel) * item, what);
    return t;
}

torch::Tensor normalizeDtype(const torch::Tensor& t) {
    if (t.is_floating_point()) return t.scalar_type() == torch::kFloat ? t : t.to(torch::kFloat);
    return t.scalar_type() == torch::kLong ? t : t.to(torch::kLong);
}

StateDict assembleStateDict(const PickledStateDict& pickled,
                            std::map<std::string, torch::Tensor> storages,
                            const std::string& source) {
    for (auto& [key, t] : storages) t = normalizeDtype(t);
    StateDict out;
    out.reserve(pickled.tensors.size());
    for (const TensorRef& r : pickled.tensors) {
        auto it = storages.find(r.storageKey);
        if (it == storages.end())
            throw WeightsError(source + ": the data of storage '" + r.storageKey + "' (tensor '" +
                               r.name + "') is missing: the file is truncated or corrupt.");
        // Highest element the view touches, relative to its window, without overflow.
        bool empty = false;
        for (int64_t s : r.size) empty = empty || s == 0;
        int64_t last = r.offset;
        bool overflow = false;
        if (!empty)
            for (size_t d = 0; d < r.size.size(); ++d) {
                const int64_t span = r.size[d] - 1;
                if (r.stride[d] != 0 &&
                    span > (std::numeric_limits<int64_t>::max() - last) / r.stride[d]) {
                    overflow = true;
                    break;
                }
                last += span * r.stride[d];
            }
        if (overflow || r.offset > r.limit || (!empty && last >= r.limit))
            throw WeightsError(source + ": tensor '" + r.name + "' (size " + shapeText(r.size) +
                               ", stride " + shapeText(r.stride) + ", offset " +
                               std::to_string(r.offset) + ") does not fit in its storage of " +
                               std::to_string(r.limit) + " elements: the file is corrupt.");
        out.emplace_back(r.name, it->second.as_strided(r.size, r.stride, r.base + r.offset));
    }
    return out;
}

}  // namespace ds::detail
