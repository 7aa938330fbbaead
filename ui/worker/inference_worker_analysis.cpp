// The inference worker's analyses: each AnalysisJob goes to the scheduler as an AnalysisTask
// (analysis_task.h), which runs it in steps between the other requests.
#include "analysis_task.h"
#include "inference_worker.h"
#include "job_scheduler.h"

namespace ds::ui {

quint64 InferenceWorker::requestAnalysis(const std::shared_ptr<AnalysisJob>& job) {
    auto task = std::make_shared<AnalysisTask>(
        job, [this] { return AnalysisState{m_loader.engine(), &m_image, m_modelId, m_imageId}; },
        [this](quint64 id, const QString& kind, int done, int total, const QString& detail) {
            emit analysisProgress(id, kind, done, total, detail);
        },
        // A step may have run the engine's ordinary forward pass (a scan), which replaces what
        // the engine kept of the current image: the next layer switch runs a pass of its own.
        [this] { m_kept = false; });
    return m_scheduler->postTask(std::move(task));
}

void InferenceWorker::cancelAnalysis(quint64 id) { m_scheduler->cancelTask(id); }

void InferenceWorker::cancelAllAnalyses() { m_scheduler->cancelAllTasks(); }

}  // namespace ds::ui
