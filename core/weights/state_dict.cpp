// readStateDict: format detection and the two torch.save layouts (legacy pickle stream, zip).
#include <cstring>
#include <new>
#include <set>

#include "densescope/errors.h"
#include "state_dict_internal.h"
#include "torch_errors.h"
#include "weights.h"
#include "zip_reader.h"

namespace ds {

namespace detail {
namespace {

// torch.serialization's MAGIC_NUMBER 0x1950a86a20f9469cfc6c as pickled by LONG1 (little-endian).
const std::string kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr int64_t kLegacyProtocol = 1001;

std::string keyText(const std::string& key) { return "storage '" + key + "'"; }

StateDict readLegacy(BinaryFile& file, std::vector<std::string>* notes) {
    const std::string src = file.quoted();
    pickle::Unpickler pickles(file, src);
    const pickle::Value& magic = pickles.load();
    if (magic.kind == pickle::Kind::Call && magic.items[0]->kind == pickle::Kind::Global)
        throw WeightsError(
            src + " is a Python pickle that calls '" + magic.items[0]->text +
                "' when Python loads it, not a torch.save file; DenseScope refuses "
                "to run code from weight files. Use a state dict saved with "
                "torch.save, or a .safetensors file.",
            ErrorKind::WeightsUnsupported,
            {{"file", file.path()}, {"reason", "pickle-code"}, {"code", magic.items[0]->text}});
    if (magic.kind != pickle::Kind::Int || !magic.bigInt || magic.text != kLegacyMagic)
        throw WeightsError(
            src +
                " is a Python pickle but not a torch.save file (its magic number is missing). "
                "Use a state dict saved with torch.save, or a .safetensors file.",
            ErrorKind::WeightsUnsupported, {{"file", file.path()}, {"reason", "not-torch-save"}});
    const pickle::Value& protocol = pickles.load();
    if (!protocol.isInt() || protocol.integer != kLegacyProtocol)
        throw WeightsError(
            src +
                " uses an unknown torch.save protocol version: re-save it with a current PyTorch.",
            ErrorKind::WeightsUnsupported, {{"file", file.path()}, {"reason", "unknown-protocol"}});
    const pickle::Value& sysInfo = pickles.load();
    if (sysInfo.kind == pickle::Kind::Dict)
        for (const auto& [k, v] : sysInfo.entries)
            if (k->isString() && k->text == "little_endian" && v->kind == pickle::Kind::Bool &&
                !v->boolean)
                throw WeightsError(src +
                                       " was saved on a big-endian machine; DenseScope reads "
                                       "little-endian files only.",
                                   ErrorKind::WeightsUnsupported,
                                   {{"file", file.path()}, {"reason", "big-endian"}});
    PickledStateDict pickled = interpretStateDict(pickles.load(), src);
    // Storages of everything the pickle holds (a training checkpoint's optimizer state too):
    // the list below names them all, and those the state dict does not use are skipped.
    const std::map<std::string, StorageRef> described = storageRefs(pickles.persistentIds());
    const pickle::Value& keys = pickles.load();
    if (keys.kind != pickle::Kind::List)
        throw WeightsError(src + " has no storage list after the state dict: the file is corrupt.");

    // The storages follow in the order of `keys`: an int64 element count, then the raw data.
    std::map<std::string, torch::Tensor> storages;
    std::set<std::string> seen;
    for (const pickle::Value* k : keys.items) {
        if (!k->isString())
            throw WeightsError(src +
                               " has a storage key that is not a string: the file is corrupt.");
        const auto used = pickled.storages.find(k->text);
        const auto any = described.find(k->text);
        if (any == described.end() || !seen.insert(k->text).second)
            throw WeightsError(src + " lists " + keyText(k->text) +
                               " that nothing in the file describes (or twice): the file is "
                               "corrupt.");
        const StorageRef& ref = used != pickled.storages.end() ? used->second : any->second;
        unsigned char countBytes[8];
        file.readFor(countBytes, 8, "the size of " + keyText(k->text));
        const uint64_t count = loadLE(countBytes, 8);
        if (count != uint64_t(ref.numel))
            throw WeightsError(src + ": " + keyText(k->text) + " holds " + std::to_string(count) +
                               " elements but the file describes " + std::to_string(ref.numel) +
                               ": the file is corrupt.");
        if (used == pickled.storages.end()) {  // optimizer state and the like: skip its bytes
            const uint64_t item = uint64_t(itemSize(ref.dtype)), at = file.position();
            if (count > file.remaining() / item)
                file.truncated(at, count * item, "the data of " + keyText(k->text));
            file.seek(at + count * item);
            continue;
        }
        storages[k->text] = readStorage(file, file.position(), ref.dtype, ref.numel,
                                        "the data of " + keyText(k->text));
    }
    if (notes) notes->insert(notes->end(), pickled.notes.begin(), pickled.notes.end());
    return assembleStateDict(pickled, std::move(storages), src);
}

StateDict readZip(BinaryFile& file, std::vector<std::string>* notes) {
    const std::string src = file.quoted();
    ZipReader zip(file);
    const ZipEntry* pkl = nullptr;
    for (const auto& e : zip.entries()) {
        const auto slash = e.name.find('/');
        if (slash != std::string::npos &&
            e.name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            pkl = &e;
            break;
        }
    }
    if (!pkl)
        throw WeightsError(
            src + " is a zip archive without a data.pkl: it is not a torch.save file.",
            ErrorKind::WeightsUnsupported, {{"file", file.path()}, {"reason", "not-torch-save"}});
    const std::string prefix = pkl->name.substr(0, pkl->name.size() - std::strlen("data.pkl"));
    if (const ZipEntry* order = zip.find(prefix + "byteorder")) {
        std::string text(size_t(std::min<uint64_t>(order->size, 16)), '\0');
        file.readAt(zip.dataOffset(*order), text.data(), text.size(), "the byte order");
        if (text.size() == order->size) zip.verify(*order, text.data(), text.size());
        if (text != "little")
            throw WeightsError(src + " was saved with byte order '" + text +
                                   "'; DenseScope reads little-endian files only.",
                               ErrorKind::WeightsUnsupported,
                               {{"file", file.path()}, {"reason", "big-endian"}});
    }
    const std::string pklSource = src + " (" + pkl->name + ")";
    // dataOffset() checks the size against the file: call it before allocating.
    const uint64_t pklOffset = zip.dataOffset(*pkl);
    std::string bytes(size_t(pkl->size), '\0');
    file.readAt(pklOffset, bytes.data(), bytes.size(), "'" + pkl->name + "'");
    zip.verify(*pkl, bytes.data(), bytes.size());
    MemoryReader reader(bytes.data(), bytes.size(), pklSource);
    pickle::Unpickler unpickler(reader, pklSource);
    PickledStateDict pickled = interpretStateDict(unpickler.load(), src);

    std::map<std::string, torch::Tensor> storages;
    for (const auto& [key, ref] : pickled.storages) {
        const std::string name = prefix + "data/" + key;
        const ZipEntry* e = zip.find(name);
        if (!e)
            throw WeightsError(src + " lacks the entry '" + name + "' for " + keyText(key) +
                               ": the file is corrupt.");
        const uint64_t offset = zip.dataOffset(*e);
        const uint64_t item = uint64_t(itemSize(ref.dtype));
        if (uint64_t(ref.numel) > e->size / item || e->size != uint64_t(ref.numel) * item)
            throw WeightsError(src + ": entry '" + name + "' has " + std::to_string(e->size) +
                               " bytes but " + keyText(key) + " needs " +
                               std::to_string(ref.numel) + " elements of " + std::to_string(item) +
                               " bytes: the file is corrupt.");
        torch::Tensor storage = readStorage(file, offset, ref.dtype, ref.numel, "'" + name + "'");
        zip.verify(*e, storage.data_ptr(), e->size);
        storages[key] = std::move(storage);
    }
    if (notes) notes->insert(notes->end(), pickled.notes.begin(), pickled.notes.end());
    return assembleStateDict(pickled, std::move(storages), src);
}

std::string hexPrefix(const unsigned char* b, size_t n) {
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) {
        if (i) s += ' ';
        s += kHex[b[i] >> 4];
        s += kHex[b[i] & 15];
    }
    return s;
}

}  // namespace
}  // namespace detail

