#include "inference_worker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMetaObject>
#include <QMutexLocker>

#include <algorithm>
#include <cmath>
#include <functional>

#include "densescope/errors.h"
#include "densescope/feature_maps.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"
#include "engine_text.h"
#include "error_text.h"
#include "image_io.h"

namespace ds::ui {

namespace {

void registerMetaTypes() {
    static const bool once = [] {
        qRegisterMetaType<ds::ui::RequestKind>("ds::ui::RequestKind");
        qRegisterMetaType<ds::ui::ModelInfo>("ds::ui::ModelInfo");
        qRegisterMetaType<ds::ui::ModelRequest>("ds::ui::ModelRequest");
        qRegisterMetaType<ds::ui::ViewResult>("ds::ui::ViewResult");
        qRegisterMetaType<std::shared_ptr<ds::ui::AnalysisJob>>("std::shared_ptr<ds::ui::AnalysisJob>");
        return true;
    }();
    Q_UNUSED(once);
}

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Runs `f`, turning any exception into an error message (empty on success).
QString guarded(const std::function<void()>& f) {
    try {
        f();
        return {};
    } catch (const std::exception& e) {
        return errorText(e);
    } catch (...) {
        return QCoreApplication::translate("ds::ui::ErrorText", "An unknown error occurred.");
    }
}

bool hasLayer(const Engine& engine, const QString& layer) {
    const auto layers = engine.capturableLayers();
    return std::find(layers.begin(), layers.end(), layer.toStdString()) != layers.end();
}

}  // namespace

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) {
    registerMetaTypes();
}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::attach(QThread* thread) { moveToThread(thread); }

bool InferenceWorker::busy() const {
    QMutexLocker lock(&m_mutex);
    return m_busy;
}

quint64 InferenceWorker::lastRequestId() const {
    QMutexLocker lock(&m_mutex);
    return m_nextId - 1;
}

quint64 InferenceWorker::enqueue(const std::function<void(Pending&, quint64)>& store) {
    bool schedule = false;
    bool becameBusy = false;
    quint64 id = 0;
    {
        QMutexLocker lock(&m_mutex);
        id = m_nextId++;
        store(m_pending, id);
        m_pending.id = id;
        schedule = !m_scheduled;
        m_scheduled = true;
        becameBusy = !m_busy;
        m_busy = true;
    }
    if (becameBusy) emit busyChanged(true, id);
    if (schedule)
        QMetaObject::invokeMethod(this, &InferenceWorker::processPending, Qt::QueuedConnection);
    return id;
}

quint64 InferenceWorker::requestModel(const ModelRequest& request) {
    return enqueue([&](Pending& p, quint64 id) {
        p.model = std::make_pair(id, request);
        m_modelRequestId = id;
    });
}

quint64 InferenceWorker::cancelModel() {
    quint64 dropped = 0;
    quint64 newest = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (m_pending.model) {
            dropped = m_pending.model->first;
            m_pending.model.reset();
        }
        newest = m_modelRequestId;
    }
    // Also stops an older load in progress: cancelling means "keep the model I had".
    quint64 upTo = m_cancelUpTo.load();
    while (upTo < newest && !m_cancelUpTo.compare_exchange_weak(upTo, newest)) {
    }
    if (dropped) emit modelCancelled(dropped);
    return newest;
}

bool InferenceWorker::pendingImageOrModel() const {
    QMutexLocker lock(&m_mutex);
    return m_pending.model || m_pending.image;
}

bool InferenceWorker::loadCancelled(quint64 id) const {
    if (id <= m_cancelUpTo.load()) return true;
    QMutexLocker lock(&m_mutex);
    return m_pending.model.has_value();  // a newer model request supersedes this load
}

quint64 InferenceWorker::requestImageFile(const QString& path) {
    return enqueue([&](Pending& p, quint64 id) {
        p.image = std::make_pair(id, ImageRequest{path, {}, path});
    });
}

quint64 InferenceWorker::requestImage(const QImage& image, const QString& source) {
    return enqueue([&](Pending& p, quint64 id) {
        p.image = std::make_pair(id, ImageRequest{{}, image, source});
    });
}

quint64 InferenceWorker::requestLayer(const QString& layer) {
    return enqueue([&](Pending& p, quint64 id) { p.layer = std::make_pair(id, layer); });
}

quint64 InferenceWorker::requestTopK(int k) {
    return enqueue([&](Pending& p, quint64 id) { p.topk = std::make_pair(id, k); });
}

quint64 InferenceWorker::requestMapBytes(MapScaling scaling, std::optional<bool> symmetric) {
    return enqueue([&](Pending& p, quint64 id) {
        p.bytes = std::make_pair(id, MapBytes{scaling, symmetric});
    });
}

void InferenceWorker::applyMapBytes(FeatureMap& map) const {
    ensureBytes(map, m_bytes.scaling, m_bytes.symmetric);
}

