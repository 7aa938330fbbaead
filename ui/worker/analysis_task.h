#pragma once
// An AnalysisJob (analysis_job.h) as a task of the worker's scheduler (job_scheduler.h): each
// step sees the worker's current engine and image, the job is cancelled when the model or image
// it needs changes under it, and its progress is throttled to ~20 signals a second.
#include <QString>

#include <functional>
#include <memory>

#include "analysis_job.h"
#include "job_scheduler.h"

namespace ds::ui {

// What the worker holds when a step runs (worker thread).
struct AnalysisState {
    Engine* engine = nullptr;         // null or not loaded: no model yet
    const RgbImage* image = nullptr;  // null or !valid(): no image yet
    quint64 modelId = 0;              // ModelInfo::id of the model in use
    quint64 imageId = 0;              // the request that set the image
};

class AnalysisTask : public SteppedTask {
public:
    using State = std::function<AnalysisState()>;
    // Progress of task `id` (the id the scheduler gave it), on the worker thread.
    using Progress =
        std::function<void(quint64 id, const QString& kind, int done, int total, const QString& detail)>;

    // `afterStep` runs after every step that ran the job (which may have used the engine's
    // ordinary forward pass).
    AnalysisTask(std::shared_ptr<AnalysisJob> job, State state, Progress progress,
                 std::function<void()> afterStep = {});

    const std::shared_ptr<AnalysisJob>& job() const { return m_job; }

    QString kind() const override { return m_job->kind(); }
    void begin(quint64 id) override;  // records the model and image it starts with
    // Cancelled when its needs changed; StepFailure when there is no model or image yet.
    Step step() override;
    void cancel() override { m_job->cancel(); }
    bool cancelled() const override { return m_job->cancelled(); }

private:
    std::shared_ptr<AnalysisJob> m_job;
    State m_state;
    Progress m_progress;
    std::function<void()> m_afterStep;
    quint64 m_id = 0;
    quint64 m_modelId = 0;
    quint64 m_imageId = 0;
    qint64 m_lastProgressMs = -1;
};

}  // namespace ds::ui
