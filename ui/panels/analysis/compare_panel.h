#pragma once
// "Compare": every explanation method side by side on the shown image, layer and class, with
// a measure of which map to trust (issue 21, section 4). First page: every CAM method at the
// selected layer over the network input, each tile with its ROAD score and confidence change
// (densescope/faithfulness.h), sortable by either; the tiles fill as each method finishes,
// cheapest first. Score-CAM and Ablation-CAM (a forward per channel) say how long they will
// take and start when their tile is clicked. Second page: the pixel attributions
// (densescope/attribution.h). A click on a computed CAM tile opens that method in Where it
// looks. `densescope-cli compare` prints the same numbers.
//
// One job at a time (kind "compare" / "compare-attribution"), the next submitted when one
// ends; everything starts again when the image, model, layer or class changes.
#include <QImage>
#include <QVector>

#include <memory>
#include <optional>

#include "analysis_panel.h"
#include "densescope/analysis.h"
#include "densescope/attribution.h"
#include "densescope/faithfulness.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace ds::ui {

class CompareTile;

class ComparePanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit ComparePanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void viewChanged(const ds::ui::ViewResult& view) override;
    void layerChanged(const QString& layer) override;
    void classClicked(int classIndex) override;
    void shownChanged(bool shown) override;

    enum class Sort { Cost, Road, Confidence };
    // For tests: what each CAM tile holds (in cost order), and the order shown.
    struct CamEntry {
        ds::CamMethod method = ds::CamMethod::GradCam;
        enum State { Waiting, ClickToStart, Running, Done, Failed } state = Waiting;
        std::optional<ds::CamMap> map;
        std::optional<ds::FaithfulnessMetrics> metrics;
        QString note;  // a failure, or why there are no metrics
        double ms = 0;
    };
    const QVector<CamEntry>& camEntries() const { return m_cams; }
    QVector<ds::CamMethod> shownOrder() const;
    void setSort(Sort sort);
    // Starts a perturbation method (as a click on its waiting tile does).
    void startMethod(ds::CamMethod method);
    bool busy() const { return m_running != 0; }
    int attributionsDone() const;  // pixel attributions computed
    QString layer() const { return m_layer; }
    int comparedClass() const;  // the explained class (the top-1 when none was picked)

signals:
    // A computed CAM tile was clicked: show that method in Where it looks.
    void methodRequested(ds::CamMethod method);
    void compareUpdated();  // a tile changed (tests, screenshots)

protected:
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void reset();       // inputs changed: every tile waits again
    void runNext();     // submits the next waiting method of the page in front, if shown
    void refreshTiles();
    void layoutTiles();
    QString estimate(ds::CamMethod method) const;

    QTabWidget* m_pages = nullptr;
    QComboBox* m_sort = nullptr;
    QLabel* m_sortLabel = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_explain = nullptr;
    QLabel* m_attrExplain = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QWidget* m_camGrid = nullptr;
    QWidget* m_attrGrid = nullptr;
    QVector<CompareTile*> m_camTiles, m_attrTiles;

    QVector<CamEntry> m_cams;
    struct AttrEntry {
        ds::AttributionMethod method = ds::AttributionMethod::Saliency;
        bool done = false, failed = false;
        QImage image;
        QString note;
    };
    QVector<AttrEntry> m_attrs;

    ds::DenseNetConfig m_config;
    bool m_hasModel = false, m_hasImage = false;
    QString m_layer;
    std::vector<ds::Prediction> m_top;
    int m_classIndex = -1;
    quint64 m_imageId = 0, m_modelId = 0, m_headId = 0;
    double m_forwardMs = 0;
    std::shared_ptr<ds::RgbImage> m_input;  // the network input the tiles are drawn on
    QImage m_inputImage;
    Sort m_sortKey = Sort::Road;
    quint64 m_running = 0;
    int m_runningIndex = -1;
    bool m_runningAttr = false;
};

}  // namespace ds::ui
