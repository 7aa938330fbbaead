#include "view_assembler.h"

#include <QElapsedTimer>

#include <algorithm>

#include "densescope/feature_maps.h"

namespace ds::ui {

namespace {
double msSince(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }
}  // namespace

std::optional<ViewResult> ViewAssembler::take() {
    if (!unsent()) return std::nullopt;
    m_unsent = false;
    return m_view;
}

void ViewAssembler::setImage(quint64 id, const QString& source, const QImage& original,
                             const QImage& networkInput, double decodeMs) {
    m_view.id = id;
    m_view.imageId = id;
    m_view.source = source;
    m_view.original = original;
    m_view.networkInput = networkInput;
    m_view.top.clear();
    m_view.map.reset();
    m_view.timings = {};
    m_view.decodeMs = decodeMs;
    m_unsent = true;
}

void ViewAssembler::setClassified(quint64 id, quint64 modelId, quint64 headId, ClassifyResult result) {
    m_view.id = id;
    m_view.modelId = modelId;
    m_view.headId = headId;
    m_view.top = std::move(result.top);
    m_view.timings = result.timings;
    m_view.map = nullptr;
    if (!result.maps.empty()) {
        QElapsedTimer timer;
        timer.start();
        FeatureMap& map = result.maps.front();
        applyMapBytes(map);  // nothing to do for the default per-channel scaling
        m_view.timings.mapsMs += msSince(timer);
        m_view.map = std::make_shared<const FeatureMap>(std::move(map));
    }
    m_unsent = true;
}

void ViewAssembler::setMap(quint64 id, std::shared_ptr<const FeatureMap> map, double ms) {
    m_view.map = std::move(map);
    m_view.timings.mapsMs = ms;
    m_view.id = id;
    m_unsent = true;
}

void ViewAssembler::setTop(std::vector<Prediction> top) {
    m_view.top = std::move(top);
    m_unsent = true;
}

bool ViewAssembler::rescaleMap(quint64 id) {
    if (!m_view.map) return false;
    QElapsedTimer timer;
    timer.start();
    auto map = std::make_shared<FeatureMap>(*m_view.map);
    applyMapBytes(*map);
    m_view.map = std::move(map);
    m_view.timings.mapsMs = msSince(timer);
    m_view.id = id;
    m_unsent = true;
    return true;
}

void ViewAssembler::applyMapBytes(FeatureMap& map) const {
    ensureBytes(map, m_bytes.scaling, m_bytes.symmetric);
}

void ViewAssembler::answer(quint64 id) {
    if (m_view.id != 0) m_view.id = std::max(m_view.id, id);
}

}  // namespace ds::ui

