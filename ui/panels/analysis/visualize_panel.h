#pragma once
// "Visualise": feature visualisation of the selected layer's selected channel (the input that
// most excites it, ds::ChannelVisualizer), beside that channel's map for the current image,
// with the objective per step. Runs as a VisualizeJob on the worker, a few optimisation steps
// per job step, so progress shows and Cancel, a new model or a newer request answer at once.
#include <QElapsedTimer>
#include <QImage>
#include <QMutex>

#include <memory>
#include <optional>
#include <vector>

#include "analysis_panel.h"
#include "densescope/analysis.h"

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ds::ui {

class ChannelView;
class ScaledImage;

// The job: runs ChannelVisualizer steps for about a quarter of a second per step(). The panel
// may read preview() while it runs (from the UI thread); result() once it finished.
class VisualizeJob : public AnalysisJob {
public:
    VisualizeJob(QString layer, int channel, ds::VisualizeOptions options);
    QString kind() const override { return QStringLiteral("visualize"); }
    int needs() const override { return NeedsModel; }  // the image is not an input
    bool step(AnalysisContext& context) override;

    const QString& layer() const { return m_layer; }
    int channel() const { return m_channel; }
    const ds::VisualizeOptions& options() const { return m_options; }
    struct Preview {
        QImage image;                 // the image so far (null before the first step)
        std::vector<float> objective;  // per step so far
        float objectiveStart = 0.f;
    };
    Preview preview() const;  // any thread
    const ds::VisualizeResult& result() const { return m_result; }

private:
    QString m_layer;
    int m_channel;
    ds::VisualizeOptions m_options;
    std::unique_ptr<ds::ChannelVisualizer> m_visualizer;  // worker thread only
    mutable QMutex m_mutex;                               // guards m_preview
    Preview m_preview;
    ds::VisualizeResult m_result;
};

class VisualizePanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit VisualizePanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void viewChanged(const ds::ui::ViewResult& view) override;
    void layerChanged(const QString& layer) override;
    void channelChanged(int channel) override;

    // For tests and screenshots.
    void setSteps(int steps);
    void setSeed(int seed);
    void visualize();  // what the Visualise button does
    bool running() const { return m_jobId != 0; }
    const ds::VisualizeResult* result() const { return m_result ? &*m_result : nullptr; }
    QString statusText() const;
    QString objectivesText() const;  // the numbers under the curve and why they differ from it

signals:
    void finished();  // a result is shown (tests, screenshots)

protected:
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QString resultText() const;
    void showEnds(double start, double end, int total);
    void retranslate();
    void updateTarget();   // the heading and the button for the current layer and channel
    void updateChannelMap();
    void showCurve(const std::vector<float>& objective, int total);
    void setRunning(bool running);
    void exportPng();
    int channelCount() const;

    QLabel* m_heading;
    QLabel* m_stepsLabel;
    QLabel* m_seedLabel;
    QSpinBox* m_steps;
    QSpinBox* m_seed;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_resultCaption;
    QLabel* m_mapCaption;
    ScaledImage* m_image;
    ChannelView* m_map;
    QCustomPlot* m_plot;
    QLabel* m_objectives;
    QLabel* m_howTo;

    std::vector<QString> m_modelLayers;
    std::vector<int> m_modelChannels;  // out channels per layer of m_modelLayers
    QString m_layer;
    int m_channel = 0;
    std::shared_ptr<const ds::FeatureMap> m_viewMap;
    quint64 m_jobId = 0;
    std::shared_ptr<VisualizeJob> m_job;
    QElapsedTimer m_clock;
    std::optional<ds::VisualizeResult> m_result;
    QString m_error;
};

}  // namespace ds::ui
