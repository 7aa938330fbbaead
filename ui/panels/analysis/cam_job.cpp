// CamJob (cam_job.h): the maps in steps of about a quarter of a second.
#include "cam_job.h"

#include <chrono>

#include "densescope/errors.h"
#include "densescope/preprocess.h"

namespace ds::ui {

namespace {

// Score-CAM's forwards per batch in the window: about half a second of densenet121 on two
// threads, so Cancel, a new image or another request waits little.
constexpr int kWindowScoreBatch = 8;
// Each job step runs batches for about this long.
constexpr double kStepBudgetMs = 250;

}  // namespace

bool CamJob::step(AnalysisContext& c) {
    using Clock = std::chrono::steady_clock;
    if (!c.image.valid()) throw Error("There is no image to explain yet.");
    if (cancelled() || c.cancelled()) throw Cancelled("class activation map cancelled");
    if (!m_cam) {
        CamOptions options;
        options.eigenSmooth = eigenSmooth;
        if (method == CamMethod::ScoreCam) options.batch = kWindowScoreBatch;
        m_cam = std::make_unique<CamComputation>(c.engine, c.image, layers, method, classIndex, topk,
                                                 nullptr, options);
        if (!m_cam->finished()) {
            c.progress(0, m_cam->total(), {});
            return false;  // the forward pass was this step
        }
    }
    const auto start = Clock::now();
    while (!m_cam->finished()) {
        if (c.cancelled()) throw Cancelled("class activation map cancelled");
        m_cam->step();
        if (std::chrono::duration<double, std::milli>(Clock::now() - start).count() > kStepBudgetMs) break;
    }
    c.progress(m_cam->done(), m_cam->total(), {});
    if (!m_cam->finished()) return false;
    result = std::make_shared<CamResult>(m_cam->result());
    input = std::make_shared<RgbImage>(networkInputImage(c.image));
    m_cam.reset();
    return true;
}

}  // namespace ds::ui
