// The inference worker's analyses: queued jobs run in steps between the other requests
// (analysis_job.h, and the top of inference_worker.h).
#include "inference_worker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMutexLocker>

#include "densescope/errors.h"
#include "error_text.h"

namespace ds::ui {

namespace {
constexpr qint64 kProgressIntervalMs = 50;  // at most ~20 progress signals a second per job
}

quint64 InferenceWorker::requestAnalysis(const std::shared_ptr<AnalysisJob>& job) {
    std::vector<std::pair<quint64, QString>> dropped;  // superseded while still pending
    const quint64 id = enqueue([&](Pending& p, quint64 newId) {
        auto& queued = p.analyses;
        for (auto it = queued.begin(); it != queued.end();) {
            if (it->second->kind() == job->kind()) {
                dropped.emplace_back(it->first, it->second->kind());
                m_jobIndex.erase(it->first);
                it = queued.erase(it);
            } else {
                ++it;
            }
        }
        // Running, or in the batch the worker is taking over (m_mutex is held).
        for (auto& [id, weak] : m_jobIndex)
            if (auto other = weak.lock(); other && other->kind() == job->kind()) other->cancel();
        queued.emplace_back(newId, job);
        m_jobIndex[newId] = job;
    });
    for (const auto& [oldId, kind] : dropped) emit analysisCancelled(oldId, kind);
    return id;
}

void InferenceWorker::cancelAnalysis(quint64 id) {
    QString droppedKind;
    {
        QMutexLocker lock(&m_mutex);
        auto& queued = m_pending.analyses;
        for (auto it = queued.begin(); it != queued.end(); ++it)
            if (it->first == id) {
                droppedKind = it->second->kind();
                queued.erase(it);
                break;
            }
        // Running, or being taken over by the worker right now: it reports the job when it
        // next looks at it.
        if (auto it = m_jobIndex.find(id); it != m_jobIndex.end())
            if (auto job = it->second.lock()) job->cancel();
        if (!droppedKind.isNull()) m_jobIndex.erase(id);
    }
    if (!droppedKind.isNull()) emit analysisCancelled(id, droppedKind);
}

void InferenceWorker::cancelAllAnalyses() {
    std::vector<std::pair<quint64, std::shared_ptr<AnalysisJob>>> dropped;
    {
        QMutexLocker lock(&m_mutex);
        std::swap(dropped, m_pending.analyses);
        for (auto& [id, weak] : m_jobIndex)
            if (auto job = weak.lock()) job->cancel();
        for (const auto& d : dropped) m_jobIndex.erase(d.first);
    }
    for (const auto& [id, job] : dropped) emit analysisCancelled(id, job->kind());
}

void InferenceWorker::adoptAnalyses(std::vector<std::pair<quint64, std::shared_ptr<AnalysisJob>>> jobs) {
    QMutexLocker lock(&m_mutex);
    for (auto& [id, job] : jobs) m_jobs.push_back({id, std::move(job), m_modelId, m_imageId, -1});
}

void InferenceWorker::endAnalysis(size_t index) {
    QMutexLocker lock(&m_mutex);
    m_jobIndex.erase(m_jobs[index].id);
    m_jobs.erase(m_jobs.begin() + std::ptrdiff_t(index));
}

void InferenceWorker::stepAnalysis() {
    if (m_jobs.empty()) return;
    const size_t index = m_nextJob++ % m_jobs.size();
    ActiveJob& active = m_jobs[index];  // only this thread changes m_jobs
    const quint64 id = active.id;
    const std::shared_ptr<AnalysisJob> job = active.job;
    const int needs = job->needs();
    const bool modelChanged = (needs & AnalysisJob::NeedsModel) && active.modelId != m_modelId;
    const bool imageChanged = (needs & AnalysisJob::NeedsImage) && active.imageId != m_imageId;
    if (job->cancelled() || modelChanged || imageChanged) {
        endAnalysis(index);
        emit analysisCancelled(id, job->kind());
        return;
    }
    QString error;
    if (!m_engine || !m_engine->loaded())
        error = tr("No model is loaded yet; wait for the model to load, then try again.");
    else if ((needs & AnalysisJob::NeedsImage) && !m_image.valid())
        error = tr("No image is open; open an image first.");
    bool done = false;
    bool cancelled = false;
    if (error.isEmpty()) {
        AnalysisContext context{
            *m_engine, m_image, [job] { return job->cancelled(); },
            [this, id, &active, kind = job->kind()](int doneUnits, int total, const QString& detail) {
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                if (doneUnits < total && active.lastProgressMs >= 0 &&
                    now - active.lastProgressMs < kProgressIntervalMs)
                    return;
                active.lastProgressMs = now;
                emit analysisProgress(id, kind, doneUnits, total, detail);
            }};
        error = [&]() -> QString {
            try {
                done = job->step(context);
                return {};
            } catch (const Cancelled&) {
                cancelled = true;
                return {};
            } catch (const std::exception& e) {
                return errorText(e);
            } catch (...) {
                return QCoreApplication::translate("ds::ui::ErrorText", "An unknown error occurred.");
            }
        }();
        // A step may have run the engine's ordinary forward pass (a scan), which replaces what
        // the engine kept of the current image: the next layer switch runs a pass of its own.
        m_kept = false;
    }
    if (!error.isEmpty()) {
        endAnalysis(index);
        emit failed(id, RequestKind::Analysis, error);
    } else if (cancelled || job->cancelled()) {
        endAnalysis(index);
        emit analysisCancelled(id, job->kind());
    } else if (done) {
        endAnalysis(index);
        emit analysisFinished(id, job);
    }
}

}  // namespace ds::ui
