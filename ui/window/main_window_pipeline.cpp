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
#include "main_window_parts.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "explanation_panel.h"
#include "retranslate.h"
#include "stale_marks.h"
#include "view_mode_controller.h"
#include "weights_controller.h"

namespace ds::ui {

namespace {
// A load shorter than this shows no Cancel button (it would only flicker).
constexpr int kCancelDelayMs = 300;
}  // namespace

void MainWindow::setupPipeline() {
    m_marks->stale = new StaleMarks(this);
    for (QWidget* panel : std::initializer_list<QWidget*>{
             m_modelPanel, m_tree, m_table, m_growth, m_explanation, m_imageView, m_predictions,
             m_featureMaps})
        m_marks->stale->add(panel);

    m_marks->cancelButton = new QPushButton(tr("Cancel"));
    m_marks->cancelButton->setObjectName(QStringLiteral("cancelLoadButton"));
    m_marks->cancelButton->setToolTip(tr("Stop loading the model and keep the one in use (Esc)"));
    m_marks->cancelButton->setFlat(true);
    m_marks->cancelButton->hide();
    statusBar()->addWidget(m_marks->cancelButton);  // beside the progress indicator
    connect(m_marks->cancelButton, &QPushButton::clicked, this, &MainWindow::cancelModelLoad);

    m_marks->cancelAction = new QAction(tr("Cancel Loading"), this);
    m_marks->cancelAction->setObjectName(QStringLiteral("cancelLoadAction"));
    m_marks->cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_marks->cancelAction->setEnabled(false);
    addAction(m_marks->cancelAction);  // a window shortcut, without a menu entry
    connect(m_marks->cancelAction, &QAction::triggered, this, &MainWindow::cancelModelLoad);

    m_marks->cancelDelay = new QTimer(this);
    m_marks->cancelDelay->setSingleShot(true);
    m_marks->cancelDelay->setInterval(kCancelDelayMs);
    connect(m_marks->cancelDelay, &QTimer::timeout, this,
            [this] { m_marks->cancelButton->setVisible(m_pending.model != 0); });

    connect(m_worker, &InferenceWorker::modelCancelled, this, &MainWindow::onModelCancelled);
    onLanguageChange(
        this,
        [this] {
            m_marks->cancelButton->setText(tr("Cancel"));
            m_marks->cancelButton->setToolTip(
                tr("Stop loading the model and keep the one in use (Esc)"));
            m_marks->cancelAction->setText(tr("Cancel Loading"));
        },
        /*now=*/false);
}

void MainWindow::sendModelRequest(const ds::ui::ModelRequest& request) {
    m_requested = request;
    m_weights->setRequest(request);
    m_pending.model = m_worker->requestModel(request);
    updateStaleMarks();
}

void MainWindow::updateStaleMarks() {
    const bool model = m_pending.model != 0;
    // The explanation's numbers are the model's too.
    for (QWidget* panel :
         std::initializer_list<QWidget*>{m_modelPanel, m_tree, m_table, m_growth, m_explanation})
        m_marks->stale->setStale(panel, model);
    m_marks->stale->setStale(m_imageView, m_pending.image != 0);
    m_marks->stale->setStale(m_predictions, m_pending.viewStale());
    m_marks->stale->setStale(m_featureMaps, m_pending.viewStale() || m_pending.layer != 0);

    // Esc stops a load first; the next Esc leaves a maximised panel
    // (one enabled Esc action at a time: two would make the key ambiguous and do nothing).
    m_marks->cancelAction->setEnabled(model);
    m_viewModes->setEscapeTaken(model);
    if (!model) {
        m_marks->cancelDelay->stop();
        m_marks->cancelButton->hide();
    } else if (!m_marks->cancelButton->isVisible() && !m_marks->cancelDelay->isActive()) {
        m_marks->cancelDelay->start();
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
        m_weights->setRequest(m_requested);
        if (m_marks->shownModelId != m_model->id) applyModel(*m_model);
        statusBar()->showMessage(tr("Loading %1 was cancelled. Still using %2.")
                                     .arg(cancelled, QString::fromStdString(m_model->config.name)),
                                 5000);
    } else {
        statusBar()->showMessage(tr("Loading %1 was cancelled.").arg(cancelled), 5000);
    }
    updateStaleMarks();
}

}  // namespace ds::ui
