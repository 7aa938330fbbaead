#include "growth_chart.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QTabBar>
#include <QToolButton>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

#include "chart_export.h"
#include "chart_items.h"
#include "chart_style.h"
#include "custom_layout_dialog.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "human_format.h"
#include "layer_colors.h"

namespace ds::ui {

namespace {
constexpr double kPickRadius = 10.0;  // pixels
const QColor kLineColor(0x42, 0x42, 0x42);
const QColor kTransitionColor(0x21, 0x21, 0x21);
const QColor kComparisonColors[] = {QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd),
                                    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                                    QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};

QString pointText(const GrowthPoint& p) {
    const auto& l = p.layer;
    QString what;
    if (l.type == ds::LayerType::DenseLayer)
        what = QObject::tr("in %1 → +%2 channels (concatenation: %3)")
                   .arg(l.inChannels)
                   .arg(l.outChannels)
                   .arg(p.channels);
    else if (l.type == ds::LayerType::Transition)
        what = QObject::tr("in %1 → out %2 channels (compression)")
                   .arg(l.inChannels)
                   .arg(l.outChannels);
    else
        what = QObject::tr("in %1 → out %2 channels").arg(l.inChannels).arg(l.outChannels);
    return QObject::tr("%1\n%2\n%3 × %4, %5 parameters")
        .arg(QString::fromStdString(l.name), what)
        .arg(l.height)
        .arg(l.width)
        .arg(humanCount(l.parameters));
}

void setData(QCPGraph* g, const QVector<GrowthPoint>& points) {
    QVector<double> x, y;
    for (const auto& p : points) {
        x << p.depth;
        y << p.channels;
    }
    g->setData(x, y, /*alreadySorted=*/true);
}
}  // namespace

GrowthChart::GrowthChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("growthChart"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildBar());
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("growthSplitter"));
    m_splitter->addWidget(buildGrowthPlot());
    m_splitter->addWidget(buildCostPlot());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_chartTabs = new QTabBar(this);
    m_chartTabs->setObjectName(QStringLiteral("growthChartTabs"));
    m_chartTabs->addTab(tr("Growth curve"));
    m_chartTabs->addTab(tr("Cost per stage"));
    m_chartTabs->setDocumentMode(true);
    m_chartTabs->hide();  // only when the panel is too small for both charts
    connect(m_chartTabs, &QTabBar::currentChanged, this, &GrowthChart::arrangePlots);
    layout->addWidget(m_chartTabs);
    layout->addWidget(m_splitter, 1);
    applyFonts();
}

void GrowthChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_chartTabs->setTabText(0, tr("Growth curve"));
        m_chartTabs->setTabText(1, tr("Cost per stage"));
        m_plot->yAxis->setLabel(tr("channels"));
        if (auto* title = qobject_cast<QCPTextElement*>(m_costPlot->plotLayout()->element(0, 0)))
            title->setText(tr("Cost per stage"));
        // The series' names and the stages' labels, from the model shown.
        if (m_summary.inputSize > 0) {
            m_points = ds::ui::growthSeries(m_summary);
            m_costs = ds::ui::stageCosts(m_summary);
        }
        rebuildGrowthPlot();
        rebuildCostPlot();
        arrangePlots();  // the depth axis's title
        return;
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        applyFonts();
        rebuildGrowthPlot();
        rebuildCostPlot();
        // The axis title is chosen by the axis's width, which the new type changes only once
        // the plot is laid out again (a zoom undone gives back the long title).
        QTimer::singleShot(0, this, [this] {
            m_plot->replot();
            arrangePlots();
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        });
        arrangePlots();
    }
}

void GrowthChart::applyFonts() {
    m_marks = markScale(font());
    applyChartFont(m_plot, font());
    applyChartFont(m_costPlot, font());
    // A readable plot at any zoom: room for the axis titles, the legend row and a few tick
    // labels apart. Below that the dock scrolls (its scroll area) instead of the ticks and the
    // legend being drawn over each other.
    const QSize least = minimumPlotSize();
    m_plot->setMinimumSize(least);
    m_costPlot->setMinimumSize(least.width() * 7 / 8, least.height());
}

