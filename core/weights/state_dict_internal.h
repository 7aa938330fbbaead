#pragma once
// Shared pieces of the state-dict readers (state_dict.cpp, torch_pickle.cpp, safetensors.cpp).
// Internal: includes LibTorch.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "binary_file.h"
#include "pickle_reader.h"
#include "weights.h"

namespace ds::detail {

// A storage a pickled state dict refers to through a persistent id.
struct StorageRef {
    std::string key;
    torch::ScalarType dtype = torch::kFloat;
    int64_t numel = 0;
};

// A tensor of a pickled state dict: a strided view of a storage. Legacy files may view a
// window [base, base + limit) of a storage; the view must stay inside that window.
struct TensorRef {
    std::string name;
    std::string storageKey;
    int64_t base = 0;
    int64_t limit = 0;
    int64_t offset = 0;
    std::vector<int64_t> size, stride;
};

struct PickledStateDict {
    std::vector<TensorRef> tensors;
    std::map<std::string, StorageRef> storages;  // those the tensors use
    std::vector<std::string> notes;              // for Engine::notes(), "note: ..."
};

// Interprets the object pickle of a torch.save file (legacy or zip): finds the state dict
// (the root dict, or the one a training checkpoint wraps under 'state_dict',
// 'model_state_dict' or 'model', or its only dict of tensors) and refuses anything in it that
// is not a tensor. Everything outside it is ignored. Throws WeightsError.
PickledStateDict interpretStateDict(const pickle::Value& root, const std::string& source);

// Every storage the persistent ids describe, wherever they are in the pickle (optimizer
// state too), keyed by storage key; ids of other forms are left out.
std::map<std::string, StorageRef> storageRefs(const std::vector<const pickle::Value*>& persistentIds);

// Element size of a storage dtype.
int64_t itemSize(torch::ScalarType t);

// Allocates a 1-D tensor of `numel` elements and reads its bytes from `offset` straight into
// it, after checking that the file holds them (no allocation for a lying length).
torch::Tensor readStorage(BinaryFile& file, uint64_t offset, torch::ScalarType dtype, int64_t numel,
                          const std::string& what);

// float16/bfloat16/float64 -> float32, integer and bool types -> int64.
torch::Tensor normalizeDtype(const torch::Tensor& t);

// Builds the state dict's tensors as views of `storages` (raw dtype, keyed by storage key),
// checking that every view lies inside its storage. Consumes `storages`.
StateDict assembleStateDict(const PickledStateDict& pickled,
                            std::map<std::string, torch::Tensor> storages,
                            const std::string& source);

// metadata (optional) gets the header's "__metadata__" entries in file order; they must then be
// strings (the format's rule), else WeightsError.
StateDict readSafetensors(BinaryFile& file,
                          std::vector<std::pair<std::string, std::string>>* metadata = nullptr);

// A JSON array of at most maxItems strings (e.g. a metadata value), read with the header's
// budgets (json_cursor.h). Throws WeightsError naming `source` for anything else.
std::vector<std::string> parseJsonStringArray(const std::string& text, const std::string& source,
                                              size_t maxItems);

}  // namespace ds::detail
