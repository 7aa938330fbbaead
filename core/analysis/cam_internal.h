#pragma once
// What cam.cpp, cam_maps.cpp and cam_perturbation.cpp share (internal, LibTorch).
#include <torch/torch.h>

#include <functional>
#include <string>

#include "analysis_internal.h"
#include "densescope/analysis.h"
#include "densescope/teach.h"

namespace ds::internal {

// A layer's CAM [H, W] (double, >= 0) from A and g ([C, H, W], float32; g undefined for the
// methods without gradients), per analysis.h's formulas (cam_maps.cpp). `weights` [C]
// (double): Score-CAM's and Ablation-CAM's, computed by the caller.
torch::Tensor camOf(CamMethod method, const torch::Tensor& a32, const torch::Tensor& g32,
                    bool eigenSmooth, const torch::Tensor& weights = {});
// The CamMap of a layer's CAM [H, W]: its values as float32, their maximum and where it is.
CamMap camMap(const std::string& layer, const torch::Tensor& cam);

// Eigen-CAM's projection of [C, H, W] (double): the HW x C matrix with centred columns times
// its first right-singular vector, negated when |min| > |max|, after a ReLU; [H, W] double.
torch::Tensor eigenProjection(const torch::Tensor& chw);

// The logits [N, classes] of a taught head on norm5's output [N, C, H, W].
torch::Tensor headLogits(const LinearHead& head, const torch::Tensor& norm5);

// Score-CAM: the class's logit for the input times the mask of each of channels [first,
// first + n) of A [C, h, w]; [n] double on the CPU.
torch::Tensor scoreCamScores(Engine& engine, DenseNetImpl& model, const torch::Tensor& input,
                             const torch::Tensor& a, int64_t first, int64_t n, int target,
                             const LinearHead* head);
// Ablation-CAM: the class's logit with channel first + j of state.output set to 0, j < n, the
// network continued from the module; [n] double on the CPU.
torch::Tensor ablatedLogits(DenseNetImpl& model, const ResumeState& state, int64_t first, int64_t n,
                            int target, const LinearHead* head);

}  // namespace ds::internal
