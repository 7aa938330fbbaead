// Every CAM method side by side with its faithfulness (densescope/compare.h).
#include "densescope/compare.h"

#include <algorithm>
#include <chrono>

#include "densescope/config.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"

namespace ds {
namespace {

double msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// The share of the network's MACs that runs after `layer` (what Ablation-CAM reruns).
double shareBehind(const DenseNetConfig& config, const std::string& layer) {
    const ModelSummary s = summarize(config);
    int64_t before = 0;
    bool found = false;
    for (const auto& l : s.layers) {
        if (l.type != LayerType::DenseBlock) before += l.macs;  // a block repeats its layers' sum
        if (l.name == layer) {
            found = true;
            // A dense block's entry comes after its layers: they are counted already.
            break;
        }
    }
    if (!found || s.macs <= 0) return 1.0;
    return std::clamp(double(s.macs - before) / double(s.macs), 0.0, 1.0);
}

}  // namespace

std::vector<CamMethod> camMethodsByCost() {
    return {CamMethod::EigenCam,     CamMethod::Fem,          CamMethod::GradCam,
            CamMethod::GradCamPlusPlus, CamMethod::LayerCam,  CamMethod::HiResCam,
            CamMethod::GradCamElementWise, CamMethod::XGradCam, CamMethod::EigenGradCam,
            CamMethod::AblationCam,  CamMethod::ScoreCam};
}

double estimateCamSeconds(const DenseNetConfig& config, const std::string& layer, CamMethod method,
                          double forwardMs) {
    const double f = std::max(0.0, forwardMs) / 1000.0;
    if (!camMethodIsPerturbation(method)) return camMethodUsesGradient(method) ? 2.5 * f : f;
    const ModelSummary s = summarize(config);
    const LayerInfo* info = s.find(layer);
    const int channels = info ? info->outChannels : 0;
    if (method == CamMethod::ScoreCam) return 2.5 * f + channels * f;
    return 2.5 * f + channels * f * shareBehind(config, layer);
}

CompareResult compareCams(Engine& engine, const RgbImage& image, const std::string& layer,
                          const std::vector<CamMethod>& methods, int classIndex, int topk,
                          const ProgressFn& progress, const LinearHead* head) {
    const auto start = std::chrono::steady_clock::now();
    CompareResult out;
    out.layer = layer;
    const int total = int(methods.size()) * 2;
    int done = 0;
    auto step = [&] {
        ++done;
        if (progress && !progress(done, total)) throw Cancelled("The comparison was cancelled.");
    };
    if (progress && !progress(0, total)) throw Cancelled("The comparison was cancelled.");
    const std::vector<float> chw = preprocess(image);  // the network input the metrics perturb
    for (const CamMethod method : methods) {
        MethodComparison m;
        m.method = method;
        auto t = std::chrono::steady_clock::now();
        CamOptions options;
        // The perturbation methods report their batches; a stop there stops the comparison.
        options.progress = [&](int, int) { return !progress || progress(done, total); };
        CamResult cam = computeCamsTensor(engine, chw, kRoadSize, kRoadSize, {layer}, method,
                                          classIndex, topk, head, options);
        m.camMs = msSince(t);
        if (out.top.empty()) {
            out.top = cam.top;
            out.target = cam.target;
            classIndex = cam.target.index;  // every method explains the same class
        }
        m.map = std::move(cam.maps.front());
        step();
        t = std::chrono::steady_clock::now();
        try {
            m.metrics = faithfulness(engine, chw, kRoadSize, kRoadSize, m.map, classIndex, {}, head);
            m.hasMetrics = true;
        } catch (const ConfigError& e) {  // a constant map ranks no pixel: no ROAD
            m.metricsNote = e.what();
        }
        m.metricsMs = msSince(t);
        step();
        out.methods.push_back(std::move(m));
    }
    out.totalMs = msSince(start);
    return out;
}

}  // namespace ds
