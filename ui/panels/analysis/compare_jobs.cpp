// CompareCamJob and CompareAttributionJob (compare_jobs.h).
#include "compare_jobs.h"

#include "attribution_figure.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"

namespace ds::ui {

namespace {

constexpr int kSize = 224;

}  // namespace

bool CompareCamJob::step(AnalysisContext& c) {
    if (!c.image.valid()) throw Error("There is no image to explain yet.");
    if (!m_computation) {
        m_start = std::chrono::steady_clock::now();
        m_chw = preprocess(c.image);
        m_computation = std::make_unique<CamComputation>(c.engine, m_chw, kSize, kSize,
                                                         std::vector<std::string>{layer},
                                                         method, classIndex, 1);
        return false;
    }
    if (!m_computation->finished()) {
        m_computation->step();
        c.progress(m_computation->done(), m_computation->total(), {});
        if (c.cancelled()) throw Cancelled("The comparison was cancelled.");
        return false;
    }
    CamResult cam = m_computation->result();
    map = cam.maps.front();
    try {
        metrics = faithfulness(c.engine, m_chw, kSize, kSize, map, cam.target.index);
    } catch (const ConfigError& e) {  // a constant map ranks no pixel
        note = QString::fromUtf8(e.what());
    }
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
    m_computation.reset();
    return true;
}

bool CompareAttributionJob::step(AnalysisContext& c) {
    if (!c.image.valid()) throw Error("There is no image to explain yet.");
    const auto result = computeAttribution(
        c.engine, c.image, method, classIndex, {}, 1, [&c](int done, int total) {
            c.progress(done, total, {});
            return !c.cancelled();
        });
    image = attributionOverlay(networkInputImage(c.image), result);
    return true;
}

}  // namespace ds::ui