void InferenceWorker::processPending() {
    quint64 lastId = 0;
    for (;;) {
        Pending batch;
        {
            QMutexLocker lock(&m_mutex);
            if (m_pending.empty() && !m_jobs.empty()) {
                lock.unlock();
                stepAnalysis();  // requests that arrive meanwhile are served before the next step
                continue;
            }
            if (m_pending.empty()) {
                m_scheduled = false;
                m_busy = false;
                // Every request made so far is answered (or was cancelled while pending).
                lastId = m_nextId - 1;
                break;
            }
            std::swap(batch, m_pending);
        }
        bool forward = false;
        bool layerChanged = false;
        if (batch.model && loadModel(batch.model->first, batch.model->second)) forward = true;
        if (batch.head && applyHead(batch.head->first, batch.head->second)) forward = true;
        if (batch.image && setImage(batch.image->first, batch.image->second)) forward = true;
        if (batch.layer) {
            const QString& layer = batch.layer->second;
            if (!layer.isEmpty() && m_engine && m_engine->loaded() && !hasLayer(*m_engine, layer)) {
                emit failed(batch.layer->first, RequestKind::Layer,
                            tr("The model has no layer named '%1'; pick one in the network tree.")
                                .arg(layer));
            } else {
                m_layer = layer;
                layerChanged = true;
            }
        }
        if (layerChanged && !forward && !showKeptLayer(batch.layer->first)) forward = true;
        if (batch.topk) {
            m_topk = std::max(1, batch.topk->second);
            if (!forward && !m_logits.empty()) {
                m_view.top = rank(m_topk);
                m_viewUnsent = true;
            }
        }
        if (batch.bytes) {
            m_bytes = batch.bytes->second;
            if (!forward && m_view.map) {
                // A copy: the UI may be painting the current map on its own thread.
                QElapsedTimer timer;
                timer.start();
                auto map = std::make_shared<FeatureMap>(*m_view.map);
                applyMapBytes(*map);
                m_view.map = std::move(map);
                m_view.timings.mapsMs = double(timer.nsecsElapsed()) / 1e6;
                m_view.id = batch.bytes->first;
                m_viewUnsent = true;
            }
        }
        if (forward || m_forwardOwed) {
            // A pass whose image or model is already replaced by a pending request would be
            // thrown away: the next round runs it (even if that request fails).
            m_forwardOwed = pendingImageOrModel();
            if (!m_forwardOwed) classify(batch.id);
        }
        if (m_view.id != 0) m_view.id = std::max(m_view.id, batch.id);
        emitView();
        if (!batch.analyses.empty()) adoptAnalyses(std::move(batch.analyses));
    }
    emit busyChanged(false, lastId);
}

void InferenceWorker::replaceModel(quint64 id, const ModelRequest& request) {
    // A different device needs a new engine; the old one (and its model) stays until the new
    // one has loaded, so a failure keeps everything as it was.
    std::unique_ptr<Engine> fresh;
    if (!m_engine || request.device != m_device) {
        EngineOptions options;
        options.device = request.device;
        options.mapBytes = true;    // statistics and 8-bit planes in the engine's fused pass
        options.keepLayers = true;  // layer switches without another forward pass
        fresh = std::make_unique<Engine>(options);
    }
    Engine& engine = fresh ? *fresh : *m_engine;
    // A labels file that cannot be used does not stop the weights from loading: the panel
    // says why, and predictions show ImageNet's names or "class N".
    std::vector<std::string> labels;
    m_labelsError.clear();
    try {
        if (!request.labels.isEmpty()) labels = readLabels(request.labels.toStdString());
    } catch (const ConfigError& e) {
        m_labelsError = QString::fromUtf8(e.what());
    }
    engine.load(request.config, request.weights.toStdString(),
                [this, id] { return loadCancelled(id); });
    try {
        if (!labels.empty())
            engine.setLabels(std::move(labels),
                             "The labels file '" + request.labels.toStdString() + "'");
    } catch (const ConfigError& e) {
        m_labelsError = QString::fromUtf8(e.what());
    }
    if (fresh) {
        keepHeadOn(*fresh);
        m_engine = std::move(fresh);
        m_device = request.device;
    }
}

