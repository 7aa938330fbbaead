#pragma once
// Every CAM method on one image, layer and class, each with its faithfulness (issue 21,
// section 4): what the window's Compare view shows and `densescope-cli compare` prints. No
// LibTorch or Qt types in this header.
#include <string>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/faithfulness.h"

namespace ds {

// Every CAM method, cheapest first: the one-forward methods (Eigen-CAM, FEM), the gradient
// methods (one forward and one backward), then Ablation-CAM (a forward of what lies behind the
// module per channel) and Score-CAM (a forward of the whole network per channel).
std::vector<CamMethod> camMethodsByCost();

// What a method will take at `layer`, in seconds, from the time of one forward pass of the
// whole network (`forwardMs`, e.g. ClassifyResult's): about 2.5 forwards for a gradient
// method, 1 for Eigen-CAM and FEM, one forward per channel for Score-CAM, and for Ablation-CAM
// one forward of the part behind the module per channel (its share of the MACs, from the
// config). Perturbation forwards run batched, which the estimate does not credit: it errs long.
double estimateCamSeconds(const DenseNetConfig& config, const std::string& layer, CamMethod method,
                          double forwardMs);

struct MethodComparison {
    CamMethod method = CamMethod::GradCam;
    CamMap map;                   // at the module's resolution, after the ReLU
    FaithfulnessMetrics metrics;  // for the compared class
    bool hasMetrics = false;      // false: the map is constant (no ranking: ROAD undefined)
    std::string metricsNote;      // why not, in words
    double camMs = 0, metricsMs = 0;
};

struct CompareResult {
    std::string layer;
    Prediction target;            // the compared class
    std::vector<Prediction> top;  // the image's top predictions
    std::vector<MethodComparison> methods;  // in the order asked for
    double totalMs = 0;
};

// Each of `methods` at `layer` for class `classIndex` (-1: the top-1), then its metrics.
// progress(done, total): total = methods.size() * 2 steps (map, metrics); false stops
// (Cancelled). Throws as computeCams and faithfulness do.
CompareResult compareCams(Engine& engine, const RgbImage& image, const std::string& layer,
                          const std::vector<CamMethod>& methods, int classIndex = -1,
                          int topk = 5, const ProgressFn& progress = {},
                          const LinearHead* head = nullptr);

}  // namespace ds
