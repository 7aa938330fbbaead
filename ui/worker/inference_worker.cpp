#include "inference_worker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <functional>
#include <utility>

#include "analysis_task.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"
#include "error_text.h"
#include "image_io.h"
#include "job_scheduler.h"

namespace ds::ui {

namespace {

// The scheduler's slots: a round runs them in this order, and a request replaces a pending
// one of its slot.
enum Slot : int { SlotModel, SlotHead, SlotImage, SlotLayer, SlotTopK, SlotMapBytes };

RequestKind kindOf(int slot) {
    switch (slot) {
    case SlotModel: return RequestKind::Model;
    case SlotHead: return RequestKind::Head;
    case SlotLayer: return RequestKind::Layer;
    case SlotTopK: return RequestKind::TopK;
    case SlotMapBytes: return RequestKind::MapBytes;
    default: return RequestKind::Image;  // an image, or the round's forward pass
    }
}

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

// Words any exception for people, as failed() shows it.
QString describe(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return errorText(e);
    } catch (...) {
        return QCoreApplication::translate("ds::ui::ErrorText", "An unknown error occurred.");
    }
}

// Runs `f`, turning any exception into an error message (empty on success).
QString guarded(const std::function<void()>& f) {
    try {
        f();
        return {};
    } catch (...) {
        return describe(std::current_exception());
    }
}

double msSince(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }

}  // namespace

InferenceWorker::InferenceWorker(QObject* parent)
    : QObject(parent), m_scheduler(new JobScheduler(this)) {
    registerMetaTypes();
    connectScheduler();
}

// The scheduler goes first: nothing it holds may run on a worker that is half destroyed.
InferenceWorker::~InferenceWorker() { delete m_scheduler; }

void InferenceWorker::connectScheduler() {
    m_scheduler->setErrorText(&describe);
    m_scheduler->setRoundEnd([this](quint64 id) { endRound(id); });
    // Direct: each scheduler signal becomes the worker's in the thread that emits it, so the
    // order of everything the UI receives stays the order the scheduler emits.
    connect(m_scheduler, &JobScheduler::busyChanged, this, &InferenceWorker::busyChanged,
            Qt::DirectConnection);
    connect(m_scheduler, &JobScheduler::requestFailed, this,
            [this](quint64 id, int slot, const QString& message) {
                emit failed(id, kindOf(slot), message);
            },
            Qt::DirectConnection);
    connect(m_scheduler, &JobScheduler::taskFailed, this,
            [this](quint64 id, const QString& message) {
                emit failed(id, RequestKind::Analysis, message);
            },
            Qt::DirectConnection);
    connect(m_scheduler, &JobScheduler::taskCancelled, this, &InferenceWorker::analysisCancelled,
            Qt::DirectConnection);
    connect(m_scheduler, &JobScheduler::taskFinished, this,
            [this](quint64 id, const std::shared_ptr<SteppedTask>& task) {
                if (auto analysis = std::dynamic_pointer_cast<AnalysisTask>(task))
                    emit analysisFinished(id, analysis->job());
            },
            Qt::DirectConnection);
}

void InferenceWorker::attach(QThread* thread) { moveToThread(thread); }

bool InferenceWorker::busy() const { return m_scheduler->busy(); }

quint64 InferenceWorker::lastRequestId() const { return m_scheduler->lastId(); }

quint64 InferenceWorker::requestModel(const ModelRequest& request) {
    return m_scheduler->post(SlotModel, [this, request](quint64 id) {
        if (loadModel(id, request)) m_roundForward = true;
    });
}

quint64 InferenceWorker::cancelModel() {
    quint64 newest = 0;
    const std::optional<quint64> dropped = m_scheduler->dropPending(SlotModel, &newest);
    // Also stops an older load in progress: cancelling means "keep the model I had".
    quint64 upTo = m_cancelUpTo.load();
    while (upTo < newest && !m_cancelUpTo.compare_exchange_weak(upTo, newest)) {
    }
    if (dropped) emit modelCancelled(*dropped);
    return newest;
}

bool InferenceWorker::pendingImageOrModel() const {
    return m_scheduler->hasPending(SlotModel) || m_scheduler->hasPending(SlotImage);
}

bool InferenceWorker::loadCancelled(quint64 id) const {
    if (id <= m_cancelUpTo.load()) return true;
    return m_scheduler->hasPending(SlotModel);  // a newer model request supersedes this load
}

quint64 InferenceWorker::requestImageFile(const QString& path) {
    return m_scheduler->post(SlotImage, [this, path](quint64 id) {
        if (setImage(id, ImageRequest{path, {}, path})) m_roundForward = true;
    });
}