QSize GrowthChart::minimumSizeHint() const {
    // The smallest arrangement: one chart at a time under its tabs (arrangePlots()). Both
    // charts' minimum would make the dock scroll where the tabs do. The layout's own minimum
    // less the splitter's holds the rest (the control rows as they wrap now).
    const QLayout* box = layout();
    const QSize all = box->minimumSize();
    const QSize split = m_splitter->minimumSizeHint().expandedTo(m_splitter->minimumSize());
    const QSize plot = minimumPlotSize();
    int height = all.height() - split.height() + plot.height();
    if (m_chartTabs->isHidden()) height += m_chartTabs->sizeHint().height() + box->spacing();
    return {std::max(all.width(), plot.width()), height};
}

QSize GrowthChart::minimumPlotSize() const {
    const QFontMetrics metrics(font());
    return {metrics.averageCharWidth() * 22, metrics.height() * 12};
}

void GrowthChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrangePlots();
}

void GrowthChart::arrangePlots() {
    // Side by side when the panel is wide, one above the other when it is tall, and when it
    // is small in both (a 1280 x 720 screen) one chart at a time, chosen with tabs: two
    // charts squeezed into one small panel would be readable in neither.
    const int em = fontMetrics().averageCharWidth(), line = fontMetrics().height();
    const int w = m_splitter->width(), h = height() - m_splitter->y();
    // Two charts only where each keeps its readable size (minimumPlotSize()).
    const int minW = std::max(em * 36, minimumPlotSize().width()),
              minH = std::max(line * 12, minimumPlotSize().height() + m_splitter->y());
    const bool sideBySide = w >= 2 * minW && h >= minH && w >= h;
    const bool stacked = !sideBySide && h >= 2 * minH && w >= minW;
    m_splitter->setOrientation(sideBySide ? Qt::Horizontal : Qt::Vertical);
    const bool compact = !sideBySide && !stacked;
    m_chartTabs->setVisible(compact);
    m_plot->setVisible(!compact || m_chartTabs->currentIndex() == 0);
    m_costPlot->setVisible(!compact || m_chartTabs->currentIndex() == 1);
    // The long axis title only where it fits under the axis.
    const QString title = tr("depth (dense layers and transitions)");
    const int axisWidth = m_plot->axisRect()->width() > 0 ? m_plot->axisRect()->width() : w;
    m_plot->xAxis->setLabel(QFontMetrics(m_plot->xAxis->labelFont()).horizontalAdvance(title) <
                                    axisWidth
                                ? title
                                : tr("depth"));
}

bool GrowthChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_costPlot && event->type() == QEvent::Resize) updateCostLabels();
    return QWidget::eventFilter(watched, event);
}

void GrowthChart::setSummary(const ds::ModelSummary& summary) {
    m_summary = summary;
    m_points = ds::ui::growthSeries(summary);
    m_costs = ds::ui::stageCosts(summary);
    rebuildGrowthPlot();
    rebuildCostPlot();
}

void GrowthChart::addComparison(const QString& name, const ds::ModelSummary& summary) {
    for (int i = 0; i < m_comparisons.size(); ++i)
        if (m_comparisons[i].name == name) m_comparisons.removeAt(i--);
    m_comparisons.push_back({name, ds::ui::growthSeries(summary), nullptr, std::nullopt});
    rebuildGrowthPlot();
    emit comparisonsChanged();
}

void GrowthChart::addComparison(const ds::DenseNetConfig& config) {
    const int input = m_summary.inputSize > 0 ? m_summary.inputSize : 224;
    const ds::ModelSummary summary = ds::summarize(config, input);  // throws before any change
    const QString name = comparisonName(config);
    for (int i = 0; i < m_comparisons.size(); ++i)
        if (m_comparisons[i].name == name) m_comparisons.removeAt(i--);
    m_comparisons.push_back({name, ds::ui::growthSeries(summary), nullptr, config});
    rebuildGrowthPlot();
    emit comparisonsChanged();
}

QList<ds::DenseNetConfig> GrowthChart::comparisonConfigs() const {
    QList<ds::DenseNetConfig> out;
    for (const auto& s : m_comparisons)
        if (s.config) out << *s.config;
    return out;
}

QString GrowthChart::comparisonName(const ds::DenseNetConfig& config) {
    return config.name == "custom" ? QString::fromStdString(config.describe())
                                   : QString::fromStdString(config.name);
}

void GrowthChart::clearComparisons() {
    m_comparisons.clear();
    rebuildGrowthPlot();
    emit comparisonsChanged();
}

QVector<QPointF> GrowthChart::growthSeries() const {
    QVector<QPointF> out;
    for (const auto& p : m_points) out << QPointF(p.depth, p.channels);
    return out;
}

