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
// that refuses any global other than the few a state dict needs. Throws WeightsError naming
// the file and the problem; never allocates more than the file's size plus the tensors it holds.
StateDict readStateDict(const std::string& path);

// What readStateDict throws when the machine ran out of memory while reading (a WeightsError
// for callers that only want to show it; Engine::load turns it into its out-of-memory message
// with the model's estimate).
class WeightsOutOfMemory : public WeightsError {
public:
    using WeightsError::WeightsError;
};

// Copies `dict` into `model` by name. Renames torchvision's legacy keys
// (denselayerN.norm.1.weight -> denselayerN.norm1.weight), strips a "module." prefix,
// treats num_batches_tracked as optional. Throws WeightsError listing missing keys,
// unexpected keys and shape mismatches (with both shapes); the model is unchanged then.
void loadStateDict(torch::nn::Module& model, StateDict dict, const std::string& source);

}  // namespace ds
