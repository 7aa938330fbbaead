#pragma once
// The one worker that owns the model. It lives on its own QThread; every load and forward
// runs there, so the UI never blocks on LibTorch.
//
// Threading: the request*() functions may be called from any thread (normally the UI's).
// Each stores the request as the pending one of its kind, replacing an older pending one
// (a newer request supersedes: only the latest model, image, layer and top-k request is
// processed), and wakes the worker. The worker processes everything pending in one round:
// model first, then image, layer, top-k and map scaling, then one forward pass. Results are emitted
// as queued signals. A round's view is not emitted while newer requests are pending (it would be
// stale at once); the next round emits the view instead, even when its own request fails.
//
// Layers: the engine keeps every layer's output of the last forward (EngineOptions::keepLayers),
// so a layer request for the current image and model is answered from what was kept, without
// another forward pass (forwardCount() does not change).
//
// Cancelling: cancelModel() drops a pending model request and stops a load in progress at its
// next step (Engine::load's `cancelled`); a newer model request stops an older load the same
// way. Either way modelCancelled() reports the request and the previous model stays in use.
//
// Analyses: requestAnalysis() queues a job (analysis_job.h) that the worker runs in steps
// whenever nothing else is pending, so a new image, layer or model is served between two steps
// of a long scan. A job of the same kind() supersedes an older one; a job is cancelled when the
// model or image it needs changes. The worker counts as busy while jobs run.
//
// Failure: no exception leaves the worker. Every ds::Error (and std::exception) becomes a
// failed() signal with the message; the previous model and image stay loaded and usable.
//
// Inside: a JobScheduler (job_scheduler.h) does the queueing, coalescing, ordering,
// cancellation and busy state and knows nothing of DenseNet; the worker posts each request to it
// as a function of its kind's slot. What those functions run: ModelLoader (model_loader.h: the
// engine, weights, labels, head), ViewAssembler (view_assembler.h: the ViewResult from engine
// results) and AnalysisTask (analysis_task.h: an AnalysisJob as a scheduler task).
#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "analysis_job.h"
#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/image.h"
#include "model_loader.h"
#include "view_assembler.h"
#include "worker_types.h"

namespace ds::ui {

class JobScheduler;

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Moves the worker to `thread` (which must outlive the worker's work).
    void attach(QThread* thread);

    // All return the request id; results and failures carry it.
    quint64 requestModel(const ModelRequest& request);
    quint64 requestImageFile(const QString& path);
    quint64 requestImage(const QImage& image, const QString& source);  // already decoded
    quint64 requestLayer(const QString& layer);                        // empty: no map
    quint64 requestTopK(int k);
    // The 8-bit form the maps should have (feature_maps.h); symmetric nullopt: automatic
    // (ds::prefersSymmetric). Applies to the current map at once, without a forward pass.
    quint64 requestMapBytes(MapScaling scaling, std::optional<bool> symmetric);

    // Predictions (and CAMs) from a taught head (Engine::setHead); null: the model's own
    // classes again. Checked against the loaded model first (checkHeadBackbone; `source` names
    // the head in the message): a head for another backbone fails with failed(id,
    // RequestKind::Head, message) and changes nothing. A model load that the head no longer
    // fits drops it (ModelInfo::headDropped).
    quint64 requestHead(std::shared_ptr<const LinearHead> head, const QString& source = {});

    // Stops the newest model request: drops it when it is still pending, else stops its load.
    // Returns its id (0: there was none to cancel). Any thread.
    quint64 cancelModel();

    // Runs `job` in steps after the other pending work (see analysis_job.h and the top of this
    // file). The caller keeps `job` to read its result when analysisFinished() reports it.
    quint64 requestAnalysis(const std::shared_ptr<AnalysisJob>& job);
    // Cancels analysis `id`, pending or running (analysisCancelled follows). Any thread.
    void cancelAnalysis(quint64 id);
    void cancelAllAnalyses();  // e.g. before the window closes

    bool busy() const;
    quint64 forwardCount() const { return m_forwards.load(); }  // forward passes run so far
    quint64 lastRequestId() const;  // id of the newest request made so far (0: none)

signals:
    void started(ds::ui::RequestKind kind, const QString& what);  // a stage began (for progress text)
    void modelLoaded(const ds::ui::ModelInfo& info);
    void viewReady(const ds::ui::ViewResult& view);
    void failed(quint64 id, ds::ui::RequestKind kind, const QString& message);
    // Emitted right after failed() when the weights fit another layout (ds::WeightsLayoutError):
    // `suggestion` is the failed request with that layout, which would load the file.
    void weightsFitOtherLayout(quint64 id, const ds::ui::ModelRequest& suggestion);
    // Model request `id` was cancelled (cancelModel()) or superseded by a newer one before it
    // finished loading; the previous model is still loaded.
    void modelCancelled(quint64 id);
    // Head request `id` is in force: predictions now come from the taught classes (inUse) or
    // from the model's own. The view with the new predictions follows.
    void headApplied(quint64 id, bool inUse);
    // A running analysis' progress: `done` of `total` units (see AnalysisContext::progress).
    void analysisProgress(quint64 id, const QString& kind, int done, int total, const QString& detail);
    // Analysis `id` finished: `job` holds its result (the worker no longer touches it).
    void analysisFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job);
    // Analysis `id` stopped without a result: cancelled, superseded by a newer one of its kind,
    // or its model or image changed. Failures come as failed(id, RequestKind::Analysis, ...).
    void analysisCancelled(quint64 id, const QString& kind);
    // true when a request arrives at an idle worker; false when the worker has processed
    // everything up to request `lastId` (all its results were emitted before this signal).
    void busyChanged(bool busy, quint64 lastId);

private:
    struct ImageRequest {
        QString path;
        QImage image;
        QString source;
    };

    // A request's work, on the worker thread (each sets m_roundForward when the predictions
    // must be computed again).
    bool loadModel(quint64 id, const ModelRequest& request);
    bool setImage(quint64 id, const ImageRequest& request);
    void selectLayer(quint64 id, const QString& layer);
    void selectTopK(int k);
    void selectMapBytes(quint64 id, const MapBytes& bytes);
    // Head (inference_worker_head.cpp): true when the predictions must be computed again.
    bool applyHead(quint64 id, const std::shared_ptr<const LinearHead>& head, const QString& source);
    void endRound(quint64 id);  // the owed forward pass, then the view
    void classify(quint64 id);
    bool showKeptLayer(quint64 id);  // the current layer from the last pass; false: none kept
    bool loadCancelled(quint64 id) const;
    bool pendingImageOrModel() const;
    void emitView();
    void connectScheduler();

    JobScheduler* m_scheduler = nullptr;  // a child: it moves to the worker's thread with it
    std::atomic<quint64> m_cancelUpTo{0};  // model requests with ids up to this stop loading
    std::atomic<quint64> m_forwards{0};

    // Worker-thread state.
    ModelLoader m_loader;
    ViewAssembler m_views;  // the last computed view
    quint64 m_modelId = 0;
    RgbImage m_image;
    QString m_layer;
    int m_topk = 5;
    std::vector<float> m_logits;
    bool m_kept = false;          // the engine holds every layer of m_image's last forward
    bool m_roundForward = false;  // this round's requests need a forward pass
    bool m_forwardOwed = false;   // a pass was skipped for newer requests: run it next round
    quint64 m_imageId = 0;        // the request that set m_image
    quint64 m_headId = 0;         // the head request in force (0: the model's own classes)
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(std::shared_ptr<ds::ui::AnalysisJob>)
