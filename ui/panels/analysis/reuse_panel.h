#pragma once
// "Feature reuse": the dense-connectivity heat map of the loaded weights (the DenseNet paper's
// Figure 5, ds::connectivity) as one QCustomPlot colour map per dense block: sources (the
// block's input and each dense layer) across, targets (each dense layer, then the transition
// or the classifier) down; cells where a source does not feed a target stay blank. Raw mean
// |W| or normalised per target (each row divided by its largest value). Hovering a cell shows
// its value; clicking it emits cellClicked() (the window selects the target layer and
// highlights the source's channels). A short text says what the paper found, and a note
// says when the weights are random, so the picture is noise.
//
// The numbers come from a ConnectivityJob (ds::connectivity on the worker's engine, a few
// milliseconds) submitted when the model changes while the tab is shown, or when the tab is
// shown after a change.
#include <QString>
#include <QVector>
#include <QWidget>

#include <array>
#include <optional>
#include <vector>

#include "analysis_panel.h"
#include "densescope/analysis.h"

class QCheckBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QGridLayout;
class QLabel;
class QMouseEvent;

namespace ds::ui {

// ds::connectivity(engine) on the worker thread; needs only the model.
class ConnectivityJob : public AnalysisJob {
public:
    QString kind() const override { return QStringLiteral("connectivity"); }
    int needs() const override { return NeedsModel; }
    bool step(AnalysisContext& context) override;
    std::vector<ds::BlockConnectivity> result;
};

class ReusePanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit ReusePanel(QWidget* parent = nullptr);

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void shownChanged(bool shown) override;

    // The heat maps of the current model; randomWeights shows the "this is noise" note.
    void setConnectivity(std::vector<ds::BlockConnectivity> blocks, bool randomWeights);
    // No heat map (no model, or computing): `message` in its place.
    void clear(const QString& message);
    void setNormalised(bool perTarget);
    bool normalised() const;

    int blockCount() const { return int(m_blocks.size()); }
    const std::vector<ds::BlockConnectivity>& blocks() const { return m_blocks; }
    QCustomPlot* plot(int block) const { return m_plots.value(block).plot; }
    bool randomNoteShown() const;
    // The shown value of a cell (normalised or raw), NaN where the source does not feed it.
    double shownValue(int block, int target, int source) const;
    QString cellToolTip(int block, int target, int source) const;
    // The cell under `pixel` of block's plot: {target, source}, {-1, -1} outside or blank.
    QPair<int, int> cellAt(int block, const QPointF& pixel) const;
    // Marks a cell without emitting; target -1 clears.
    void markCell(int block, int target, int source);
    // What a click on a cell does: marks it, asks the window to select the target layer
    // (features.norm5 for the classifier) and to highlight the source's channels.
    void clickCell(int block, int target, int source);

signals:
    // block: "features.denseblock2"; target: its full module name ("features.denseblock2.
    // denselayer3", "features.transition2" or "classifier"); the source's channels inside the
    // block's output: [first, first + count).
    void cellClicked(const QString& block, const QString& target, int blockIndex, int firstChannel,
                     int channelCount);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;

private:
    struct BlockPlot {
        QCustomPlot* plot = nullptr;
        QCPColorMap* map = nullptr;
        QCPColorScale* scale = nullptr;
        QCPItemRect* mark = nullptr;
    };
    void requestIfNeeded();
    void rebuild();
    int columns() const;  // plots side by side at the current width
    void arrange();
    void fillPlot(int block);
    void styleFonts();
    int blockOf(QObject* plot) const;
    QString targetModule(int block, int target) const;
    void retranslateIntro();
    QString selectionText(const std::array<int, 3>& cell) const;  // {block, target, source}

    std::vector<ds::BlockConnectivity> m_blocks;
    bool m_random = false;
    bool m_stale = false;     // the model changed since the shown numbers were computed
    quint64 m_modelId = 0;
    quint64 m_job = 0;        // the job in flight, 0 when none
    QLabel* m_selection = nullptr;  // what the last click selected
    std::optional<std::array<int, 3>> m_cell;  // and which cell that was
    QVector<BlockPlot> m_plots;
    QLabel* m_intro = nullptr;
    QString m_introText, m_introShort;
    QLabel* m_note = nullptr;
    QLabel* m_message = nullptr;
    QCheckBox* m_normalise = nullptr;
    QWidget* m_plotsBox = nullptr;
    QGridLayout* m_grid = nullptr;
    int m_arrangedColumns = 0;
};

}  // namespace ds::ui
