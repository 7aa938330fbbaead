#include "growth_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

#include "densescope/errors.h"
#include "human_format.h"
#include "layer_colors.h"
#include "densescope/module_names.h"

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
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Compare with"), this));
    m_variantCombo = new QComboBox(this);
    m_variantCombo->setObjectName(QStringLiteral("comparisonCombo"));
    for (const auto& name : ds::DenseNetConfig::variantNames())
        m_variantCombo->addItem(QString::fromStdString(name));
    bar->addWidget(m_variantCombo);
    auto* add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("addComparisonButton"));
    auto* clearButton = new QPushButton(tr("Clear"), this);
    clearButton->setObjectName(QStringLiteral("clearComparisonsButton"));
    bar->addWidget(add);
    bar->addWidget(clearButton);
    bar->addStretch(1);
    layout->addLayout(bar);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString name = m_variantCombo->currentText();
        try {
            addComparison(name, ds::summarize(ds::DenseNetConfig::variant(name.toStdString()),
                                              m_summary.inputSize));
        } catch (const ds::Error& e) {
            QToolTip::showText(m_variantCombo->mapToGlobal(QPoint(0, 0)),
                               QString::fromStdString(e.what()));
        }
    });
    connect(clearButton, &QPushButton::clicked, this, &GrowthChart::clearComparisons);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_plot = new QCustomPlot(splitter);
    m_plot->setObjectName(QStringLiteral("growthPlot"));
    m_plot->setMinimumSize(320, 200);
    m_plot->xAxis->setLabel(tr("depth (dense layers and transitions)"));
    m_plot->yAxis->setLabel(tr("channels"));
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &GrowthChart::onGrowthMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &GrowthChart::onGrowthPress);
    m_costPlot = new QCustomPlot(splitter);
    m_costPlot->setObjectName(QStringLiteral("blockCostPlot"));
    m_costPlot->setMinimumSize(200, 200);
    m_costPlot->plotLayout()->insertRow(0);
    m_costPlot->plotLayout()->addElement(
        0, 0,
        new QCPTextElement(m_costPlot, tr("Cost per stage"),
                           QFont(font().family(), -1, QFont::Bold)));
    connect(m_costPlot, &QCustomPlot::mousePress, this, &GrowthChart::onCostPress);
    splitter->addWidget(m_plot);
    splitter->addWidget(m_costPlot);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
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
    m_comparisons.push_back({name, ds::ui::growthSeries(summary), nullptr});
    rebuildGrowthPlot();
}

void GrowthChart::clearComparisons() {
    m_comparisons.clear();
    rebuildGrowthPlot();
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
    m_plot->clearGraphs();
    addBlockShading(m_points);
    m_line = m_plot->addGraph();
    m_line->setName(tr("this model"));
    m_line->setPen(QPen(kLineColor, 2));
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
    m_marker = m_plot->addGraph();
    m_marker->removeFromLegend();
    m_marker->setLineStyle(QCPGraph::lsNone);
    m_marker->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(palette().color(QPalette::Highlight), 3), Qt::NoBrush, 16));
    m_plot->legend->setVisible(!m_comparisons.isEmpty());
    // Channels grow with depth, so the bottom right corner is where the curves are not.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_plot->xAxis->setRange(-1, maxDepth + 1);
    m_plot->yAxis->setRange(0, maxChannels * 1.12);
    updateMarker();
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
        auto* text = new QCPItemText(m_plot);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords((span.firstDepth + span.lastDepth) / 2.0, 0.02);
        text->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        // Short labels where a block is a narrow strip of a deep network.
        const double share =
            double(span.lastDepth - span.firstDepth + 1) / std::max(1, points.back().depth);
        text->setText(share >= 0.09 ? tr("block %1").arg(span.block) : tr("B%1").arg(span.block));
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
                dense ? QCPScatterStyle(QCPScatterStyle::ssCircle, color.darker(130), color, 7)
                      : QCPScatterStyle(QCPScatterStyle::ssDiamond, color, color, 9));
        }
        g->addData(p.depth, p.channels);
    }
}

void GrowthChart::addComparisonGraph(Series& s, int index) {
    const QColor color = kComparisonColors[index % int(std::size(kComparisonColors))];
    s.graph = m_plot->addGraph();
    s.graph->setName(s.name);
    s.graph->setPen(QPen(color, 1.5, Qt::DashLine));
    s.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4));
    setData(s.graph, s.points);
}

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
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTicks(keys, labels);
    m_costPlot->xAxis->setTicker(ticker);
    m_costPlot->xAxis->setTickLabelRotation(90);  // 45 degrees overlaps in a narrow dock
    m_costPlot->xAxis->setRange(-0.6, keys.size() - 0.4);
    m_costPlot->yAxis->setLabel(tr("parameters (M)"));
    m_costPlot->yAxis2->setLabel(tr("MACs (G)"));
    m_costPlot->yAxis2->setVisible(true);
    const double maxParams = params.isEmpty() ? 1 : *std::max_element(params.begin(), params.end());
    const double maxMacs = macs.isEmpty() ? 1 : *std::max_element(macs.begin(), macs.end());
    // Headroom above the tallest bar for the legend.
    m_costPlot->yAxis->setRange(0, std::max(1e-3, maxParams) * 1.45);
    m_costPlot->yAxis2->setRange(0, std::max(1e-3, maxMacs) * 1.45);
    m_costPlot->legend->setVisible(true);
    m_costPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_costPlot->replot();
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
