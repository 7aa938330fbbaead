#include "statistics_panel.h"
#include "retranslate.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolTip>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "chart_style.h"
#include "human_format.h"

namespace ds::ui {

namespace {
// An axis of counts: its ticks are whole numbers (the default ticker puts ticks at 0.5 or 2.5
// when the counts are small).
class CountTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override {
        const double step = QCPAxisTicker::getTickStep(range);
        return step < 1.0 ? 1.0 : std::floor(step);  // 2.5 -> 2
    }
};
}  // namespace
namespace {
const QColor kBarColor(0x3b, 0x75, 0xaf);
const QColor kSelectedColor(0xe6, 0x7e, 0x22);
const QColor kMeanColor(0xc0, 0x39, 0x2b);

QString number(double v) { return QString::number(v, 'g', 4); }
}  // namespace

StatisticsPanel::StatisticsPanel(QWidget* parent) : AnalysisPanel(parent) {
    setObjectName(QStringLiteral("statisticsPanel"));
    // Everything scrolls: the panel asks for no more room than its dock has.
    auto* layout = scrollingContent(QStringLiteral("statisticsScroll"));

    auto* controls = new QHBoxLayout;
    m_header = new QLabel;
    m_header->setObjectName(QStringLiteral("statisticsHeader"));
    m_header->setWordWrap(true);
    controls->addWidget(m_header, 1);
    auto* channelLabel = new QLabel(tr("Channel"));
    controls->addWidget(channelLabel);
    m_channelSpin = new QSpinBox;
    m_channelSpin->setObjectName(QStringLiteral("statisticsChannel"));
    m_channelSpin->setRange(0, 0);
    connect(m_channelSpin, &QSpinBox::valueChanged, this, [this](int c) {
        if (c == m_channel || !m_map) return;
        selectChannel(c);
        emit channelSelected(c);
    });
    controls->addWidget(m_channelSpin);
    auto* binsLabel = new QLabel(tr("Bins"));
    controls->addWidget(binsLabel);
    m_binsSpin = new QSpinBox;
    m_binsSpin->setObjectName(QStringLiteral("statisticsBins"));
    m_binsSpin->setRange(4, 256);
    m_binsSpin->setValue(32);
    m_binsSpin->setToolTip(tr("Histogram bins between the channel's minimum and maximum"));
    connect(m_binsSpin, &QSpinBox::valueChanged, this, [this] { showChannel(); });
    controls->addWidget(m_binsSpin);
    layout->addLayout(controls);

    m_numbers = new QLabel;
    m_numbers->setObjectName(QStringLiteral("statisticsNumbers"));
    m_numbers->setWordWrap(true);
    m_numbers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_numbers);

    m_histogram = new QCustomPlot;
    m_histogram->setObjectName(QStringLiteral("statisticsHistogram"));
    m_histBars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    m_histBars->setPen(Qt::NoPen);
    m_histBars->setBrush(kBarColor);
    m_histogram->xAxis->setLabel(tr("value"));
    m_histogram->yAxis->setLabel(tr("positions"));
    // A count of positions: whole-number ticks only (1, 2, 5, 10, ... apart).
    m_histogram->yAxis->setTicker(QSharedPointer<CountTicker>::create());
    m_histogram->yAxis->setNumberFormat(QStringLiteral("f"));
    m_histogram->yAxis->setNumberPrecision(0);
    m_meanLine = new QCPItemStraightLine(m_histogram);
    m_meanLine->setPen(QPen(kMeanColor, 2, Qt::DashLine));
    m_meanText = new QCPItemText(m_histogram);
    m_meanText->setText(tr("mean"));
    m_meanText->setColor(kMeanColor);
    m_meanText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_meanText->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_meanText->setPadding(QMargins(4, 2, 2, 2));

    auto* meansBox = new QWidget;
    auto* meansLayout = new QVBoxLayout(meansBox);
    meansLayout->setContentsMargins(0, 0, 0, 0);
    auto* orderRow = new QHBoxLayout;
    auto* orderLabel = new QLabel(tr("Mean of every channel, sorted"));
    orderRow->addWidget(orderLabel);
    m_orderCombo = new QComboBox;
    m_orderCombo->setObjectName(QStringLiteral("statisticsOrder"));
    m_orderCombo->addItem(tr("by channel"));
    m_orderCombo->addItem(tr("by value"));
    connect(m_orderCombo, &QComboBox::currentIndexChanged, this, [this] { rebuildMeans(); });
    orderRow->addWidget(m_orderCombo);
    orderRow->addStretch(1);
    meansLayout->addLayout(orderRow);
    m_means = new QCustomPlot;
    m_means->setObjectName(QStringLiteral("statisticsMeans"));
    m_means->setMouseTracking(true);
    m_means->installEventFilter(this);
    m_meanBars = new QCPBars(m_means->xAxis, m_means->yAxis);
    m_meanBars->setPen(Qt::NoPen);
    m_meanBars->setBrush(kBarColor);
    m_selectedBar = new QCPBars(m_means->xAxis, m_means->yAxis);
    m_selectedBar->setPen(QPen(kSelectedColor, 1));
    m_selectedBar->setBrush(kSelectedColor);
    // A thin bar can be a pixel wide: a line marks the selected channel too.
    m_selectedLine = new QCPItemStraightLine(m_means);
    m_selectedLine->setPen(QPen(kSelectedColor, 1.5, Qt::DotLine));
    m_selectedLine->setVisible(false);
    m_means->yAxis->setLabel(tr("channel mean"));
    meansLayout->addWidget(m_means, 1);

    m_plots = new QBoxLayout(QBoxLayout::LeftToRight);
    m_plots->addWidget(m_histogram, 1);
    m_plots->addWidget(meansBox, 1);
    layout->addLayout(m_plots, 1);
    styleFonts();
    clear(tr("No feature map yet: choose an image and a layer."));
    connect(this, &StatisticsPanel::channelSelected, this, &AnalysisPanel::channelRequested);
    onLanguageChange(
        this,
        [=] {
            channelLabel->setText(tr("Channel"));
            binsLabel->setText(tr("Bins"));
            m_binsSpin->setToolTip(tr("Histogram bins between the channel's minimum and maximum"));
            m_histogram->xAxis->setLabel(tr("value"));
            m_histogram->yAxis->setLabel(tr("positions"));
            m_meanText->setText(tr("mean"));
            orderLabel->setText(tr("Mean of every channel, sorted"));
            m_orderCombo->setItemText(0, tr("by channel"));
            m_orderCombo->setItemText(1, tr("by value"));
            m_means->yAxis->setLabel(tr("channel mean"));
            // What is shown, from the map.
            if (m_map && m_map->channels > 0) {
                showChannel();
                rebuildMeans();
            } else {
                clear(tr("No feature map yet: choose an image and a layer."));
            }
            m_histogram->replot();
            m_means->replot();
        },
        /*now=*/false);
}

