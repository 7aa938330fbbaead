#include "analysis_task.h"

#include <QCoreApplication>
#include <QDateTime>

#include "densescope/errors.h"

namespace ds::ui {

namespace {
constexpr qint64 kProgressIntervalMs = 50;  // at most ~20 progress signals a second per job
}  // namespace

AnalysisTask::AnalysisTask(std::shared_ptr<AnalysisJob> job, State state, Progress progress,
                           std::function<void()> afterStep)
    : m_job(std::move(job)),
      m_state(std::move(state)),
      m_progress(std::move(progress)),
      m_afterStep(std::move(afterStep)) {}

void AnalysisTask::begin(quint64 id) {
    m_id = id;
    const AnalysisState now = m_state();
    m_modelId = now.modelId;
    m_imageId = now.imageId;
}

SteppedTask::Step AnalysisTask::step() {
    const AnalysisState now = m_state();
    const int needs = m_job->needs();
    const bool modelChanged = (needs & AnalysisJob::NeedsModel) && m_modelId != now.modelId;
    const bool imageChanged = (needs & AnalysisJob::NeedsImage) && m_imageId != now.imageId;
    if (modelChanged || imageChanged) return Step::Cancelled;
    if (!now.engine || !now.engine->loaded())
        throw StepFailure(QCoreApplication::translate(  // the worker's words
            "ds::ui::InferenceWorker",
            "No model is loaded yet; wait for the model to load, then try again."));
    static const RgbImage kNoImage;
    const RgbImage& image = now.image ? *now.image : kNoImage;
    if ((needs & AnalysisJob::NeedsImage) && !image.valid())
        throw StepFailure(QCoreApplication::translate("ds::ui::InferenceWorker",
                                                      "No image is open; open an image first."));
    AnalysisContext context{
        *now.engine, image, [job = m_job] { return job->cancelled(); },
        [this, kind = m_job->kind()](int done, int total, const QString& detail) {
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            if (done < total && m_lastProgressMs >= 0 && nowMs - m_lastProgressMs < kProgressIntervalMs)
                return;
            m_lastProgressMs = nowMs;
            if (m_progress) m_progress(m_id, kind, done, total, detail);
        }};
    bool done = false;
    bool cancelled = false;
    try {
        done = m_job->step(context);
    } catch (const Cancelled&) {
        cancelled = true;
    } catch (...) {
        if (m_afterStep) m_afterStep();
        throw;
    }
    if (m_afterStep) m_afterStep();
    if (cancelled) return Step::Cancelled;
    return done ? Step::Done : Step::More;
}

}  // namespace ds::ui
