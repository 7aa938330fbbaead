#pragma once
// Feature maps from a device (GPU) tensor to the host in one transfer (internal: LibTorch).
//
// The CPU forward's maps take the fused host path (cpu_kernels.h channelsLastToHost). A GPU
// output instead gets its per-channel statistics (amin/amax/mean) and, when `bytes`, its 8-bit
// form (quantizeValue's arithmetic as ATen ops) computed where it is; everything is packed into
// one float tensor (the bytes as float words) and copied once. The function runs on any device:
// on the CPU the copy is a no-op but the quantisation and packing are the same code, which is
// how the tests check the GPU path's arithmetic on a machine without a GPU.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "densescope/engine.h"

namespace ds {

// A CPU tensor's elements as a vector (any layout).
template <typename T>
std::vector<T> hostValues(const torch::Tensor& t) {
    const auto c = t.contiguous();
    return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

// output: [N, C, H, W] of any float dtype on any device; image 0 is returned.
FeatureMap packedMapToHost(const std::string& name, const torch::Tensor& output, bool bytes);

}  // namespace ds