void StatisticsPanel::viewChanged(const ds::ui::ViewResult& view) {
    if (!isShown()) {
        m_waiting = view.map;
        m_waits = view.map != m_map;
        return;
    }
    m_waits = false;
    m_waiting.reset();
    if (view.map != m_map) setFeatureMap(view.map);
}

void StatisticsPanel::shownChanged(bool shown) {
    if (!shown || !m_waits) return;
    m_waits = false;
    setFeatureMap(std::exchange(m_waiting, nullptr));
}

void StatisticsPanel::setFeatureMap(std::shared_ptr<const ds::FeatureMap> map) {
    m_map = std::move(map);
    if (!m_map || m_map->channels == 0) {
        clear(tr("No feature map yet: choose an image and a layer."));
        return;
    }
    if (m_channel < 0 || m_channel >= m_map->channels) m_channel = 0;
    {
        const QSignalBlocker block(m_channelSpin);
        m_channelSpin->setRange(0, m_map->channels - 1);
        m_channelSpin->setValue(m_channel);
    }
    m_channelSpin->setEnabled(true);
    rebuildMeans();
    showChannel();
}

void StatisticsPanel::clear(const QString& message) {
    m_map.reset();
    m_stats = {};
    m_order.clear();
    m_header->setText(message);
    m_numbers->clear();
    m_channelSpin->setEnabled(false);
    m_histBars->data()->clear();
    m_meanBars->data()->clear();
    m_selectedBar->data()->clear();
    m_meanLine->setVisible(false);
    m_meanText->setVisible(false);
    m_selectedLine->setVisible(false);
    m_histogram->replot();
    m_means->replot();
}

void StatisticsPanel::selectChannel(int channel) {
    if (channel < 0) return;
    if (!m_map) {  // no map yet (the tab was behind): the channel shown when it comes
        m_channel = channel;
        return;
    }
    if (channel >= m_map->channels) return;
    m_channel = channel;
    const QSignalBlocker block(m_channelSpin);
    m_channelSpin->setValue(channel);
    showChannel();
}

void StatisticsPanel::setMeansOrder(MeansOrder order) {
    m_orderCombo->setCurrentIndex(order == MeansOrder::Value ? 1 : 0);
}

StatisticsPanel::MeansOrder StatisticsPanel::meansOrder() const {
    return m_orderCombo->currentIndex() == 1 ? MeansOrder::Value : MeansOrder::Channel;
}

void StatisticsPanel::setBins(int bins) { m_binsSpin->setValue(bins); }

QString StatisticsPanel::summaryText() const { return m_numbers->text(); }

