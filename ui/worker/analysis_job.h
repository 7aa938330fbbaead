#pragma once
// Long analyses (CAMs, scans of a folder, feature visualisation, ...) as jobs the inference
// worker runs in steps on its own thread, between its other requests.
//
// A panel makes a job (a subclass holding its inputs and, once finished, its result), hands it
// to InferenceWorker::requestAnalysis() and keeps the shared_ptr: when the worker reports
// analysisFinished(id, job) the panel reads the result from its own object (the worker no
// longer touches it). Jobs of one kind() supersede each other: a newer request cancels an
// older one that is pending or running. A job whose needs() change under it (a new model, a
// new image) is cancelled too, and reported with analysisCancelled(); the panel asks again.
//
// Threading: step() runs on the worker thread only; cancel() and cancelled() from any thread.
#include <QString>

#include <atomic>
#include <functional>

#include "densescope/engine.h"
#include "densescope/image.h"

namespace ds::ui {

// What a job's step sees on the worker thread.
struct AnalysisContext {
    Engine& engine;
    const RgbImage& image;  // the current image (!image.valid() when there is none yet)
    // True once the job was cancelled or superseded: a step that runs long polls it and throws
    // ds::Cancelled (or returns) when it turns true.
    std::function<bool()> cancelled;
    // Progress for the panel's bar: `done` of `total` units, with an optional detail line
    // ("12.4 images/s"). Throttled by the worker (at most ~20 per second reach the UI).
    std::function<void(int done, int total, const QString& detail)> progress;
};

class AnalysisJob {
public:
    enum Need { NeedsModel = 1, NeedsImage = 2 };
    virtual ~AnalysisJob() = default;

    // Jobs of the same kind supersede each other ("cam", "scan", "visualize", ...).
    virtual QString kind() const = 0;
    // What must stay the same while the job runs (NeedsModel | NeedsImage by default): when it
    // changes the job is cancelled.
    virtual int needs() const { return NeedsModel | NeedsImage; }
    // One step on the worker thread; returns true when the job is finished (its result is
    // then complete). A step should take well under a second so that a new image or model
    // waits little. Throws ds::Error / std::exception on failure (the worker reports
    // failed(id, RequestKind::Analysis, message)), ds::Cancelled when it saw cancelled().
    virtual bool step(AnalysisContext& context) = 0;

    void cancel() { m_cancelled.store(true); }
    bool cancelled() const { return m_cancelled.load(); }

private:
    std::atomic<bool> m_cancelled{false};
};

}  // namespace ds::ui
