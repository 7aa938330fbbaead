#pragma once
// How faithful a class activation map is to the network: does removing what the map points at
// change the class's logit more than removing what it ignores? (Issue 21, section 3.) No
// LibTorch, Eigen or Qt types in this header.
//
//   s(v)    = (v - min v) / (max(v - min v) + 1e-7)
//   cam224  = s(resize(s(m))): m the CAM after its ReLU, resize bilinear to 224 x 224 with
//             half-pixel centres (cv2.resize INTER_LINEAR, torch interpolate with
//             align_corners=False).
//   y       = the class's logit (before softmax); every change is y(changed x) - y(x), x the
//             normalised 3 x 224 x 224 network input.
//   confidence change = y(x * cam224) - y(x)
//   ROAD (Rong et al. 2022, "remove and debias"), noise-free linear imputation: for p in
//   10, 20, ..., 90, most relevant first (MoRF) removes the pixels with cam224 >= the p-th
//   percentile of cam224 (numpy's default linear interpolation); least relevant first (LeRF)
//   removes those with 1 - cam224 >= the p-th percentile of 1 - cam224. Each removed pixel is
//   replaced, per channel, by the weighted mean of its 8 neighbours (1/6 for the four sharing
//   an edge, 1/12 for the diagonal ones; neighbours outside the image drop out and the mean is
//   over the remaining weights), all removed pixels together: one sparse linear system, the
//   kept pixels fixed. When every pixel is removed the system has no fixed pixel and any
//   constant image solves it: its minimum-norm solution, 0 (the normalised input's mean, i.e.
//   ImageNet's mean colour), is used.
//   road_morf, road_lerf = the mean logit change over the nine percentiles;
//   road_combined = (road_lerf - road_morf) / 2: higher is more faithful.
#include <cstdint>
#include <string>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/engine.h"
#include "densescope/image.h"

namespace ds {

struct LinearHead;  // teach.h

constexpr int kRoadSize = 224;  // the network input's side, which cam224 and ROAD work on
constexpr int kRoadSteps = 9;   // percentiles 10, 20, ..., 90

// cam224 (above) of a map: `size` x `size` values in [0, 1), row-major. Throws ConfigError for
// an empty map or one whose values do not fill height x width.
std::vector<float> cam224(const CamMap& map, int size = kRoadSize);

// The pixels ROAD removes at percentile `percent` (0 to 100) of a normalised map (cam224):
// 1 = removed, row-major. mostRelevantFirst: cam >= the percentile of cam; else
// 1 - cam >= the percentile of 1 - cam (the percentile as numpy computes it, then compared in
// float32 as numpy compares a float32 array with it).
std::vector<uint8_t> roadMask(const std::vector<float>& cam, int percent, bool mostRelevantFirst);

// ROAD's noise-free linear imputation of a float32 CHW [channels, height, width] image:
// the pixels with removed[y * width + x] != 0 replaced in every channel (above); the others are
// copied. One sparse Cholesky factorisation (of the system scaled to be symmetric, which has
// the same solution) serves all channels. Throws ConfigError for sizes that do not match.
std::vector<float> roadImpute(const std::vector<float>& chw, int channels, int height, int width,
                              const std::vector<uint8_t>& removed);

struct FaithfulnessMetrics {
    int classIndex = 0;
    double logit = 0;             // y(x)
    double confidenceChange = 0;  // y(x * cam224) - y(x)
    double roadMorf = 0;          // mean over the percentiles of morf
    double roadLerf = 0;          // mean over the percentiles of lerf
    double roadCombined = 0;      // (roadLerf - roadMorf) / 2
    std::vector<int> percentiles;   // 10, 20, ..., 90
    std::vector<double> morf;       // y(imputed x) - y(x), MoRF, per percentile
    std::vector<double> lerf;       // the same, LeRF
    std::vector<int> removedMorf;   // pixels removed, per percentile (of 224 * 224)
    std::vector<int> removedLerf;
};

// The metrics of `map` (a CAM of this input, e.g. from computeCams) for class `classIndex` of a
// preprocessed float32 CHW [3, 224, 224] input. 18 imputations (run on LibTorch's intra-op
// threads) and 20 inputs through the engine's fast forward in two batches; `progress` is
// called with (done, 20) between steps and returns false to stop (Cancelled). With a head
// (or, head null, the engine's own: Engine::setHead) the logits are the head's, on the pooled
// features of the plain module. Throws ImageError for an input of another size, ConfigError for
// a bad class or a map that is constant (it ranks no pixel above another) or does not fill its
// size, std::logic_error with no model loaded.
FaithfulnessMetrics faithfulness(Engine& engine, const std::vector<float>& chw, int height,
                                 int width, const CamMap& map, int classIndex,
                                 const ProgressFn& progress = {}, const LinearHead* head = nullptr);
// The same for an image (preprocessed as classify() does).
FaithfulnessMetrics faithfulness(Engine& engine, const RgbImage& image, const CamMap& map,
                                 int classIndex, const ProgressFn& progress = {},
                                 const LinearHead* head = nullptr);

}  // namespace ds