StateDict readStateDict(const std::string& path, std::vector<std::string>* notes) {
    try {
        BinaryFile file(path);
        if (file.size() == 0)
            throw WeightsError(file.quoted() + " is empty: download or save the weights again.",
                               ErrorKind::WeightsEmpty, {{"file", path}});
        unsigned char head[9] = {};
        const size_t n = size_t(std::min<uint64_t>(file.size(), sizeof head));
        file.readAt(0, head, n, "the file header");
        file.seek(0);
        if (n >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) return detail::readZip(file, notes);
        if (n >= 4 && std::memcmp(head, "PK\x05\x06", 4) == 0)
            throw WeightsError(file.quoted() + " is an empty zip archive, not a torch.save file.",
                               ErrorKind::WeightsUnsupported,
                               {{"file", path}, {"reason", "not-torch-save"}});
        // Before the pickle test: a safetensors header length may well start with byte 0x80.
        if (n == 9 && head[8] == '{') return detail::readSafetensors(file);
        if (head[0] == 0x80) return detail::readLegacy(file, notes);
        throw WeightsError(
            file.quoted() +
                " is not a weights file DenseScope can read: expected a PyTorch .pth (zip or "
                "legacy torch.save) or a .safetensors file, but it starts with bytes " +
                detail::hexPrefix(head, n) + ".",
            ErrorKind::WeightsUnsupported,
            {{"file", path}, {"reason", "unknown-format"}, {"bytes", detail::hexPrefix(head, n)}});
    } catch (const WeightsOutOfMemory&) {
        throw;
    } catch (const WeightsError& e) {
        // The many ways a file can be damaged (a storage that is short, a key that is not a
        // string, a zip entry that is missing) are one kind for a person: the file is corrupt.
        if (e.kind() != ErrorKind::Other) throw;
        throw WeightsError(e.what(), ErrorKind::WeightsCorrupt,
                           {{"file", path}, {"detail", e.what()}});
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw WeightsOutOfMemory("Reading weights from '" + path +
                                     "' ran out of memory: the file is too large for this machine.");
        throw WeightsError("Reading weights from '" + path +
                           "' failed: " + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw WeightsOutOfMemory("Reading weights from '" + path +
                                 "' ran out of memory: the file is too large for this machine.");
    }
}

}  // namespace ds