quint64 InferenceWorker::requestImage(const QImage& image, const QString& source) {
    return m_scheduler->post(SlotImage, [this, image, source](quint64 id) {
        if (setImage(id, ImageRequest{{}, image, source})) m_roundForward = true;
    });
}

quint64 InferenceWorker::requestLayer(const QString& layer) {
    return m_scheduler->post(SlotLayer, [this, layer](quint64 id) { selectLayer(id, layer); });
}

quint64 InferenceWorker::requestTopK(int k) {
    return m_scheduler->post(SlotTopK, [this, k](quint64) { selectTopK(k); });
}

quint64 InferenceWorker::requestMapBytes(MapScaling scaling, std::optional<bool> symmetric) {
    const MapBytes bytes{scaling, symmetric};
    return m_scheduler->post(SlotMapBytes, [this, bytes](quint64 id) { selectMapBytes(id, bytes); });
}

quint64 InferenceWorker::requestHead(std::shared_ptr<const LinearHead> head, const QString& source) {
    return m_scheduler->post(SlotHead, [this, head = std::move(head), source](quint64 id) {
        if (applyHead(id, head, source)) m_roundForward = true;
    });
}

void InferenceWorker::selectLayer(quint64 id, const QString& layer) {
    if (!layer.isEmpty() && m_loader.loaded() && !m_loader.hasLayer(layer)) {
        emit failed(id, RequestKind::Layer,
                    tr("The model has no layer named '%1'; pick one in the network tree.").arg(layer));
        return;
    }
    m_layer = layer;
    if (!m_roundForward && !showKeptLayer(id)) m_roundForward = true;
}

void InferenceWorker::selectTopK(int k) {
    m_topk = std::max(1, k);
    if (!m_roundForward && !m_logits.empty()) m_views.setTop(m_loader.rank(m_logits, m_topk));
}

void InferenceWorker::selectMapBytes(quint64 id, const MapBytes& bytes) {
    m_views.setMapBytes(bytes);
    if (!m_roundForward) m_views.rescaleMap(id);
}

void InferenceWorker::endRound(quint64 id) {
    if (std::exchange(m_roundForward, false) || m_forwardOwed) {
        // A pass whose image or model is already replaced by a pending request would be
        // thrown away: the next round runs it (even if that request fails).
        m_forwardOwed = pendingImageOrModel();
        if (!m_forwardOwed) classify(id);
    }
    m_views.answer(id);
    emitView();
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
            m_loader.load(request, [this, id] { return loadCancelled(id); });
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
    ModelInfo info = m_loader.describe(request);
    if (m_headId && !m_loader.engine()->head()) {  // the taught classes do not fit this model
        m_headId = 0;
        info.headDropped = true;
    }
    info.id = id;
    info.loadMs = msSince(timer);
    // Keep the selected layer when the new model has it, else fall back to the first block.
    m_layer = qs(names::keptOrDefaultMap(m_loader.engine()->capturableLayers(), m_layer.toStdString()));
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
    if (Engine* engine = m_loader.engine()) engine->releaseKept();
    m_views.setImage(id, request.source, original, networkInput, msSince(timer));
    return true;
}

void InferenceWorker::classify(quint64 id) {
    Engine* engine = m_loader.engine();
    if (!m_loader.loaded() || !m_image.valid()) return;
    emit started(RequestKind::Image, tr("Running %1…").arg(qs(engine->config().name)));
    ClassifyResult result;
    std::vector<std::string> capture;
    if (!m_layer.isEmpty()) capture.push_back(m_layer.toStdString());
    m_kept = false;
    ++m_forwards;
    const QString error = guarded([&] { result = engine->classify(m_image, m_topk, capture); });
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Image, error);
        return;
    }
    m_logits = std::move(result.logits);
    m_kept = true;
    m_views.setClassified(id, m_modelId, m_headId, std::move(result));
}

bool InferenceWorker::showKeptLayer(quint64 id) {
    Engine* engine = m_loader.engine();
    if (!m_kept || !engine || m_logits.empty()) return false;
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<FeatureMap> map;
    bool found = true;
    if (!m_layer.isEmpty()) {
        map = std::make_shared<FeatureMap>();
        const QString error = guarded([&] {
            found = engine->keptMap(m_layer.toStdString(), map.get());
            if (found) m_views.applyMapBytes(*map);
        });
        if (!error.isEmpty() || !found) return false;  // the forward pass computes it instead
    }
    m_views.setMap(id, std::move(map), msSince(timer));
    return true;
}

void InferenceWorker::emitView() {
    if (!m_views.unsent()) return;
    if (m_scheduler->anyPending()) return;  // stale already: the next round emits a newer view
    if (auto view = m_views.take()) emit viewReady(*view);
}

}  // namespace ds::ui
