// The analysis docks (ui/panels/analysis/): each panel is a dock tabbed with the feature maps,
// told what the window shows and heard when it asks for another layer, channel or image.
#include <QDockWidget>
#include <QSettings>

#include "analysis_panel.h"
#include "app_settings.h"
#include "cam_panel.h"
#include "densescope/engine.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "densescope/module_names.h"
#include "main_window.h"
#include "predictions_chart.h"
#include "reuse_panel.h"
#include "statistics_panel.h"
#include "teach_panel.h"
#include "thumbnail_grid.h"
#include "top_images_panel.h"
#include "visualize_panel.h"

namespace ds::ui {

void MainWindow::buildAnalysisDocks() {
    // One line per analysis panel:
    //   addAnalysisDock(new SomePanel, tr("Title"), QStringLiteral("someDock"));
    addAnalysisDock(new CamPanel, tr("Where it looks"), QStringLiteral("camDock"));
    addAnalysisDock(new ReusePanel, tr("Feature reuse"), QStringLiteral("reuseDock"));
    addAnalysisDock(new StatisticsPanel, tr("Statistics"), QStringLiteral("statisticsDock"));
    auto* topImages = new TopImagesPanel;
    auto* topImagesDock = addAnalysisDock(topImages, tr("Top images"), QStringLiteral("topImagesDock"));
    addAnalysisDock(new VisualizePanel, tr("Visualise"), QStringLiteral("visualizeDock"));
    addAnalysisDock(new TeachPanel, tr("Teach"), QStringLiteral("teachDock"));
    // Last: adding a dock brings the feature maps back to the front.
    topImages->setRememberFolder(m_options.useSettings);
    if (!m_options.topImagesFolder.isEmpty()) {
        topImages->setFolder(m_options.topImagesFolder);
        topImagesDock->raise();
    } else if (m_options.useSettings) {
        topImages->setFolder(AppSettings::open()->value(QStringLiteral("topImages/folder")).toString());
    }
    // A highlighted channel range follows the map shown, and ends with the model.
    connect(this, &MainWindow::viewApplied, this, [this] { applyChannelHighlight(); });
    connect(this, &MainWindow::modelShown, this, [this](const ModelInfo& info) {
        m_channelHighlight.blocks = int(info.config.blockConfig.size());
        highlightChannelRange({}, 0, 0);
    });
}

void MainWindow::highlightChannelRange(const QString& layer, int first, int count) {
    m_channelHighlight.layer = layer;
    m_channelHighlight.first = first;
    m_channelHighlight.count = count;
    // "features.denseblockB" -> B; the growth chart draws the band across that block.
    const auto module = names::parseModule(layer.toStdString());
    const bool isBlock = module.kind == names::ModulePath::Kind::DenseBlock && module.rest.empty();
    const int block = count > 0 && isBlock ? module.block : 0;
    m_growth->highlightChannels(block, first, count);
    applyChannelHighlight();
}

void MainWindow::applyChannelHighlight() {
    const auto map = m_featureMaps->featureMap();
    // norm5 normalises the last block's output channel by channel: the same channel indices.
    const QString lastBlock = QString::fromStdString(names::denseBlock(m_channelHighlight.blocks));
    const QString shown = map ? QString::fromStdString(map->layer) : QString();
    const bool here = m_channelHighlight.count > 0 && map &&
                      (shown == m_channelHighlight.layer ||
                       (shown == QLatin1String(names::kNorm5) && m_channelHighlight.layer == lastBlock));
    m_featureMaps->grid()->setHighlightedRange(here ? m_channelHighlight.first : 0,
                                               here ? m_channelHighlight.count : 0);
}

QDockWidget* MainWindow::addAnalysisDock(AnalysisPanel* panel, const QString& title,
                                         const QString& name) {
    auto* maps = findChild<QDockWidget*>(QStringLiteral("featureMapsDock"));
    auto* dock = addDock(panel, title, name, Qt::BottomDockWidgetArea);
    dock->setProperty(kAnalysisDockProperty, true);
    tabifyDockWidget(maps, dock);
    maps->raise();  // the feature maps stay in front until a person picks a tab
    m_analysisPanels.append(panel);
    panel->setWorker(m_worker);
    connect(dock, &QDockWidget::visibilityChanged, panel, &AnalysisPanel::setShown);
    connect(this, &MainWindow::modelShown, panel, &AnalysisPanel::modelChanged);
    connect(this, &MainWindow::viewApplied, panel, &AnalysisPanel::viewChanged);
    connect(this, &MainWindow::layerShown, panel, &AnalysisPanel::layerChanged);
    connect(m_featureMaps, &FeatureMapPanel::channelSelected, panel, &AnalysisPanel::channelChanged);
    connect(m_predictions, &PredictionsChart::classClicked, panel, &AnalysisPanel::classClicked);
    connect(panel, &AnalysisPanel::layerRequested, this, &MainWindow::selectLayer);
    connect(panel, &AnalysisPanel::channelRequested, m_featureMaps, &FeatureMapPanel::selectChannel);
    connect(panel, &AnalysisPanel::imageRequested, this, &MainWindow::openImage);
    connect(panel, &AnalysisPanel::channelRangeHighlighted, this, &MainWindow::highlightChannelRange);
    return dock;
}

QStringList MainWindow::panelNames() const {
    QStringList names;
    for (const QDockWidget* dock : findChildren<QDockWidget*>()) {
        QString name = dock->objectName();
        if (name.endsWith(QLatin1String("Dock"))) names << name.chopped(4);
    }
    names.sort();
    return names;
}

bool MainWindow::raisePanel(const QString& name) {
    auto* dock = findChild<QDockWidget*>(name + QLatin1String("Dock"));
    if (!dock) return false;
    dock->show();
    dock->raise();
    return true;
}

}  // namespace ds::ui
