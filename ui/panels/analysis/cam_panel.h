#pragma once
// "Where it looks": class activation maps (densescope/analysis.h) of the shown image. The CAM
// of the selected layer over the 224x224 network input (opacity slider, method selector), and
// a strip of CAMs at features.pool0, each dense block and each transition, computed in the
// same pass, showing how localisation sharpens with depth (click a tile to select that layer).
// The explained class is the top-1 unless one is picked in the combo or by clicking a bar of
// the predictions chart. Export as PNG (lib/present/cam_figure.h) or NPY (raw CAM).
//
// One CamJob (kind "cam") per request, superseding the previous one; it runs only while the
// panel is shown, and again when the image, model, layer, method, eigen-smooth or class
// changes. Score-CAM and Ablation-CAM (a forward per channel) compute only the selected layer,
// in steps between the worker's other requests, with a progress bar, the time left and Cancel.
#include <QElapsedTimer>
#include <QImage>
#include <QWidget>

#include <memory>
#include <optional>

#include "analysis_panel.h"
#include "densescope/analysis.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

class QScrollArea;

namespace ds::ui {

class CamFaithfulness;
class CamTile;
class FlowLayout;

class CamPanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit CamPanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void viewChanged(const ds::ui::ViewResult& view) override;
    void layerChanged(const QString& layer) override;
    void classClicked(int classIndex) override;
    void shownChanged(bool shown) override;

    // For tests and screenshots: what is shown.
    const ds::CamResult* result() const { return m_result.get(); }
    QString layer() const { return m_layer; }
    ds::CamMethod method() const;
    // Shows `method` (as choosing it in the Method box does) and computes it when shown.
    void selectMethod(ds::CamMethod method);
    bool eigenSmooth() const;  // checked and applicable to the method
    int explainedClass() const;  // -1: the top-1
    bool busy() const { return m_running != 0; }
    // For tests: the strip's tiles' width and the large CAM's size (both grow with the room).
    int stripTileWidth() const;
    QSize camViewSize() const;
    // The strip's captions as painted: whole, or cut with "…" where a tile is too narrow.
    QStringList stripCaptions() const;

signals:
    void camShown();  // a result has been painted

protected:
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    // The strip through the network (cam_panel_strip.cpp).
    void buildStrip();     // a tile per strip layer
    void repaintStrip(double opacity, const ds::CamMap* map);  // `map`: the selected layer's
    void fitStripTiles();  // the strip's tiles as large as the panel has room for
    void fitStripWidth();
    void retranslate();
    void updateEigenSmooth();
    void endProgress();
    void fillClasses();
    void request();  // now when shown, else once shown
    void showResult();
    void repaintOverlay();
    void exportPng();
    void exportNpy();
    const ds::CamMap* selectedMap() const;

    QComboBox* m_method = nullptr;
    QCheckBox* m_eigenSmooth = nullptr;
    QProgressBar* m_progress = nullptr;  // Score-CAM, Ablation-CAM: channels done
    QPushButton* m_cancel = nullptr;
    QElapsedTimer m_clock;  // since the running request, for the time left
    QComboBox* m_class = nullptr;
    QSlider* m_opacity = nullptr;
    QLabel* m_methodLabel = nullptr;
    QLabel* m_classLabel = nullptr;
    QLabel* m_opacityLabel = nullptr;
    QPushButton* m_png = nullptr;
    QPushButton* m_npy = nullptr;
    QLabel* m_status = nullptr;
    CamTile* m_main = nullptr;
    QLabel* m_stripTitle = nullptr;
    FlowLayout* m_stripRow = nullptr;
    QScrollArea* m_stripScroll = nullptr;
    QVector<CamTile*> m_tiles;
    QLabel* m_help = nullptr;
    CamFaithfulness* m_faithfulness = nullptr;  // the shown map's ROAD score (cam_faithfulness.h)

    QString m_layer;
    QStringList m_stripLayers;
    std::vector<ds::Prediction> m_top;
    int m_classIndex = -1;  // -1: top-1
    bool m_hasImage = false;
    quint64 m_imageId = 0, m_modelId = 0;  // of the view the maps are for
    quint64 m_headId = 0;  // the taught classes explained (ViewResult::headId; 0: the model's)
    bool m_dirty = true;
    quint64 m_running = 0;
    std::shared_ptr<ds::CamResult> m_result;
    std::shared_ptr<ds::RgbImage> m_input;  // the 224x224 network input the result is for
};

}  // namespace ds::ui
