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
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/image.h"
#include "analysis_job.h"

namespace ds::ui {

enum class RequestKind { Model, Image, Layer, TopK, MapBytes, Analysis, Head };

struct ModelRequest {
    DenseNetConfig config;
    QString weights =
        QStringLiteral("random");  // weights spec: random, random:SEED, imagenet, a path
    DeviceKind device = DeviceKind::Auto;
    // A labels file naming the classes (ds::readLabels); empty: ImageNet's names or "class N".
    QString labels;
};

// Everything the UI needs to show the loaded model (no tensors).
struct ModelInfo {
    quint64 id = 0;
    DenseNetConfig config;
    ModelSummary summary;
    QString weightsSpec;                   // as requested
    QString weightsDescription;            // weightsText(): in the UI's language
    bool randomWeights = false;            // untrained: predictions are meaningless
    DeviceKind device = DeviceKind::Auto;  // as requested
    QString deviceName;                    // "cpu" | "cuda"
    QString deviceDescription;             // deviceText(): "CPU, 2 threads"
    QStringList layers;                    // Engine::capturableLayers()
    double loadMs = 0;
    QStringList weightsNotes;  // weightsNotes(): a stripped key prefix, classes from the file
    QString labels;            // the labels file in use (empty: none)
    QString labelsError;       // why the requested labels file is not used (the model loaded)
    // The taught classes in use (requestHead) were made for another backbone: this load
    // dropped them, predictions are the model's own classes again.
    bool headDropped = false;
};

// The state the UI shows: current image, its predictions and the selected layer's map.
struct ViewResult {
    quint64 id = 0;       // the newest request this view reflects
    quint64 modelId = 0;  // ModelInfo::id of the model that computed it
    quint64 imageId = 0;  // id of the image request that produced the current image
    QString source;       // file path, resource path or "clipboard"
    QImage original;      // as decoded
    QImage networkInput;  // the exact 224 x 224 crop the network sees (ds::networkInputImage)
    std::vector<Prediction> top;
    // The requestHead() whose taught classes `top` ranks; 0: the model's own classes.
    quint64 headId = 0;
    // null when no layer was requested. Its statistics and 8-bit form (bytes) come from the
    // engine's fused pass, in the scaling of the last requestMapBytes().
    std::shared_ptr<const FeatureMap> map;
    Timings timings;
    double decodeMs = 0;
};

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
    struct MapBytes {
        MapScaling scaling = MapScaling::PerChannel;
        std::optional<bool> symmetric;
    };
    struct Pending {
        quint64 id = 0;  // newest id of any kind in this batch
        std::optional<std::pair<quint64, ModelRequest>> model;
        std::optional<std::pair<quint64, ImageRequest>> image;
        std::optional<std::pair<quint64, QString>> layer;
        std::optional<std::pair<quint64, int>> topk;
        std::optional<std::pair<quint64, MapBytes>> bytes;
        std::vector<std::pair<quint64, std::shared_ptr<AnalysisJob>>> analyses;
        struct Head {
            std::shared_ptr<const LinearHead> head;
            QString source;
        };
        std::optional<std::pair<quint64, Head>> head;
        bool empty() const {
            return !model && !image && !layer && !topk && !bytes && !head && analyses.empty();
        }
    };

    quint64 enqueue(const std::function<void(Pending&, quint64)>& store);
    void processPending();
    bool loadModel(quint64 id, const ModelRequest& request);
    void replaceModel(quint64 id, const ModelRequest& request);  // throws like Engine::load
    bool setImage(quint64 id, const ImageRequest& request);
    void classify(quint64 id);
    bool showKeptLayer(quint64 id);  // the current layer from the last pass; false: none kept
    // Head (inference_worker_head.cpp): true when the predictions must be computed again.
    bool applyHead(quint64 id, const Pending::Head& request);
    void keepHeadOn(Engine& fresh);  // a new engine (device change) takes a fitting head over
    std::vector<Prediction> rank(int topk) const;  // m_logits, labelled as the engine predicts
    bool loadCancelled(quint64 id) const;
    bool pendingImageOrModel() const;
    void emitView();
    void applyMapBytes(FeatureMap& map) const;
    // Analyses (inference_worker_analysis.cpp).
    struct ActiveJob {
        quint64 id = 0;
        std::shared_ptr<AnalysisJob> job;
        quint64 modelId = 0;  // what the job started with (AnalysisJob::needs)
        quint64 imageId = 0;
        qint64 lastProgressMs = -1;
    };
    void adoptAnalyses(std::vector<std::pair<quint64, std::shared_ptr<AnalysisJob>>> jobs);
    void stepAnalysis();  // one step of the next active job (round robin)
    void endAnalysis(size_t index);

    mutable QMutex m_mutex;  // guards m_pending, m_nextId, m_scheduled, m_busy
    Pending m_pending;
    quint64 m_nextId = 1;
    bool m_scheduled = false;
    bool m_busy = false;
    quint64 m_modelRequestId = 0;          // newest model request made (pending or loading)
    std::atomic<quint64> m_cancelUpTo{0};  // model requests with ids up to this stop loading
    std::atomic<quint64> m_forwards{0};

    // Worker-thread state.
    std::unique_ptr<Engine> m_engine;
    DeviceKind m_device = DeviceKind::Auto;
    quint64 m_modelId = 0;
    QString m_labelsError;  // replaceModel(): why the request's labels are not used
    RgbImage m_image;
    ViewResult m_view;  // last computed view (m_view.id == 0: none)
    bool m_viewUnsent = false;
    QString m_layer;
    int m_topk = 5;
    MapBytes m_bytes;
    std::vector<float> m_logits;
    bool m_kept = false;         // the engine holds every layer of m_image's last forward
    bool m_forwardOwed = false;  // a pass was skipped for newer requests: run it next round
    quint64 m_imageId = 0;       // the request that set m_image
    quint64 m_headId = 0;        // the head request in force (0: the model's own classes)
    std::vector<ActiveJob> m_jobs;  // running analyses; changed under m_mutex (cancelAnalysis reads it)
    // Every analysis not yet ended, by id (under m_mutex): a cancel reaches a job wherever it is,
    // also in the batch the worker is taking over at that moment.
    std::map<quint64, std::weak_ptr<AnalysisJob>> m_jobIndex;
    size_t m_nextJob = 0;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::RequestKind)
Q_DECLARE_METATYPE(ds::ui::ModelInfo)
Q_DECLARE_METATYPE(ds::ui::ModelRequest)
Q_DECLARE_METATYPE(ds::ui::ViewResult)
Q_DECLARE_METATYPE(std::shared_ptr<ds::ui::AnalysisJob>)
