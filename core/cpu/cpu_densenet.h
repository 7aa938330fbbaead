#pragma once
// The CPU inference form of a DenseNet, built once from a loaded DenseNet module.
//
// Same outputs as DenseNetImpl::forward (within float rounding), computed faster:
// - activations are channels_last, every convolution runs through oneDNN with weights
//   prepacked at load time (PackedConv);
// - BatchNorms that follow a convolution are folded into it: norm2 into each dense layer's
//   conv1 (plus its ReLU, fused), norm0 into conv0 when features.conv0 / features.norm0 are
//   not requested (they are then computed unfused, exactly);
// - BatchNorms that precede a ReLU (norm1, transition norm, norm5) are one fused
//   multiply-add + ReLU pass with scale/shift precomputed at load (cpu_kernels.h);
// - a dense block's layers read their input from, and write their k channels into, one
//   preallocated buffer (no torch.cat), so every dense layer's output is a view of it;
// - each transition pools before its 1x1 convolution (both linear: 4x fewer MACs).
// Internal header (includes LibTorch).
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "cpu_kernels.h"
#include "densenet.h"
#include "packed_conv.h"

namespace ds {

// Returns the heap's free pages to the system (glibc malloc_trim; a no-op elsewhere, and until
// the program chose the inference allocator: configureProcess()). Loading frees many
// weight-sized blocks that later allocations do not fit into; without this the process keeps
// them resident (~35 MB for densenet121).
void trimHeap();

// Keeps freed memory in the process between forward passes (glibc: fixed mmap and trim
// thresholds instead of the adaptive ones). Otherwise glibc hands large activation buffers
// back to the system after each pass and the next pass page-faults them in again: measured
// 1.6x slower forwards when classify() alternates with preprocessing and map copies.
// Process-wide: only configureProcess() calls it (ProcessOptions::inferenceAllocator). No-op
// elsewhere.
void keepFreedMemory();

class CpuDenseNet {
public:
    // Consumes `model` (eval mode, CPU, float32): its convolution weights are released as they
    // are packed, so two copies of them never coexist; do not run the model afterwards.
    // inputSize: the usual [N, 3, H, W] (oneDNN tunes weight layouts for it).
    // cancelled (optional): polled after each dense layer; true throws ds::Cancelled.
    explicit CpuDenseNet(DenseNetImpl& model, std::vector<int64_t> inputSize = {1, 3, 224, 224},
                         const std::function<bool()>& cancelled = {});

    struct Request {
        CaptureFn
            capture;  // sees module outputs as DenseNetImpl::forward's does (views: clone to keep)
        bool stem = false;   // also emit features.conv0 and features.norm0 (computed unfused)
        bool norm5 = false;  // also emit features.norm5
    };
    // x: float32 [N, 3, H, W], taken over (freed after the first convolution unless the caller
    // keeps a reference). Returns logits [N, numClasses].
    torch::Tensor forward(torch::Tensor x, const Request& request) const;

    bool prepacked() const { return m_stemFused.packed(); }

private:
    struct Layer {
        ChannelAffine norm1;
        PackedConv conv1;  // norm2 folded in, ReLU fused
        PackedConv conv2;
    };
    struct Block {
        int64_t inChannels = 0, growthRate = 0;
        std::vector<Layer> layers;
        std::vector<std::string> layerNames;
        std::string name;
    };
    struct Transition {
        ChannelAffine norm;
        PackedConv conv;
        std::string name;
    };

    torch::Tensor stem(torch::Tensor x, const Request& request) const;
    // Takes x over and drops it once copied into the block's buffer (lower peak memory).
    torch::Tensor block(const Block& b, torch::Tensor x, const CaptureFn& capture) const;

    PackedConv m_stemFused;  // conv0 with norm0 folded in, ReLU fused
    PackedConv m_conv0;      // conv0 alone, for features.conv0 / features.norm0 requests
    ChannelAffine m_norm0, m_norm5;
    std::vector<Block> m_blocks;
    std::vector<Transition> m_transitions;
    torch::Tensor m_classifierWeight, m_classifierBias;
};

}  // namespace ds
