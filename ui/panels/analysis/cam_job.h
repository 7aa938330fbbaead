#pragma once
// The work behind the Where it looks tab (cam_panel.h): one CamJob (kind "cam") computes the
// class activation maps of the requested layers (densescope/analysis.h) on the inference
// worker, in steps: the forward pass first, then the perturbation methods' batches (Score-CAM,
// Ablation-CAM: a forward per channel) for about a quarter of a second a step, so Cancel, a
// new image or another request waits little.
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "analysis_job.h"
#include "densescope/analysis.h"

namespace ds::ui {

class CamJob : public AnalysisJob {
public:
    std::vector<std::string> layers;
    CamMethod method = CamMethod::GradCam;
    bool eigenSmooth = false;
    int classIndex = -1, topk = 5;
    // Results (read by the panel once finished): the maps, and the 224x224 network input
    // they are drawn on.
    std::shared_ptr<CamResult> result;
    std::shared_ptr<RgbImage> input;

    QString kind() const override { return QStringLiteral("cam"); }
    bool step(AnalysisContext& c) override;

private:
    std::unique_ptr<CamComputation> m_cam;
};

}  // namespace ds::ui
