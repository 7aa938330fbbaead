#pragma once
// Weights: spec parsing, the ImageNet file lookup, reading state dicts from the three file
// formats, and loading them into a model by name. Internal header (includes LibTorch).
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "densescope/config.h"
#include "densescope/errors.h"
#include "densescope/imagenet_weights.h"

namespace ds {

struct WeightsSpec {
    enum class Kind { Random, File, ImageNet };
    Kind kind = Kind::Random;
    uint64_t seed = 0;  // Random only
    std::string path;   // File only
    // "random", "random:SEED", "imagenet", or a path. Throws WeightsError for "random:abc".
    static WeightsSpec parse(const std::string& text);
};

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

// Reads a state dict from a legacy (non-zip) torch.save pickle, a zip torch.save archive or
// a .safetensors file (detected by content, not extension). Tensors are float32 (float16/
// bfloat16/float64 converted) or int64 on the CPU. Pickles go through a restricted reader
// that never runs code (pickle_reader.h). A training checkpoint's state dict is found under
// 'state_dict', 'model_state_dict' or 'model' (torch_pickle.cpp); what lies outside it
// (optimizer state, metadata objects) is never used, and its storages are not read. Throws
// WeightsError naming the file and the problem; never allocates more than the file's size
// plus the tensors it holds. `notes` (optional) gets remarks for a person ("note: ...").
StateDict readStateDict(const std::string& path, std::vector<std::string>* notes = nullptr);

// What readStateDict throws when the machine ran out of memory while reading (a WeightsError
// for callers that only want to show it; Engine::load turns it into its out-of-memory message
// with the model's estimate).
class WeightsOutOfMemory : public WeightsError {
public:
    using WeightsError::WeightsError;
};

// What loadStateDict throws when the only difference is the classifier's number of classes
// (a fine-tuned classifier): the file's classifier has `fileClasses` outputs. Engine::load
// rebuilds the model with that many classes for a file spec.
class WeightsClassesError : public WeightsError {
public:
    WeightsClassesError(const std::string& message, int classes, Values values = {})
        : WeightsError(message, ErrorKind::WeightsOtherClasses, std::move(values)),
          fileClasses(classes) {}
    int fileClasses;
};

// Copies `dict` into `model` by name. Strips a prefix that every key shares when that makes
// the keys the model's ("module." from DataParallel, Lightning's "model.", "net.", ...; a
// note in `notes` says which), renames torchvision's legacy keys (denselayerN.norm.1.weight
// -> denselayerN.norm1.weight), treats num_batches_tracked as optional. Throws WeightsError
// listing missing keys, unexpected keys and shape mismatches (with both shapes), or
// WeightsClassesError; the model is unchanged then. Returns the prefix stripped ("" if none).
std::string loadStateDict(torch::nn::Module& model, StateDict dict, const std::string& source,
                   std::vector<std::string>* notes = nullptr);

}  // namespace ds