bool InferenceWorker::loadModel(quint64 id, const ModelRequest& request) {
    if (loadCancelled(id)) {
        emit modelCancelled(id);
        return false;
    }
    emit started(RequestKind::Model, tr("Loading %1…").arg(qs(request.config.name)));
    QElapsedTimer timer;
    timer.start();
    std::optional<DenseNetConfig> fileLayout;  // set when the weights fit another layout
    bool cancelled = false;
    const QString error = guarded([&] {
        try {
            replaceModel(id, request);
        } catch (const Cancelled&) {
            cancelled = true;  // not an error: the previous model stays, as asked
        } catch (const WeightsLayoutError& e) {
            fileLayout = e.fileLayout;
            throw;
        }
    });
    if (cancelled) {
        emit modelCancelled(id);
        return false;
    }
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Model, error);
        if (fileLayout)
            emit weightsFitOtherLayout(id, {*fileLayout, request.weights, request.device, request.labels});
        return false;
    }
    m_modelId = id;
    m_logits.clear();
    m_kept = false;
    ModelInfo info;
    if (m_headId && !m_engine->head()) {  // the taught classes do not fit this model
        m_headId = 0;
        info.headDropped = true;
    }
    info.id = id;
    info.config = m_engine->config();
    info.summary = m_engine->summary();
    info.weightsSpec = request.weights;
    info.weightsDescription = weightsText(*m_engine);
    info.weightsNotes = weightsNotes(*m_engine);
    if (!m_engine->labels().empty()) info.labels = request.labels;
    info.labelsError = m_labelsError;
    info.randomWeights = request.weights.startsWith(QLatin1String("random"));
    info.device = m_device;
    info.deviceName = qs(m_engine->deviceName());
    info.deviceDescription = deviceText(*m_engine);
    const std::vector<std::string> layers = m_engine->capturableLayers();
    for (const auto& name : layers) info.layers << qs(name);
    info.loadMs = double(timer.nsecsElapsed()) / 1e6;
    // Keep the selected layer when the new model has it, else fall back to the first block.
    m_layer = qs(names::keptOrDefaultMap(layers, m_layer.toStdString()));
    emit modelLoaded(info);
    return true;
}

bool InferenceWorker::setImage(quint64 id, const ImageRequest& request) {
    emit started(RequestKind::Image, tr("Decoding %1…").arg(QFileInfo(request.source).fileName()));
    RgbImage image;
    QImage original;
    QImage networkInput;
    QElapsedTimer timer;
    timer.start();
    const QString error = guarded([&] {
        image = request.path.isEmpty() ? fromQImage(request.image) : loadImage(request.path);
        original = request.path.isEmpty() ? request.image : toQImage(image);
        networkInput = toQImage(networkInputImage(image));
    });
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Image, error);
        return false;
    }
    m_image = std::move(image);
    m_imageId = id;
    m_logits.clear();
    m_kept = false;
    if (m_engine) m_engine->releaseKept();
    m_view.id = id;
    m_view.imageId = id;
    m_view.source = request.source;
    m_view.original = original;
    m_view.networkInput = networkInput;
    m_view.top.clear();
    m_view.map.reset();
    m_view.timings = {};
    m_view.decodeMs = double(timer.nsecsElapsed()) / 1e6;
    m_viewUnsent = true;
    return true;
}

void InferenceWorker::classify(quint64 id) {
    if (!m_engine || !m_engine->loaded() || !m_image.valid()) return;
    emit started(RequestKind::Image, tr("Running %1…").arg(qs(m_engine->config().name)));
    ClassifyResult result;
    std::vector<std::string> capture;
    if (!m_layer.isEmpty()) capture.push_back(m_layer.toStdString());
    m_kept = false;
    ++m_forwards;
    const QString error = guarded([&] { result = m_engine->classify(m_image, m_topk, capture); });
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Image, error);
        return;
    }
    m_logits = std::move(result.logits);
    m_kept = true;
    m_view.id = id;
    m_view.modelId = m_modelId;
    m_view.headId = m_headId;
    m_view.top = std::move(result.top);
    m_view.timings = result.timings;
    m_view.map = nullptr;
    if (!result.maps.empty()) {
        QElapsedTimer timer;
        timer.start();
        FeatureMap& map = result.maps.front();
        applyMapBytes(map);  // nothing to do for the default per-channel scaling
        m_view.timings.mapsMs += double(timer.nsecsElapsed()) / 1e6;
        m_view.map = std::make_shared<const FeatureMap>(std::move(map));
    }
    m_viewUnsent = true;
}

bool InferenceWorker::showKeptLayer(quint64 id) {
    if (!m_kept || !m_engine || m_logits.empty()) return false;
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<FeatureMap> map;
    bool found = true;
    if (!m_layer.isEmpty()) {
        map = std::make_shared<FeatureMap>();
        const QString error = guarded([&] {
            found = m_engine->keptMap(m_layer.toStdString(), map.get());
            if (found) applyMapBytes(*map);
        });
        if (!error.isEmpty() || !found) return false;  // the forward pass computes it instead
    }
    m_view.map = std::move(map);
    m_view.timings.mapsMs = double(timer.nsecsElapsed()) / 1e6;
    m_view.id = id;
    m_viewUnsent = true;
    return true;
}

void InferenceWorker::emitView() {
    if (!m_viewUnsent || m_view.id == 0) return;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_pending.empty()) return;  // stale already: the next round emits a newer view
    }
    m_viewUnsent = false;
    emit viewReady(m_view);
}

}  // namespace ds::ui
