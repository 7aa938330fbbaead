#pragma once
// Routes between the main window and its analysis panels (ui/panels/analysis/): each panel,
// a dock tabbed with the feature maps, is told what the window shows (model, view, layer,
// channel, a clicked class) and computes only while its dock is in front; what a panel asks
// for goes back: a layer or an image to the window (signals), a channel to the feature maps,
// a channel range to highlight to the growth chart and the feature maps' grid.
#include <QList>
#include <QObject>
#include <QString>

#include "inference_worker.h"

class QDockWidget;

namespace ds::ui {

class AnalysisPanel;
class FeatureMapPanel;
class GrowthChart;
class PredictionsChart;

class AnalysisRouter : public QObject {
    Q_OBJECT
public:
    AnalysisRouter(InferenceWorker* worker, FeatureMapPanel* featureMaps,
                   PredictionsChart* predictions, GrowthChart* growth, QObject* parent = nullptr);

    // The panel gets the worker (null: none) and follows `dock`'s visibility (setShown).
    void add(AnalysisPanel* panel, QDockWidget* dock);
    const QList<AnalysisPanel*>& panels() const { return m_panels; }
    template <class Panel>
    Panel* find() const {  // the first panel of that type
        for (AnalysisPanel* panel : m_panels)
            if (auto* p = qobject_cast<Panel*>(panel)) return p;
        return nullptr;
    }
    // A panel is in front: it follows every view with a job of its own (the CAM).
    bool anyInFront() const;
    // Marks channels [first, first + count) of `layer` (a dense block's output) in the growth
    // chart and, while the feature maps show that layer, in the thumbnail grid; count 0 clears.
    void highlightChannelRange(const QString& layer, int first, int count);

public slots:
    // What the window has shown, to every panel (in the order they were added).
    void showModel(const ds::ui::ModelInfo& info);  // also clears the channel highlight
    void showView(const ds::ui::ViewResult& view);  // the highlight follows the map shown
    void showLayer(const QString& layer);

signals:
    void layerRequested(const QString& layer);
    void imageRequested(const QString& path);

private:
    void applyChannelHighlight();  // to the grid, for the map now shown

    InferenceWorker* m_worker;
    FeatureMapPanel* m_featureMaps;
    PredictionsChart* m_predictions;
    GrowthChart* m_growth;
    QList<AnalysisPanel*> m_panels;
    struct {
        QString layer;
        int first = 0, count = 0;
        int blocks = 0;  // dense blocks of the model shown
    } m_highlight;
};

}  // namespace ds::ui
