#pragma once
// Channel growth through the whole network (QCustomPlot): channels against depth, k0 + k*l
// inside each dense block and the compression drop at each transition, blocks shaded and
// labelled, a tooltip per point, click to select. Other variants can be overlaid for
// comparison (named variants or custom layouts). Beside it (or below it when the panel is
// narrow), parameters and MACs per stage as bars. Both charts follow the widget's font (zoom)
// and export as PNG, SVG or PDF. Data: growth_series.h.
#include <QList>
#include <QPointF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <optional>

#include "densescope/config.h"
#include "growth_series.h"

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QMouseEvent;
class QSplitter;
class QTabBar;
class QToolButton;

namespace ds::ui {

class GrowthChart : public QWidget {
    Q_OBJECT
public:
    // One chart at a time, each at its readable size: the least the panel can show.
    QSize minimumSizeHint() const override;
    explicit GrowthChart(QWidget* parent = nullptr);

    void setSummary(const ds::ModelSummary& summary);
    // Overlays another variant's growth curve (dashed); the same name replaces it.
    void addComparison(const QString& name, const ds::ModelSummary& summary);
    // Overlays a variant or a custom layout, named by comparisonName(); throws ds::Error for
    // a layout that cannot be summarised. Emits comparisonsChanged().
    void addComparison(const ds::DenseNetConfig& config);
    void clearComparisons();
    // The layouts added with addComparison(config), in the order shown (for the settings).
    QList<ds::DenseNetConfig> comparisonConfigs() const;
    static QString comparisonName(const ds::DenseNetConfig& config);

    // The current model's curve: x = depth, y = channels, and the layer of each point.
    QVector<QPointF> growthSeries() const;
    QStringList growthLayers() const;
    QVector<QPointF> comparisonSeries(const QString& name) const;
    QStringList comparisonNames() const;
    QVector<ds::ui::StageCost> stageCosts() const { return m_costs; }
    QString selectedLayer() const { return m_selected; }
    // Tooltip text of the point nearest `pixel` in the growth plot (empty if none is close).
    QString toolTipAt(const QPointF& pixel) const;
    QCustomPlot* plot() const { return m_plot; }
    QCustomPlot* costPlot() const { return m_costPlot; }
    // The texts under the cost bars as drawn at the current width (shortened when narrow).
    QStringList costTickLabels() const;
    // Block labels of the growth chart as last painted ("block 2", "B2" or empty).
    QStringList blockLabels() const;

    // Marks the channels [first, first + count) of dense block `block` (1-based) as a band
    // across that block (the Feature reuse tab's source); block <= 0 clears. No signal.
    void highlightChannels(int block, int first, int count);
    // The band as drawn: {x0, y0, x1, y1} in plot coordinates; empty when none.
    QRectF highlightBand() const;

public slots:
    // Marks `layer` on the curve (a block marks its last layer, the stem its output); no signal.
    void selectLayer(const QString& layer);

signals:
    void layerSelected(const QString& layer);
    void comparisonsChanged();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Series {
        QString name;
        QVector<ds::ui::GrowthPoint> points;
        QCPGraph* graph = nullptr;
        std::optional<ds::DenseNetConfig> config;  // set when it can be remembered
    };
    QWidget* buildBar();
    QCustomPlot* buildGrowthPlot();
    QCustomPlot* buildCostPlot();
    void addChosenComparison();
    void exportChart(QCustomPlot* plot, const QString& baseName);
    void showPlotMenu(QCustomPlot* plot, const QString& baseName, const QPoint& at);
    void applyFonts();
    QSize minimumPlotSize() const;  // the smallest readable chart, in font units
    void updateCostLabels();
    void arrangePlots();
    void rebuildGrowthPlot();
    void rebuildCostPlot();
    void addScatterGraphs(const QVector<ds::ui::GrowthPoint>& points);
    void addBlockShading(const QVector<ds::ui::GrowthPoint>& points);
    void addComparisonGraph(Series& s, int index);
    // Nearest point within a few pixels: series index (-1 primary) and point index.
    bool nearest(const QPointF& pixel, int* series, int* point) const;
    void onGrowthMove(QMouseEvent* event);
    void onGrowthPress(QMouseEvent* event);
    void onCostPress(QMouseEvent* event);
    void updateMarker();
    int markerIndex(const QString& layer) const;

    ds::ModelSummary m_summary;
    QVector<ds::ui::GrowthPoint> m_points;
    QVector<Series> m_comparisons;
    QVector<ds::ui::StageCost> m_costs;
    QString m_selected;
    QCustomPlot* m_plot = nullptr;
    QCustomPlot* m_costPlot = nullptr;
    QCPGraph* m_line = nullptr;
    QCPGraph* m_marker = nullptr;
    QCPItemRect* m_band = nullptr;
    int m_bandBlock = 0, m_bandFirst = 0, m_bandCount = 0;
    void addHighlightBand();
    QComboBox* m_variantCombo = nullptr;
    QToolButton* m_exportButton = nullptr;
    QSplitter* m_splitter = nullptr;
    QTabBar* m_chartTabs = nullptr;  // shown when only one chart fits
    double m_marks = 1.0;  // mark size factor (markScale of the font)
};

}  // namespace ds::ui
