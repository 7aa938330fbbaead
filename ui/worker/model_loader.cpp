#include "model_loader.h"

#include <algorithm>

#include "densescope/errors.h"
#include "densescope/teach.h"
#include "engine_text.h"
#include "error_text.h"

namespace ds::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ModelLoader::ModelLoader() = default;

ModelLoader::~ModelLoader() = default;

bool ModelLoader::loaded() const { return m_engine && m_engine->loaded(); }

bool ModelLoader::hasLayer(const QString& layer) const {
    if (!m_engine) return false;
    const auto layers = m_engine->capturableLayers();
    return std::find(layers.begin(), layers.end(), layer.toStdString()) != layers.end();
}

void ModelLoader::load(const ModelRequest& request, const std::function<bool()>& cancelled) {
    std::unique_ptr<Engine> fresh;
    if (!m_engine || request.device != m_device) {
        EngineOptions options;
        options.device = request.device;
        options.mapBytes = true;    // statistics and 8-bit planes in the engine's fused pass
        options.keepLayers = true;  // layer switches without another forward pass
        fresh = std::make_unique<Engine>(options);
    }
    Engine& engine = fresh ? *fresh : *m_engine;
    std::vector<std::string> labels;
    m_labelsError.clear();
    try {
        if (!request.labels.isEmpty()) labels = readLabels(request.labels.toStdString());
    } catch (const ConfigError& e) {
        m_labelsError = errorText(e);
    }
    engine.load(request.config, request.weights.toStdString(), cancelled);
    try {
        if (!labels.empty())
            engine.setLabels(std::move(labels),
                             "The labels file '" + request.labels.toStdString() + "'");
    } catch (const ConfigError& e) {
        m_labelsError = errorText(e);
    }
    if (fresh) {
        // Made for another backbone: not kept (the caller reports it as dropped).
        if (m_engine && m_engine->head()) keepHeadIfFits(*fresh, m_engine->head());
        m_engine = std::move(fresh);
        m_device = request.device;
    }
}

ModelInfo ModelLoader::describe(const ModelRequest& request) const {
    ModelInfo info;
    if (!m_engine) return info;
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
    info.weightsSource = m_engine->weightsSource();
    info.engineDeviceDescription = qs(m_engine->deviceDescription());
    info.threads = m_engine->threads();
    for (const auto& name : m_engine->capturableLayers()) info.layers << qs(name);
    return info;
}

void ModelLoader::setHead(std::shared_ptr<const LinearHead> head, const QString& source) {
    if (!m_engine) {
        if (head) throw ConfigError("No model is loaded.");
        return;
    }
    if (head) checkHeadBackbone(*head, backboneIdentity(*m_engine), source.toStdString());
    m_engine->setHead(std::move(head));
}

std::vector<Prediction> ModelLoader::rank(const std::vector<float>& logits, int topk) const {
    if (!m_engine) return topPredictions(logits, topk);
    // With a head the logits are its logits (Engine::classify): its class names label them.
    return topPredictions(logits, topk,
                          m_engine->head() ? m_engine->head()->classNames : m_engine->labels());
}

}  // namespace ds::ui
