// GrowthChart's second plot: parameters and MACs per stage (stem, each dense block and
// transition, head), with tick labels that shorten, turn and thin out as room shrinks.
#include <QMouseEvent>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "chart_style.h"
#include "growth_chart.h"

namespace ds::ui {

namespace {

// "stem" -> "S", "block2" -> "B2", "trans1" -> "T1", "head" -> "H".
QString shortStage(const QString& label) {
    QString digits;
    for (QChar c : label)
        if (c.isDigit()) digits += c;
    return label.left(1).toUpper() + digits;
}

}  // namespace

void GrowthChart::rebuildCostPlot() {
    m_costPlot->clearPlottables();
    qDeleteAll(m_costPlot->findChildren<QCPBarsGroup*>());  // owned by the plot, one per rebuild
    QVector<double> keys, params, macs;
    QVector<QString> labels;
    for (int i = 0; i < m_costs.size(); ++i) {
        keys << i;
        labels << m_costs[i].label;
        params << m_costs[i].parameters / 1e6;
        macs << m_costs[i].macs / 1e9;
    }
    auto* group = new QCPBarsGroup(m_costPlot);
    auto* paramBars = new QCPBars(m_costPlot->xAxis, m_costPlot->yAxis);
    paramBars->setName(tr("parameters (M)"));
    paramBars->setBrush(QColor(0x1f, 0x77, 0xb4));
    paramBars->setPen(Qt::NoPen);
    auto* macBars = new QCPBars(m_costPlot->xAxis, m_costPlot->yAxis2);
    macBars->setName(tr("MACs (G)"));
    macBars->setBrush(QColor(0xff, 0x7f, 0x0e));
    macBars->setPen(Qt::NoPen);
    for (auto* b : {paramBars, macBars}) {
        b->setWidth(0.38);
        b->setBarsGroup(group);
    }
    paramBars->setData(keys, params);
    macBars->setData(keys, macs);
    m_costPlot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_costPlot->xAxis->setRange(-0.6, keys.size() - 0.4);
    m_costPlot->yAxis->setLabel(tr("parameters (M)"));
    m_costPlot->yAxis2->setLabel(tr("MACs (G)"));
    m_costPlot->yAxis2->setVisible(true);
    const double maxParams = params.isEmpty() ? 1 : *std::max_element(params.begin(), params.end());
    const double maxMacs = macs.isEmpty() ? 1 : *std::max_element(macs.begin(), macs.end());
    // The legend has its own row above the bars: a little headroom is enough.
    m_costPlot->yAxis->setRange(0, std::max(1e-3, maxParams) * 1.08);
    m_costPlot->yAxis2->setRange(0, std::max(1e-3, maxMacs) * 1.08);
    applyChartFont(m_costPlot, font());
    updateCostLabels();
}

void GrowthChart::updateCostLabels() {
    auto ticker = m_costPlot->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    if (!ticker) return;
    const QFontMetrics metrics(m_costPlot->xAxis->tickLabelFont());
    // Room per bar pair: the axis rect's width after the last layout, else an estimate (the
    // two value axes take about six lines of the width).
    const QMargins margins = m_costPlot->axisRect()->margins();
    const int sides = margins.left() + margins.right() > 0 ? margins.left() + margins.right()
                                                           : metrics.height() * 6;
    const double room =
        double(m_costPlot->width() - sides) / double(std::max<qsizetype>(1, m_costs.size()));
    int widest = 0, widestShort = 0;
    for (const auto& c : m_costs) {
        widest = std::max(widest, metrics.horizontalAdvance(c.label));
        widestShort = std::max(widestShort, metrics.horizontalAdvance(shortStage(c.label)));
    }
    // Full names upright when they fit, else the short forms (S, B1, T1, ..., H) upright, else
    // turned by 90 degrees, and when even those would touch, only every second or third one.
    const int gap = metrics.averageCharWidth();
    const bool full = widest + gap <= room;
    const bool upright = full || widestShort + gap <= room;
    const int step = upright ? 1 : std::max(1, int(std::ceil((metrics.height() + gap) / room)));
    ticker->clear();
    for (int i = 0; i < m_costs.size(); i += step)
        ticker->addTick(i, full ? m_costs[i].label : shortStage(m_costs[i].label));
    m_costPlot->xAxis->setTickLabelRotation(upright ? 0 : 90);
    // The legend wraps to one entry per row when its row is wider than the chart.
    int legendWidth = 0;
    for (int i = 0; i < m_costPlot->legend->itemCount(); ++i)
        legendWidth += m_costPlot->legend->item(i)->minimumOuterSizeHint().width();
    const int wrap = legendWidth + gap * 4 > m_costPlot->width() ? 1 : 0;
    if (m_costPlot->legend->wrap() != wrap) {
        m_costPlot->legend->setWrap(wrap);
        m_costPlot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, /*rearrange=*/true);
    }
    m_costPlot->replot(QCustomPlot::rpQueuedReplot);
}

QStringList GrowthChart::costTickLabels() const {
    const auto ticker = m_costPlot->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? QStringList(ticker->ticks().values()) : QStringList();
}

void GrowthChart::onCostPress(QMouseEvent* event) {
    const double key = m_costPlot->xAxis->pixelToCoord(event->position().x());
    const int index = int(std::lround(key));
    if (event->button() != Qt::LeftButton || index < 0 || index >= m_costs.size() ||
        std::abs(key - index) > 0.45)
        return;
    m_selected = m_costs[index].layer;
    updateMarker();
    emit layerSelected(m_selected);
}

}  // namespace ds::ui
