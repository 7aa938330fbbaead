#pragma once
// The base of the analysis panels ("Where it looks", "Feature reuse", "Top images", ...): each
// is a dock tabbed with the feature maps (MainWindow::buildAnalysisDocks). The window tells every
// panel what is shown (model, image and predictions, layer, channel, a clicked class) and
// routes what a panel asks for (another layer, channel or image, a channel range to
// highlight) to the rest of the window.
//
// A panel runs its long work as AnalysisJobs on the one inference worker (analysis_job.h):
// submit() hands a job over and remembers its id; the panel hears only about its own jobs,
// through jobProgress / jobFinished / jobStopped. Panels compute lazily: isShown() tells
// whether the person can see the panel (its dock tab is in front), and shownChanged() is called
// when that changes.
#include <QPointer>
#include <QSet>
#include <QWidget>

class QVBoxLayout;

#include <memory>

#include "analysis_job.h"
#include "inference_worker.h"

namespace ds::ui {

class AnalysisPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisPanel(QWidget* parent = nullptr);

    // Connects the worker's analysis signals (only this panel's jobs reach the hooks below).
    void setWorker(InferenceWorker* worker);
    InferenceWorker* worker() const { return m_worker; }

    // What the window shows; each default does nothing.
    virtual void modelChanged(const ds::ui::ModelInfo& info) { Q_UNUSED(info); }
    virtual void viewChanged(const ds::ui::ViewResult& view) { Q_UNUSED(view); }
    virtual void layerChanged(const QString& layer) { Q_UNUSED(layer); }
    virtual void channelChanged(int channel) { Q_UNUSED(channel); }
    // A class was picked elsewhere (a bar of the predictions chart).
    virtual void classClicked(int classIndex) { Q_UNUSED(classIndex); }
    // The dock became visible (in front) or hidden; shown panels compute, hidden ones wait.
    virtual void shownChanged(bool shown) { Q_UNUSED(shown); }

    bool isShown() const { return m_shown; }
    void setShown(bool shown);  // the window calls this from the dock's visibility

signals:
    void layerRequested(const QString& layer);
    void channelRequested(int channel);
    void imageRequested(const QString& path);
    // Channels [first, first + count) of `layer` (a dense block's output or a dense layer's
    // input) should be highlighted in the thumbnail grid and the growth chart; count 0 clears.
    void channelRangeHighlighted(const QString& layer, int first, int count);

protected:
    // The panel's content area, inside a scroll area that fills the panel, so the panel asks
    // its dock for no more room than the dock has. Returns the content's layout.
    QVBoxLayout* scrollingContent(const QString& scrollName);
    // Submits `job` (superseding this panel's older job of the same kind) and returns its id.
    quint64 submit(const std::shared_ptr<AnalysisJob>& job);
    void cancelJob(quint64 id);
    bool owns(quint64 id) const { return m_jobs.contains(id); }

    virtual void jobProgress(quint64 id, int done, int total, const QString& detail) {
        Q_UNUSED(id); Q_UNUSED(done); Q_UNUSED(total); Q_UNUSED(detail);
    }
    virtual void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) {
        Q_UNUSED(id); Q_UNUSED(job);
    }
    // The job ended without a result: `error` is the message of a failure, empty when it was
    // cancelled or superseded.
    virtual void jobStopped(quint64 id, const QString& error) { Q_UNUSED(id); Q_UNUSED(error); }
    // setWorker() connected the worker: a panel that needs more of its signals connects them.
    virtual void workerAttached(InferenceWorker* worker) { Q_UNUSED(worker); }

private:
    QPointer<InferenceWorker> m_worker;
    QSet<quint64> m_jobs;  // submitted, not yet ended
    bool m_shown = false;
};

}  // namespace ds::ui
