// The analysis docks (ui/panels/analysis/): each panel is a dock tabbed with the feature maps,
// told what the window shows and heard when it asks for another layer, channel or image.
#include <QDockWidget>

#include "analysis_panel.h"
#include "feature_map_panel.h"
#include "main_window.h"
#include "visualize_panel.h"

namespace ds::ui {

void MainWindow::buildAnalysisDocks() {
    // One line per analysis panel:
    //   addAnalysisDock(new SomePanel, tr("Title"), QStringLiteral("someDock"));
    addAnalysisDock(new VisualizePanel, tr("Visualise"), QStringLiteral("visualizeDock"));
}

QDockWidget* MainWindow::addAnalysisDock(AnalysisPanel* panel, const QString& title,
                                         const QString& name) {
    auto* maps = findChild<QDockWidget*>(QStringLiteral("featureMapsDock"));
    auto* dock = addDock(panel, title, name, Qt::BottomDockWidgetArea);
    tabifyDockWidget(maps, dock);
    maps->raise();  // the feature maps stay in front until a person picks a tab
    m_analysisPanels.append(panel);
    panel->setWorker(m_worker);
    connect(dock, &QDockWidget::visibilityChanged, panel, &AnalysisPanel::setShown);
    connect(this, &MainWindow::modelShown, panel, &AnalysisPanel::modelChanged);
    connect(this, &MainWindow::viewApplied, panel, &AnalysisPanel::viewChanged);
    connect(this, &MainWindow::layerShown, panel, &AnalysisPanel::layerChanged);
    connect(m_featureMaps, &FeatureMapPanel::channelSelected, panel, &AnalysisPanel::channelChanged);
    connect(panel, &AnalysisPanel::layerRequested, this, &MainWindow::selectLayer);
    connect(panel, &AnalysisPanel::channelRequested, m_featureMaps, &FeatureMapPanel::selectChannel);
    connect(panel, &AnalysisPanel::imageRequested, this, &MainWindow::openImage);
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
