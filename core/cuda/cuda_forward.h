#pragma once
// The CUDA inference path (internal: includes LibTorch).
//
// DenseNet at batch 1 is launch-bound on a GPU (~430 small kernels), so this path runs the
// module in channels_last with cuDNN autotuning, optionally in fp16/bf16 (BatchNorm in fp32),
// and records the whole forward once per input shape as a CUDA graph, replayed with one launch.
// The graph keeps every capturable module output (views of the block buffers, so almost free),
// so one graph serves any layer the UI asks for.
//
// CUDA graphs need a CUDA build of LibTorch (>= 2.1) and the CUDA toolkit's headers: CMake
// defines DENSESCOPE_WITH_CUDA when find_package(Torch) found a CUDA LibTorch, and
// DENSESCOPE_CUDA_GRAPHS when find_package(CUDAToolkit) succeeded (configuration fails loudly
// otherwise, unless -DDENSESCOPE_CUDA_GRAPHS=OFF). Without CUDA (e.g. Debian's CPU LibTorch)
// this file compiles to the eager path and CudaForward is only constructed when
// torch::cuda::is_available().
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "densenet.h"
#include "densescope/engine.h"

namespace ds {

class CudaForward {
public:
    // model: loaded, eval mode, on the CPU; moved to the GPU here. optimize: channels_last,
    // cuDNN autotuning (set per forward, the flag is process-wide), fp16/bf16 and CUDA graphs
    // when compiled in (DENSESCOPE_NO_CUDA_GRAPHS=1 in the environment turns graphs off).
    // optimize = false runs the plain fp32 module in NCHW without autotuning (precision must
    // be fp32; Engine refuses the combination). fp32 is strict: TF32 is off for this engine's
    // convolutions and matmuls (set per forward). Under fp16/bf16 BatchNorm parameters and
    // running statistics stay fp32. A failed graph capture is unwound (stream capture ended,
    // allocator pool released) and that input shape runs eagerly, with a warning.
    CudaForward(DenseNet model, Precision precision, bool optimize);
    ~CudaForward();

    // input: float32 [N, 3, H, W] (any device). Returns float32 logits [N, classes] on the GPU.
    // capture sees the same names as DenseNetImpl::forward's (tensors on the GPU, in the
    // chosen precision; valid until the next forward).
    torch::Tensor forward(const torch::Tensor& input, const CaptureFn& capture);

    std::string description() const;  // "NVIDIA H100 80GB HBM3, fp16, CUDA graphs"
    static bool graphsCompiled();

private:
    struct Graph;
    Graph* graphFor(const torch::Tensor& input);
    torch::Tensor prepare(const torch::Tensor& input) const;

    DenseNet m_model;
    torch::Device m_device{torch::kCUDA};
    torch::ScalarType m_dtype = torch::kFloat;
    Precision m_precision;
    bool m_optimize = true;
    bool m_graphs = false;
    std::map<std::tuple<int64_t, int64_t, int64_t>, std::unique_ptr<Graph>> m_cache;
};

}  // namespace ds