void StatisticsPanel::showChannel() {
    if (!m_map) return;
    m_stats = ds::channelStatistics(*m_map, m_channel, m_binsSpin->value());
    m_header->setText(tr("%1, channel %2 of %3 (%4 × %5 values)")
                          .arg(QString::fromStdString(m_map->layer))
                          .arg(m_channel)
                          .arg(m_map->channels)
                          .arg(m_map->height)
                          .arg(m_map->width));
    m_numbers->setText(tr("min %1   max %2   mean %3   std %4   ≤ 0: %5 %")
                           .arg(number(m_stats.min), number(m_stats.max), number(m_stats.mean),
                                number(m_stats.stddev))
                           .arg(100.0 * m_stats.fractionNonPositive, 0, 'f', 1));
    const std::vector<double> edges = ds::histogramEdges(m_stats);
    QVector<double> keys, values;
    double top = 1;
    for (size_t b = 0; b < m_stats.histogram.size(); ++b) {
        keys << (edges[b] + edges[b + 1]) / 2;
        values << double(m_stats.histogram[b]);
        top = std::max(top, double(m_stats.histogram[b]));
    }
    const double width = edges.back() - edges.front();
    m_histBars->setWidth(width / double(m_stats.histogram.size()));
    m_histBars->setData(keys, values, true);
    m_histogram->xAxis->setRange(edges.front() - width * 0.02, edges.back() + width * 0.02);
    m_histogram->yAxis->setRange(0, std::max(top * 1.08, 1.0));
    m_meanLine->setVisible(true);
    m_meanLine->point1->setCoords(m_stats.mean, 0);
    m_meanLine->point2->setCoords(m_stats.mean, 1);
    m_meanText->setVisible(true);
    m_meanText->position->setCoords(m_stats.mean, 0.0);
    m_histogram->replot();
    markSelectedMean();
}

void StatisticsPanel::rebuildMeans() {
    if (!m_map) return;
    const int n = m_map->channels;
    m_order.resize(n);
    std::iota(m_order.begin(), m_order.end(), 0);
    const auto& means = m_map->channelMean;
    if (meansOrder() == MeansOrder::Value)
        std::stable_sort(m_order.begin(), m_order.end(),
                         [&](int a, int b) { return means[size_t(a)] > means[size_t(b)]; });
    QVector<double> keys, values;
    double lo = 0, hi = 0;
    for (int i = 0; i < n; ++i) {
        keys << i;
        const double v = means[size_t(m_order[i])];
        values << v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    m_meanBars->setWidth(n > 200 ? 1.0 : 0.8);
    m_meanBars->setData(keys, values, true);
    m_means->xAxis->setRange(-1, n);
    const double pad = (hi - lo) * 0.06 + 1e-9;
    m_means->yAxis->setRange(lo - (lo < 0 ? pad : 0), hi + pad);
    m_means->xAxis->setLabel(meansOrder() == MeansOrder::Value
                                 ? tr("channels, highest mean first")
                                 : tr("channel"));
    markSelectedMean();
}

void StatisticsPanel::markSelectedMean() {
    m_selectedBar->data()->clear();
    if (m_map && m_channel >= 0 && m_channel < m_order.size()) {
        const int pos = int(m_order.indexOf(m_channel));
        m_selectedBar->setWidth(std::max(1.0, m_meanBars->width()));
        m_selectedBar->addData(pos, m_map->channelMean[size_t(m_channel)]);
        m_selectedLine->point1->setCoords(pos, 0);
        m_selectedLine->point2->setCoords(pos, 1);
        m_selectedLine->setVisible(true);
    }
    m_means->replot();
}

int StatisticsPanel::channelAtMeansPixel(const QPointF& pixel) const {
    if (!m_map || !m_means->axisRect()->rect().contains(pixel.toPoint())) return -1;
    const int pos = int(std::lround(m_means->xAxis->pixelToCoord(pixel.x())));
    return pos >= 0 && pos < m_order.size() ? m_order[pos] : -1;
}

bool StatisticsPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_means &&
        (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonPress)) {
        auto* me = static_cast<QMouseEvent*>(event);
        const int c = channelAtMeansPixel(me->position());
        if (event->type() == QEvent::MouseMove) {
            if (c < 0) QToolTip::hideText();
            else QToolTip::showText(me->globalPosition().toPoint(),
                                    tr("channel %1: mean %2").arg(c).arg(number(m_map->channelMean[size_t(c)])),
                                    m_means);
        } else if (me->button() == Qt::LeftButton && c >= 0) {
            selectChannel(c);
            emit channelSelected(c);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StatisticsPanel::styleFonts() {
    const QFontMetrics fm(font());
    for (QCustomPlot* p : {m_histogram, m_means}) {
        applyChartFont(p, font());
        p->setMinimumSize(fm.height() * 14, fm.height() * 9);
        p->replot();
    }
}

void StatisticsPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) styleFonts();
}

void StatisticsPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Side by side when there is room for both, else one above the other.
    const int need = 2 * m_histogram->minimumWidth() + 24;
    m_plots->setDirection(event->size().width() >= need ? QBoxLayout::LeftToRight
                                                        : QBoxLayout::TopToBottom);
}

}  // namespace ds::ui
