#pragma once
// "Attributions": pixel attributions (densescope/attribution.h) of the shown image for a class,
// beside "Where it looks". The chosen method's map over a grey copy of the 224x224 network
// input (lib/present/attribution_figure.h), a method chooser, the class (top-1 unless one is
// picked here or by clicking a bar of the predictions chart), progress and Cancel for the slow
// methods (Integrated Gradients, SmoothGrad, occlusion), export as PNG or NPY (raw [3, H, W]).
// Guided Grad-CAM takes its Grad-CAM at the layer selected in the window (default: the last
// dense block when the selection is not a module it accepts).
//
// One AttributionJob (kind "attribution") per request, superseding the previous one; it runs
// only while the panel is shown, and again when the image, model, method or class changes.
#include <QWidget>

#include <memory>

#include "analysis_panel.h"
#include "densescope/attribution.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ds::ui {

class AttributionView;

class AttributionPanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit AttributionPanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void viewChanged(const ds::ui::ViewResult& view) override;
    void layerChanged(const QString& layer) override;
    void classClicked(int classIndex) override;
    void shownChanged(bool shown) override;

    // For tests and screenshots.
    const ds::AttributionResult* result() const { return m_result.get(); }
    ds::AttributionMethod method() const;
    void setMethod(ds::AttributionMethod method);
    int explainedClass() const { return m_classIndex; }  // -1: the top-1
    bool busy() const { return m_running != 0; }

signals:
    void attributionShown();  // a result has been painted

protected:
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void fillClasses();
    void request();  // now when shown, else once shown
    void showResult();
    void setRunning(quint64 id);
    void exportPng();
    void exportNpy();

    QComboBox* m_method = nullptr;
    QComboBox* m_class = nullptr;
    QLabel* m_methodLabel = nullptr;
    QLabel* m_classLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_png = nullptr;
    QPushButton* m_npy = nullptr;
    QLabel* m_status = nullptr;
    AttributionView* m_view = nullptr;
    QLabel* m_help = nullptr;

    QString m_layer;  // the window's selected layer
    QStringList m_layers;  // the model's capturable layers
    QString m_lastBlock;
    std::vector<ds::Prediction> m_top;
    int m_classIndex = -1;
    bool m_hasImage = false;
    quint64 m_imageId = 0, m_modelId = 0, m_headId = 0;
    bool m_dirty = true;
    quint64 m_running = 0;
    std::shared_ptr<ds::AttributionResult> m_result;
    std::shared_ptr<ds::RgbImage> m_input;  // the network input the result is for
};

}  // namespace ds::ui
