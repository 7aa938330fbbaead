#include "analysis_panel.h"

#include <QFrame>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ds::ui {

AnalysisPanel::AnalysisPanel(QWidget* parent) : QWidget(parent) {}

void AnalysisPanel::setWorker(InferenceWorker* worker) {
    m_worker = worker;
    connect(worker, &InferenceWorker::analysisProgress, this,
            [this](quint64 id, const QString&, int done, int total, const QString& detail) {
                if (owns(id)) jobProgress(id, done, total, detail);
            });
    connect(worker, &InferenceWorker::analysisFinished, this,
            [this](quint64 id, const std::shared_ptr<AnalysisJob>& job) {
                if (m_jobs.remove(id)) jobFinished(id, job);
            });
    connect(worker, &InferenceWorker::analysisCancelled, this, [this](quint64 id, const QString&) {
        if (m_jobs.remove(id)) jobStopped(id, {});
    });
    connect(worker, &InferenceWorker::failed, this,
            [this](quint64 id, RequestKind kind, const QString& message) {
                if (kind == RequestKind::Analysis && m_jobs.remove(id)) jobStopped(id, message);
            });
    workerAttached(worker);
}

QVBoxLayout* AnalysisPanel::scrollingContent(const QString& scrollName) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(scrollName);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* content = new QWidget;
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    return layout;
}

void AnalysisPanel::setShown(bool shown) {
    if (shown == m_shown) return;
    m_shown = shown;
    shownChanged(shown);
}

quint64 AnalysisPanel::submit(const std::shared_ptr<AnalysisJob>& job) {
    if (!m_worker) return 0;
    const quint64 id = m_worker->requestAnalysis(job);
    m_jobs.insert(id);
    return id;
}

void AnalysisPanel::cancelJob(quint64 id) {
    if (m_worker && owns(id)) m_worker->cancelAnalysis(id);
}

}  // namespace ds::ui