QStringList GrowthChart::growthLayers() const {
    QStringList out;
    for (const auto& p : m_points) out << QString::fromStdString(p.layer.name);
    return out;
}

QVector<QPointF> GrowthChart::comparisonSeries(const QString& name) const {
    QVector<QPointF> out;
    for (const auto& s : m_comparisons)
        if (s.name == name)
            for (const auto& p : s.points) out << QPointF(p.depth, p.channels);
    return out;
}

QStringList GrowthChart::comparisonNames() const {
    QStringList out;
    for (const auto& s : m_comparisons) out << s.name;
    return out;
}

void GrowthChart::rebuildGrowthPlot() {
    m_plot->clearItems();
    m_band = nullptr;
    m_plot->clearGraphs();
    addBlockShading(m_points);
    addHighlightBand();
    m_line = m_plot->addGraph();
    m_line->setName(tr("this model"));
    m_line->setPen(QPen(kLineColor, 2 * m_marks));
    setData(m_line, m_points);
    int maxDepth = m_points.isEmpty() ? 1 : m_points.back().depth, maxChannels = 1;
    for (const auto& p : m_points) maxChannels = std::max(maxChannels, p.channels);
    addScatterGraphs(m_points);
    for (int i = 0; i < m_comparisons.size(); ++i) {
        addComparisonGraph(m_comparisons[i], i);
        for (const auto& p : m_comparisons[i].points) {
            maxDepth = std::max(maxDepth, p.depth);
            maxChannels = std::max(maxChannels, p.channels);
        }
    }
    // The ring may reach past the axis rect (a point at the top or the edge).
    m_marker = new UnclippedGraph(m_plot->xAxis, m_plot->yAxis);
    m_marker->removeFromLegend();
    m_marker->setLineStyle(QCPGraph::lsNone);
    m_marker->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(palette().color(QPalette::Highlight), 3 * m_marks),
        Qt::NoBrush, 16 * m_marks));
    applyChartFont(m_plot, font());  // the new legend items and labels
    m_plot->xAxis->setRange(-1, maxDepth + 1);
    m_plot->yAxis->setRange(0, maxChannels * 1.12);
    updateMarker();
}

void GrowthChart::highlightChannels(int block, int first, int count) {
    m_bandBlock = block;
    m_bandFirst = first;
    m_bandCount = count;
    if (m_band) m_plot->removeItem(m_band);
    m_band = nullptr;
    addHighlightBand();
    m_plot->replot();
}

QRectF GrowthChart::highlightBand() const {
    if (!m_band || !m_band->visible()) return {};
    return QRectF(m_band->topLeft->coords(), m_band->bottomRight->coords());
}

void GrowthChart::addHighlightBand() {
    if (m_bandBlock <= 0 || m_bandCount <= 0) return;
    for (const BlockSpan& span : blockSpans(m_points)) {
        if (span.block != m_bandBlock) continue;
        m_band = new QCPItemRect(m_plot);
        m_band->setLayer(QStringLiteral("background"));
        m_band->topLeft->setCoords(span.firstDepth - 0.5, m_bandFirst);
        m_band->bottomRight->setCoords(span.lastDepth + 0.5, m_bandFirst + m_bandCount);
        QColor c = palette().color(QPalette::Highlight);
        m_band->setPen(QPen(c, 1.5 * m_marks, Qt::DashLine));
        c.setAlpha(70);
        m_band->setBrush(c);
    }
}

void GrowthChart::addBlockShading(const QVector<GrowthPoint>& points) {
    for (const BlockSpan& span : blockSpans(points)) {
        auto* rect = new QCPItemRect(m_plot);
        rect->setLayer(QStringLiteral("background"));
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->topLeft->setCoords(span.firstDepth - 0.5, 0);
        rect->bottomRight->setCoords(span.lastDepth + 0.5, 1);
        rect->setPen(Qt::NoPen);
        rect->setBrush(blockShadeColor(span.block));
        // "block 2", or "B2" where the block is a narrow strip, or nothing: decided at paint
        // time from the span's width in pixels, so labels never overlap or get cut.
        auto* text = new SpanLabel(m_plot, span.firstDepth - 0.5, span.lastDepth + 0.5,
                                   tr("block %1").arg(span.block), tr("B%1").arg(span.block));
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords((span.firstDepth + span.lastDepth) / 2.0, 0.02);
        text->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        text->setColor(palette().color(QPalette::Text));
    }
}

