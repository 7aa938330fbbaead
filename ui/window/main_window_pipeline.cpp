// MainWindow's bookkeeping of requests in flight: which panels are out of date while the
// worker recomputes them (marked by StaleMarks until their answer arrives), and cancelling a
// model load (the status bar's Cancel button and Esc). See pending_requests.h.
#include <QAction>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include "feature_map_panel.h"
#include "growth_chart.h"
#include "image_view.h"
#include "layer_table.h"
#include "main_window.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "stale_marks.h"

namespace ds::ui {

namespace {
// A load shorter than this shows no Cancel button (it would only flicker).
constexpr int kCancelDelayMs = 300;
}  // namespace

void MainWindow::setupPipeline() {
    m_staleMarks = new StaleMarks(this);
    for (QWidget* panel : std::initializer_list<QWidget*>{
             m_modelPanel, m_tree, m_table, m_growth, m_imageView, m_predictions, m_featureMaps})
        m_staleMarks->add(panel);

    m_cancelLoad = new QPushButton(tr("Cancel"));
    m_cancelLoad->setObjectName(QStringLiteral("cancelLoadButton"));
    m_cancelLoad->setToolTip(tr("Stop loading the model and keep the one in use (Esc)"));
    m_cancelLoad->setFlat(true);
    m_cancelLoad->hide();
    statusBar()->addWidget(m_cancelLoad);  // beside the progress indicator
    connect(m_cancelLoad, &QPushButton::clicked, this, &MainWindow::cancelModelLoad);

    m_cancelAction = new QAction(tr("Cancel Loading"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelLoadAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setEnabled(false);
    addAction(m_cancelAction);  // a window shortcut, without a menu entry
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelModelLoad);

    m_cancelDelay = new QTimer(this);
    m_cancelDelay->setSingleShot(true);
    m_cancelDelay->setInterval(kCancelDelayMs);
    connect(m_cancelDelay, &QTimer::timeout, this,
            [this] { m_cancelLoad->setVisible(m_pending.model != 0); });

    connect(m_worker, &InferenceWorker::modelCancelled, this, &MainWindow::onModelCancelled);
}

void MainWindow::sendModelRequest(const ds::ui::ModelRequest& request) {
    m_requested = request;
    m_pending.model = m_worker->requestModel(request);
    updateStaleMarks();
}

void MainWindow::updateStaleMarks() {
    const bool model = m_pending.model != 0;
    for (QWidget* panel : std::initializer_list<QWidget*>{m_modelPanel, m_tree, m_table, m_growth})
        m_staleMarks->setStale(panel, model);
    m_staleMarks->setStale(m_imageView, m_pending.image != 0);
    m_staleMarks->setStale(m_predictions, m_pending.viewStale());
    m_staleMarks->setStale(m_featureMaps, m_pending.viewStale() || m_pending.layer != 0);

    // Esc stops a load first; the next Esc leaves presentation mode or a maximised panel
    // (one enabled Esc action at a time: two would make the key ambiguous and do nothing).
    m_cancelAction->setEnabled(model);
    m_actions.leaveMode->setEnabled(!model && !m_viewModes.isEmpty());
    if (!model) {
        m_cancelDelay->stop();
        m_cancelLoad->hide();
    } else if (!m_cancelLoad->isVisible() && !m_cancelDelay->isActive()) {
        m_cancelDelay->start();
    }
}

void MainWindow::cancelModelLoad() {
    if (m_pending.model) m_worker->cancelModel();
}

void MainWindow::onModelCancelled(quint64 id) {
    if (id < m_pending.model) return;  // an older load, stopped for the newer request
    m_pending.model = 0;
    const QString cancelled = QString::fromStdString(m_requested.config.name);
    if (m_model) {
        // The panel's controls go back to what is loaded, so they match the rest of the window.
        m_requested =
            ModelRequest{m_model->config, m_model->weightsSpec, m_model->device, m_model->labels};
        m_modelPanel->setRequest(m_requested);
        if (m_shownModelId != m_model->id) applyModel(*m_model);
        statusBar()->showMessage(tr("Loading %1 was cancelled. Still using %2.")
                                     .arg(cancelled, QString::fromStdString(m_model->config.name)),
                                 5000);
    } else {
        statusBar()->showMessage(tr("Loading %1 was cancelled.").arg(cancelled), 5000);
    }
    updateStaleMarks();
}

}  // namespace ds::ui
