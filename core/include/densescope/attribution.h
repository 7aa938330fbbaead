#pragma once
// Pixel attributions: how much each element of the network input x (the normalised
// 3 x H x W tensor) counts for one class's logit y (before softmax). No LibTorch or Qt types.
//
// Every "ReLU" below means every ReLU of the network, the one torchvision applies after norm5
// as a function included. Definitions (issue 21, section 2; docs/explanations.md):
//   saliency             |dy/dx|
//   inputxgradient       x * dy/dx
//   integratedgradients  baseline 0; m = steps Gauss-Legendre nodes t_i and weights w_i on
//                        [-1, 1] mapped to [0, 1] (a_i = (t_i + 1)/2, o_i = w_i / 2);
//                        IG = x * sum_i o_i dy/dx (a_i x). completenessGap =
//                        |sum IG - (y(x) - y(0))|.
//   smoothgrad           mean over `samples` copies x + s n of |dy/dx|, s = 0.15 (max x - min x),
//                        n = torch.randn(samples, 3, H, W) from torch's CPU generator seeded with
//                        `seed` (one call, all samples at once: Python
//                        torch.randn((samples, 3, H, W), generator=torch.Generator().manual_seed(seed))).
//   guidedbackprop       dy/dx where every ReLU's backward is ReLU(grad) * (input > 0)
//   deconvolution        dy/dx where every ReLU's backward is ReLU(grad) (no forward mask)
//   guidedgradcam        guidedbackprop * Grad-CAM at `layer` (analysis.h's Grad-CAM, after its
//                        ReLU) upsampled to H x W bilinearly, align_corners=False
//   occlusion            a 16 x 16 window over all channels, stride 8, set to 0; each element
//                        gets the mean, over the windows covering it, of y(x) - y(occluded x)
//                        (0 where no window covers it). Runs on the engine's fast forward,
//                        batched.
// The gradient methods run on the plain module (analysis_internal.h's walk), like the CAMs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "densescope/analysis.h"

namespace ds {

enum class AttributionMethod {
    Saliency,
    InputXGradient,
    IntegratedGradients,
    SmoothGrad,
    GuidedBackprop,
    Deconvolution,
    GuidedGradCam,
    Occlusion,
};
// "saliency", "inputxgradient", "integratedgradients", "smoothgrad", "guidedbackprop",
// "deconvolution", "guidedgradcam", "occlusion".
const char* attributionMethodName(AttributionMethod m);
AttributionMethod parseAttributionMethod(const std::string& text);  // ConfigError otherwise
std::vector<AttributionMethod> attributionMethods();               // in the order above
// Which options a method reads (the others are rejected by the CLI as usage errors).
bool attributionUsesSteps(AttributionMethod m);    // integratedgradients
bool attributionUsesSamples(AttributionMethod m);  // smoothgrad (also --seed)
bool attributionUsesLayer(AttributionMethod m);    // guidedgradcam
// Slow ones take progress and cancel: integratedgradients, smoothgrad, occlusion.
bool attributionIsSlow(AttributionMethod m);

struct AttributionOptions {
    int steps = 32;     // integratedgradients: 1 to 1024
    int samples = 32;   // smoothgrad: 1 to 1024
    uint64_t seed = 0;  // smoothgrad
    // guidedgradcam: the Grad-CAM module; empty: the last dense block (features.denseblockN)
    std::string layer;
};

// The occlusion windows of the definition for an input of `height` x `width`: the positions
// per axis, ((size - 16) / 8 + 1); 27 x 27 = 729 for 224.
constexpr int kOcclusionWindow = 16;
constexpr int kOcclusionStride = 8;
int occlusionWindows(int height, int width);

struct AttributionResult {
    AttributionMethod method = AttributionMethod::Saliency;
    Prediction target;            // the explained class
    std::vector<Prediction> top;  // the image's top predictions
    int height = 0, width = 0;
    std::vector<float> values;  // [3, height, width], row-major, raw
    double sum = 0.0;           // sum of values (in double)
    float maxAbs = 0.f;
    std::string layer;  // guidedgradcam: the Grad-CAM module
    // integratedgradients: y(x), y(0) and |sum IG - (y(x) - y(0))|.
    std::optional<double> logitInput, logitBaseline, completenessGap;
    int forwards = 0;  // network inputs run forward (each batch element counts)
};

// classIndex < 0: the top-1 class. topk: how many predictions `top` holds. progress: called
// between batches of the slow methods (steps, samples or windows done, in all); false throws
// ds::Cancelled. head / engine head: as computeCams (analysis.h). Throws ConfigError (class,
// options), LayerError (guidedgradcam's layer), ImageError, std::logic_error without a model.
AttributionResult computeAttribution(Engine& engine, const RgbImage& image,
                                     AttributionMethod method, int classIndex = -1,
                                     const AttributionOptions& options = {}, int topk = 5,
                                     const ProgressFn& progress = {},
                                     const LinearHead* head = nullptr);
// The same on a preprocessed float32 [3, H, W] input (H, W >= 32).
AttributionResult computeAttributionTensor(Engine& engine, const std::vector<float>& chw,
                                           int height, int width, AttributionMethod method,
                                           int classIndex = -1,
                                           const AttributionOptions& options = {}, int topk = 5,
                                           const ProgressFn& progress = {},
                                           const LinearHead* head = nullptr);

// The map as people are used to seeing it: per pixel the sum over channels of |value|,
// divided by its 99th percentile (numpy's default linear interpolation over all H * W pixels)
// and clipped to [0, 1]. All zeros when that percentile is 0. height * width values.
std::vector<float> attributionDisplay(const AttributionResult& result);

}  // namespace ds
