// MainWindow's analysis docks (ui/panels/analysis/): each panel is a dock tabbed with the
// feature maps; the AnalysisRouter tells them what the window shows and routes what they ask
// for; the TeachController is the Teach tab's window side. And the docks by short name.
#include <QDockWidget>
#include <QSettings>

#include "analysis_router.h"
#include "app_settings.h"
#include "attribution_panel.h"
#include "cam_panel.h"
#include "compare_panel.h"
#include "feature_map_panel.h"
#include "main_window.h"
#include "retranslate.h"
#include "reuse_panel.h"
#include "statistics_panel.h"
#include "teach_controller.h"
#include "teach_panel.h"
#include "top_images_panel.h"
#include "view_mode_controller.h"
#include "visualize_panel.h"

namespace ds::ui {

void MainWindow::buildAnalysisDocks() {
    m_analyses = new AnalysisRouter(m_worker, m_featureMaps, m_predictions, m_growth, this);
    auto* maps = findChild<QDockWidget*>(QStringLiteral("featureMapsDock"));
    const auto add = [this, maps](AnalysisPanel* panel, const QString& title, const QString& name) {
        auto* dock = addDock(panel, title, name, Qt::BottomDockWidgetArea);
        dock->setProperty(kAnalysisDockProperty, true);
        tabifyDockWidget(maps, dock);
        maps->raise();  // the feature maps stay in front until a person picks a tab
        m_analyses->add(panel, dock);
        return dock;
    };
    // One line per analysis panel:
    //   add(new SomePanel, tr("Title"), QStringLiteral("someDock"));
    auto* cam = new CamPanel;
    add(cam, tr("Where it looks"), QStringLiteral("camDock"));
    add(new AttributionPanel, tr("Attributions"), QStringLiteral("attributionDock"));
    auto* compare = new ComparePanel;
    add(compare, tr("Compare"), QStringLiteral("compareDock"));
    // A computed map in Compare opens its method in Where it looks.
    connect(compare, &ComparePanel::methodRequested, this, [this, cam](CamMethod method) {
        cam->selectMethod(method);
        raisePanel(QStringLiteral("cam"));
    });
    add(new ReusePanel, tr("Feature reuse"), QStringLiteral("reuseDock"));
    add(new StatisticsPanel, tr("Statistics"), QStringLiteral("statisticsDock"));
    auto* topImages = new TopImagesPanel;
    auto* topImagesDock = add(topImages, tr("Top images"), QStringLiteral("topImagesDock"));
    add(new VisualizePanel, tr("Visualise"), QStringLiteral("visualizeDock"));
    auto* teach = new TeachPanel;
    m_teach = new TeachController(teach, add(teach, tr("Teach"), QStringLiteral("teachDock")), this);
    // Last: adding a dock brings the feature maps back to the front.
    topImages->setRememberFolder(m_options.useSettings);
    if (!m_options.topImagesFolder.isEmpty()) {
        topImages->setFolder(m_options.topImagesFolder);
        topImagesDock->raise();
    } else if (m_options.useSettings) {
        topImages->setFolder(AppSettings::open()->value(QStringLiteral("topImages/folder")).toString());
    }
    onLanguageChange(
        this,
        [this] {
            const auto title = [this](const char* name, const QString& text) {
                if (auto* dock = findChild<QDockWidget*>(QLatin1String(name)))
                    dock->setWindowTitle(text);
            };
            title("camDock", tr("Where it looks"));
            title("attributionDock", tr("Attributions"));
            title("compareDock", tr("Compare"));
            title("reuseDock", tr("Feature reuse"));
            title("statisticsDock", tr("Statistics"));
            title("topImagesDock", tr("Top images"));
            title("visualizeDock", tr("Visualise"));
            title("teachDock", tr("Teach"));
        },
        /*now=*/false);
    connect(this, &MainWindow::modelShown, m_analyses, &AnalysisRouter::showModel);
    connect(this, &MainWindow::viewApplied, m_analyses, &AnalysisRouter::showView);
    connect(this, &MainWindow::layerShown, m_analyses, &AnalysisRouter::showLayer);
    connect(m_analyses, &AnalysisRouter::layerRequested, this, &MainWindow::selectLayer);
    connect(m_analyses, &AnalysisRouter::imageRequested, this, &MainWindow::openImage);
    connect(this, &MainWindow::viewApplied, m_teach, &TeachController::viewApplied);
    connect(this, &MainWindow::viewShown, m_teach, &TeachController::viewShown);
    connect(this, &MainWindow::modelShown, m_teach, &TeachController::modelShown);
    connect(m_teach, &TeachController::headShownChanged, this, &MainWindow::updateNotice);
}

const QList<AnalysisPanel*>& MainWindow::analysisPanels() const { return m_analyses->panels(); }

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
    noteFrontDock(dock);
    return true;
}

}  // namespace ds::ui
