#pragma once
// The work behind the Compare tab (compare_panel.h), one method a job on the inference worker:
// a CompareCamJob (kind "compare") computes one CAM method at one layer, then its faithfulness
// (ROAD and confidence change, densescope/faithfulness.h), in steps (the perturbation methods
// one batch a step); a CompareAttributionJob (kind "compare-attribution") one pixel attribution
// (densescope/attribution.h), drawn over the network input.
#include <QImage>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis_job.h"
#include "densescope/analysis.h"
#include "densescope/attribution.h"
#include "densescope/faithfulness.h"

namespace ds::ui {

// One CAM method, then its faithfulness, in steps: the perturbation methods one batch a step.
class CompareCamJob : public AnalysisJob {
public:
    std::string layer;
    CamMethod method = CamMethod::GradCam;
    int classIndex = -1;
    // Results (read by the panel once finished).
    CamMap map;
    std::optional<FaithfulnessMetrics> metrics;
    QString note;
    double ms = 0;

    QString kind() const override { return QStringLiteral("compare"); }
    bool step(AnalysisContext& c) override;

private:
    std::unique_ptr<CamComputation> m_computation;
    std::vector<float> m_chw;
    std::chrono::steady_clock::time_point m_start;
};

class CompareAttributionJob : public AnalysisJob {
public:
    AttributionMethod method = AttributionMethod::Saliency;
    int classIndex = -1;
    QImage image;  // the result, over the network input

    QString kind() const override { return QStringLiteral("compare-attribution"); }
    bool step(AnalysisContext& c) override;
};

}  // namespace ds::ui
