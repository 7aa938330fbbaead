#include "analysis_router.h"

#include <QDockWidget>

#include "analysis_panel.h"
#include "densescope/module_names.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "predictions_chart.h"
#include "thumbnail_grid.h"

namespace ds::ui {

AnalysisRouter::AnalysisRouter(InferenceWorker* worker, FeatureMapPanel* featureMaps,
                               PredictionsChart* predictions, GrowthChart* growth,
                               QObject* parent)
    : QObject(parent),
      m_worker(worker),
      m_featureMaps(featureMaps),
      m_predictions(predictions),
      m_growth(growth) {}

void AnalysisRouter::add(AnalysisPanel* panel, QDockWidget* dock) {
    m_panels.append(panel);
    if (m_worker) panel->setWorker(m_worker);
    connect(dock, &QDockWidget::visibilityChanged, panel, &AnalysisPanel::setShown);
    connect(m_featureMaps, &FeatureMapPanel::channelSelected, panel, &AnalysisPanel::channelChanged);
    connect(m_predictions, &PredictionsChart::classClicked, panel, &AnalysisPanel::classClicked);
    connect(panel, &AnalysisPanel::layerRequested, this, &AnalysisRouter::layerRequested);
    connect(panel, &AnalysisPanel::channelRequested, m_featureMaps, &FeatureMapPanel::selectChannel);
    connect(panel, &AnalysisPanel::imageRequested, this, &AnalysisRouter::imageRequested);
    connect(panel, &AnalysisPanel::channelRangeHighlighted, this,
            &AnalysisRouter::highlightChannelRange);
}

bool AnalysisRouter::anyInFront() const {
    for (const AnalysisPanel* panel : m_panels)
        if (panel->isShown()) return true;
    return false;
}

void AnalysisRouter::showModel(const ds::ui::ModelInfo& info) {
    for (AnalysisPanel* panel : m_panels) panel->modelChanged(info);
    // A highlighted channel range ends with the model.
    m_highlight.blocks = int(info.config.blockConfig.size());
    highlightChannelRange({}, 0, 0);
}

void AnalysisRouter::showView(const ds::ui::ViewResult& view) {
    for (AnalysisPanel* panel : m_panels) panel->viewChanged(view);
    applyChannelHighlight();
}

void AnalysisRouter::showLayer(const QString& layer) {
    for (AnalysisPanel* panel : m_panels) panel->layerChanged(layer);
}

void AnalysisRouter::highlightChannelRange(const QString& layer, int first, int count) {
    m_highlight.layer = layer;
    m_highlight.first = first;
    m_highlight.count = count;
    // "features.denseblockB" -> B; the growth chart draws the band across that block.
    const auto module = names::parseModule(layer.toStdString());
    const bool isBlock = module.kind == names::ModulePath::Kind::DenseBlock && module.rest.empty();
    const int block = count > 0 && isBlock ? module.block : 0;
    m_growth->highlightChannels(block, first, count);
    applyChannelHighlight();
}

void AnalysisRouter::applyChannelHighlight() {
    const auto map = m_featureMaps->featureMap();
    // norm5 normalises the last block's output channel by channel: the same channel indices.
    const QString lastBlock = QString::fromStdString(names::denseBlock(m_highlight.blocks));
    const QString shown = map ? QString::fromStdString(map->layer) : QString();
    const bool here = m_highlight.count > 0 && map &&
                      (shown == m_highlight.layer ||
                       (shown == QLatin1String(names::kNorm5) && m_highlight.layer == lastBlock));
    m_featureMaps->grid()->setHighlightedRange(here ? m_highlight.first : 0,
                                               here ? m_highlight.count : 0);
}

}  // namespace ds::ui
