// MainWindow's worker answers: a loaded model (onModelLoaded, applyModel), a view with its
// predictions and maps (onView, applyView), a failure (onFailed) and the worker going idle
// (onBusy), each shown only when no newer request supersedes it. See pending_requests.h.
#include <QFileInfo>
#include <QStatusBar>
#include <QTimer>

#include "analysis_router.h"
#include "densescope/module_names.h"
#include "explanation_panel.h"
#include "explanation_tooltips.h"
#include "feature_map_panel.h"
#include "growth_chart.h"
#include "guide_dialog.h"
#include "image_controller.h"
#include "image_view.h"
#include "layer_table.h"
#include "live_controller.h"
#include "main_window.h"
#include "main_window_parts.h"
#include "model_panel.h"
#include "network_tree.h"
#include "predictions_chart.h"
#include "status_panel.h"

namespace ds::ui {

namespace {

bool isFileSource(const QString& source) {
    return !source.isEmpty() && !source.startsWith(QLatin1Char(':')) && QFileInfo(source).isFile();
}
}  // namespace

void MainWindow::onModelLoaded(const ds::ui::ModelInfo& info) {
    m_model = info;  // what the worker has, even when a newer request makes it short-lived
    if (m_pending.model > info.id) return;  // superseded: the panels wait for the newer one
    m_pending.model = 0;
    applyModel(info);
    updateStaleMarks();
}

void MainWindow::applyModel(const ds::ui::ModelInfo& info) {
    m_marks->shownModelId = info.id;
    m_pending.forward = info.id;  // its predictions and maps follow in a view
    m_modelPanel->setLoaded(info);
    m_tree->setSummary(info.summary);
    m_table->setSummary(info.summary);
    m_growth->setSummary(info.summary);
    m_featureMaps->setSummary(info.summary);
    m_explanation->setModel(info.config, info.summary);
    setExplanationToolTips(*m_tree, *m_table, info.config, info.summary);
    if (m_guide) m_guide->setModel(info.config, info.summary);
    m_status->setModel(info.deviceDescription, info.weightsDescription);
    std::vector<std::string> layers;
    for (const QString& name : info.layers) layers.push_back(name.toStdString());
    m_layer = QString::fromStdString(ds::names::keptOrDefaultMap(layers, m_layer.toStdString()));
    m_tree->selectLayer(m_layer);
    m_table->selectLayer(m_layer);
    m_growth->selectLayer(m_layer);
    m_explanation->setLayer(m_layer);
    emit layerShown(m_layer);
    m_settings.model = ds::ui::ModelRequest{info.config, info.weightsSpec, info.device, info.labels};
    scheduleSave();
    // Ends with the application name, so the platform does not append it a second time.
    setWindowTitle(tr("%1 — DenseScope").arg(QString::fromStdString(info.config.name)));
    updateNotice();
    emit modelShown(info);
}

void MainWindow::onView(const ds::ui::ViewResult& view) {
    // A panel in front that follows every view with a job of its own (the CAM): the next live
    // frame waits until the worker is idle (onBusy), or it would cancel that job.
    m_live->frameAnswered(view.imageId, /*waitForIdle=*/m_analyses->anyInFront());
    if (view.id < m_marks->lastViewId) return;  // an older view overtaken by a newer one
    if (m_pending.supersedes(view.id)) {
        // Made before the newest requests arrived: showing it would mix old and new answers.
        // Kept in case those requests all fail and nothing newer comes (onBusy).
        m_marks->deferred = view;
        return;
    }
    m_marks->deferred.reset();
    applyView(view);
    m_pending.answeredUpTo(view.id);
    updateStaleMarks();
    emit viewShown();
}

void MainWindow::applyView(const ds::ui::ViewResult& view) {
    m_marks->lastViewId = view.id;
    m_imageView->setImages(view.original, view.networkInput, view.source);
    if (view.imageId > m_marks->imageErrorId) m_imageView->setError({});
    m_predictions->setPredictions(view.top);
    QTimer::singleShot(0, this, &MainWindow::givePredictionsRoom);  // more rows, more height
    if (view.map) {
        m_featureMaps->setFeatureMap(view.map, view.networkInput);
        const QString layer = QString::fromStdString(view.map->layer);
        if (layer != m_layer) {  // the worker fell back (the new model lacks the old layer)
            m_layer = layer;
            m_tree->selectLayer(layer);
            m_table->selectLayer(layer);
            m_growth->selectLayer(layer);
            m_explanation->setLayer(layer);
            emit layerShown(layer);
        }
    } else {
        m_featureMaps->clear();
    }
    if (!view.top.empty()) m_status->setTimings(view.decodeMs, view.timings);
    if (view.imageId != m_marks->shownImageId) {
        m_marks->shownImageId = view.imageId;
        if (isFileSource(view.source))
            m_images->addRecent(QFileInfo(view.source).absoluteFilePath());
    }
    emit viewApplied(view);
}

void MainWindow::onFailed(quint64 id, ds::ui::RequestKind kind, const QString& message) {
    switch (kind) {
        case ds::ui::RequestKind::Model: {
            if (id >= m_pending.model) m_pending.model = 0;
            if (m_model && m_marks->shownModelId != m_model->id && !m_pending.model)
                applyModel(*m_model);
            QString text = message;
            if (m_model)
                text += tr("\nStill using %1 with %2 on %3.")
                            .arg(QString::fromStdString(m_model->config.name),
                                 m_model->weightsDescription, m_model->deviceDescription);
            m_modelPanel->setError(text);
            break;
        }
        case ds::ui::RequestKind::Image:
            m_live->frameAnswered(id, /*waitForIdle=*/false);
            if (id >= m_pending.image) m_pending.image = 0;
            m_marks->imageErrorId = id;
            m_imageView->setError(message);
            break;
        case ds::ui::RequestKind::Layer:
            if (id >= m_pending.layer) m_pending.layer = 0;
            break;
        default:
            break;
    }
    updateStaleMarks();
    statusBar()->showMessage(message, 10000);
    emit errorShown(kind, message);
}

void MainWindow::onBusy(bool busy, quint64 lastId) {
    if (!busy && lastId != m_worker->lastRequestId()) return;  // newer requests are still coming
    m_idle = !busy;
    m_status->setBusy(busy);
    if (!busy) {
        // Everything is answered, the jobs that follow a view (the CAM) too: the next frame.
        m_live->workerIdle();
        // Everything is answered: whatever the worker last reported is current.
        m_pending.clear();
        if (m_model && m_marks->shownModelId != m_model->id) applyModel(*m_model);
        m_pending.forward = 0;
        if (m_marks->deferred) {
            const auto view = *m_marks->deferred;
            m_marks->deferred.reset();
            if (view.id >= m_marks->lastViewId) {
                applyView(view);
                emit viewShown();
            }
        }
        updateStaleMarks();
        emit idle();
    }
}

}  // namespace ds::ui
