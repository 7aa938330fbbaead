// MainWindow's settings: restoring the saved comparisons, writing the settings shortly after
// a change (scheduleSave) and on close, and the window events that change them.
#include <QCloseEvent>
#include <QTimer>

#include "densescope/errors.h"
#include "growth_chart.h"
#include "main_window.h"
#include "predictions_chart.h"
#include "view_mode_controller.h"

namespace ds::ui {

void MainWindow::restoreComparisons() {
    for (const ds::DenseNetConfig& config : m_settings.comparisons) {
        try {
            m_growth->addComparison(config);
        } catch (const ds::Error&) {
            // a layout this machine can no longer summarise is left out
        }
    }
    connect(m_growth, &GrowthChart::comparisonsChanged, this,
            [this] { m_settings.comparisons = m_growth->comparisonConfigs(); });
}

void MainWindow::scheduleSave() {
    // Before the constructor has finished (restoreState() moves docks) there is nothing new.
    if (m_saveTimer && m_options.useSettings) m_saveTimer->start();
}

void MainWindow::saveSettings() {
    if (m_saveTimer) m_saveTimer->stop();
    if (!m_options.useSettings) return;
    m_settings.geometry = saveGeometry();
    m_settings.windowState = saveState();
    m_settings.topk = m_predictions->topK();
    // m_settings.model is the last model that loaded (onModelLoaded): a request that failed, or
    // that is still loading, is not saved as the one to restore next time.
    m_settings.save();
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    scheduleSave();
}

void MainWindow::moveEvent(QMoveEvent* event) {
    QMainWindow::moveEvent(event);
    scheduleSave();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_viewModes->leaveAllViewModes();  // the layout to remember is the one under a maximised dock
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace ds::ui
