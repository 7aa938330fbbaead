#pragma once
// "Statistics": numbers of the selected module's output for the current image (the host
// FeatureMap the window already shows; no job). For the selected channel: a histogram over
// [min, max] (QCustomPlot bars, ds::channelStatistics), min, max, mean, standard deviation and
// the share of values <= 0. For the whole module: each channel's mean as a bar chart, in
// channel order or sorted by value; clicking a bar selects that channel (channelSelected()).
#include <QVector>
#include <QWidget>

#include <memory>

#include "analysis_panel.h"
#include "densescope/analysis.h"
#include "densescope/engine.h"

class QBoxLayout;
class QComboBox;
class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QLabel;
class QSpinBox;

namespace ds::ui {

class StatisticsPanel : public AnalysisPanel {
    Q_OBJECT
public:
    enum class MeansOrder { Channel, Value };

    explicit StatisticsPanel(QWidget* parent = nullptr);

    // The window's view: its map (ViewResult::map) and the feature maps' channel selection.
    // While the tab is hidden the newest map waits and is shown when the tab comes to the front
    // (live mode sends a map per frame; each costs the GUI thread about a millisecond here).
    void viewChanged(const ds::ui::ViewResult& view) override;
    void shownChanged(bool shown) override;
    void channelChanged(int channel) override { selectChannel(channel); }

    // The module's output; keeps the selected channel when it still exists, else channel 0.
    void setFeatureMap(std::shared_ptr<const ds::FeatureMap> map);
    void clear(const QString& message);
    // Shows `channel` (ignored when out of range). Does not emit.
    void selectChannel(int channel);
    void setMeansOrder(MeansOrder order);
    void setBins(int bins);

    int channel() const { return m_channel; }
    MeansOrder meansOrder() const;
    const ds::ChannelStatistics& statistics() const { return m_stats; }
    std::shared_ptr<const ds::FeatureMap> featureMap() const { return m_map; }
    QString summaryText() const;  // the numbers line as shown
    QCustomPlot* histogramPlot() const { return m_histogram; }
    QCustomPlot* meansPlot() const { return m_means; }
    // Channels in the means chart's order, left to right.
    const QVector<int>& meansOrderChannels() const { return m_order; }
    // The channel whose mean bar is under `pixel` of the means plot, -1 if none.
    int channelAtMeansPixel(const QPointF& pixel) const;

signals:
    // A person picked a channel here (bar click or the channel box); also sent to the window
    // as channelRequested().
    void channelSelected(int channel);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showChannel();
    void rebuildMeans();
    void markSelectedMean();
    void styleFonts();

    std::shared_ptr<const ds::FeatureMap> m_map;
    std::shared_ptr<const ds::FeatureMap> m_waiting;  // the newest view's map, while hidden
    bool m_waits = false;
    int m_channel = -1;
    ds::ChannelStatistics m_stats;
    QVector<int> m_order;
    QLabel* m_header = nullptr;
    QLabel* m_numbers = nullptr;
    QSpinBox* m_channelSpin = nullptr;
    QSpinBox* m_binsSpin = nullptr;
    QComboBox* m_orderCombo = nullptr;
    QBoxLayout* m_plots = nullptr;
    QCustomPlot* m_histogram = nullptr;
    QCPBars* m_histBars = nullptr;
    QCPItemStraightLine* m_meanLine = nullptr;
    QCPItemText* m_meanText = nullptr;
    QCPItemStraightLine* m_selectedLine = nullptr;
    QCustomPlot* m_means = nullptr;
    QCPBars* m_meanBars = nullptr;
    QCPBars* m_selectedBar = nullptr;
};

}  // namespace ds::ui