void GrowthChart::addScatterGraphs(const QVector<GrowthPoint>& points) {
    // One scatter-only graph per colour: dense layers in the shared layer palette, the stem
    // output and transitions as dark diamonds.
    QHash<QRgb, QCPGraph*> graphs;
    for (const auto& p : points) {
        const bool dense = p.layer.type == ds::LayerType::DenseLayer;
        const QColor color = dense ? layerColor(m_summary, p.layer) : kTransitionColor;
        QCPGraph*& g = graphs[color.rgb()];
        if (!g) {
            g = m_plot->addGraph();
            g->removeFromLegend();
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(
                dense ? QCPScatterStyle(QCPScatterStyle::ssCircle, color.darker(130), color,
                                        7 * m_marks)
                      : QCPScatterStyle(QCPScatterStyle::ssDiamond, color, color, 9 * m_marks));
        }
        g->addData(p.depth, p.channels);
    }
}

void GrowthChart::addComparisonGraph(Series& s, int index) {
    const QColor color = kComparisonColors[index % int(std::size(kComparisonColors))];
    s.graph = m_plot->addGraph();
    s.graph->setName(s.name);
    s.graph->setPen(QPen(color, 1.5 * m_marks, Qt::DashLine));
    s.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4 * m_marks));
    setData(s.graph, s.points);
}

QStringList GrowthChart::blockLabels() const {
    QStringList out;
    for (int i = 0; i < m_plot->itemCount(); ++i)
        if (auto* label = dynamic_cast<SpanLabel*>(m_plot->item(i))) out << label->shownText();
    return out;
}

bool GrowthChart::nearest(const QPointF& pixel, int* series, int* point) const {
    double best = kPickRadius * kPickRadius;
    bool found = false;
    auto scan = [&](const QVector<GrowthPoint>& points, int s) {
        for (int i = 0; i < points.size(); ++i) {
            const double dx = m_plot->xAxis->coordToPixel(points[i].depth) - pixel.x();
            const double dy = m_plot->yAxis->coordToPixel(points[i].channels) - pixel.y();
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                *series = s;
                *point = i;
                found = true;
            }
        }
    };
    scan(m_points, -1);  // the current model wins ties: it is scanned first with a strict '<'
    for (int s = 0; s < m_comparisons.size(); ++s) scan(m_comparisons[s].points, s);
    return found;
}

QString GrowthChart::toolTipAt(const QPointF& pixel) const {
    int s = 0, i = 0;
    if (!nearest(pixel, &s, &i)) return {};
    if (s < 0) return pointText(m_points[i]);
    return m_comparisons[s].name + QStringLiteral(": ") + pointText(m_comparisons[s].points[i]);
}

void GrowthChart::onGrowthMove(QMouseEvent* event) {
    const QString text = toolTipAt(event->position());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void GrowthChart::onGrowthPress(QMouseEvent* event) {
    int s = 0, i = 0;
    if (event->button() != Qt::LeftButton || !nearest(event->position(), &s, &i) || s >= 0) return;
    m_selected = QString::fromStdString(m_points[i].layer.name);
    updateMarker();
    emit layerSelected(m_selected);
}

void GrowthChart::selectLayer(const QString& layer) {
    m_selected = layer;
    updateMarker();
}

int GrowthChart::markerIndex(const QString& layer) const {
    const std::string name = layer.toStdString();
    const ds::LayerInfo* info = m_summary.find(name);
    if (!info) return -1;
    for (int i = 0; i < m_points.size(); ++i) {
        const auto& l = m_points[i].layer;
        if (l.name == name) return i;
        if (info->type == ds::LayerType::DenseBlock && l.type == ds::LayerType::DenseLayer &&
            l.block == info->block &&
            (i + 1 == m_points.size() || m_points[i + 1].layer.block != info->block ||
             m_points[i + 1].layer.type != ds::LayerType::DenseLayer))
            return i;  // a block is marked at its last layer: its output width
    }
    if (info->type == ds::LayerType::Stem || info->type == ds::LayerType::Norm ||
        info->type == ds::LayerType::Relu) {
        if (name == ds::names::kNorm5) return m_points.size() - 1;
        return m_points.isEmpty() ? -1 : 0;  // conv0, norm0, relu0: the stem
    }
    return -1;
}

void GrowthChart::updateMarker() {
    if (!m_marker) return;
    const int i = markerIndex(m_selected);
    m_marker->data()->clear();
    if (i >= 0) m_marker->addData(m_points[i].depth, m_points[i].channels);
    m_plot->replot();
}

}  // namespace ds::ui
