#include "predictions_chart.h"

#include <qcustomplot.h>
#include <QEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "chart_style.h"

namespace ds::ui {

namespace {
const QColor kBarColor(0x3b, 0x75, 0xaf);
constexpr int kMaxK = 20;
constexpr double kBarShare = 0.72;  // the longest bar's share of the axis: room for its label

// Probability ticks as percentages, none past 100 % (the axis may end above 1 to leave room
// for the label beside a long bar).
class PercentTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar, int) override {
        return locale.toString(tick * 100.0, 'g', 3) + QStringLiteral(" %");
    }
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        QVector<double> ticks = QCPAxisTicker::createTickVector(tickStep, range);
        ticks.erase(std::remove_if(ticks.begin(), ticks.end(),
                                   [](double t) { return t > 1.0 + 1e-9 || t < -1e-12; }),
                    ticks.end());
        return ticks;
    }
};
}  // namespace

PredictionsChart::PredictionsChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("predictionsChart"));
    m_notice = new QLabel;
    m_notice->setObjectName(QStringLiteral("predictionsNotice"));
    m_notice->setWordWrap(true);
    // No height-for-width: the dock's scroll area would then scroll whenever the dock is below
    // the panel's preferred height (the top-k row cut off). fitNotice() reserves the wrapped
    // height at the current width instead.
    QSizePolicy noticePolicy = m_notice->sizePolicy();
    noticePolicy.setHeightForWidth(false);
    m_notice->setSizePolicy(noticePolicy);
    m_notice->setTextFormat(Qt::RichText);
    m_notice->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_notice->setOpenExternalLinks(true);
    m_notice->setStyleSheet(
        QStringLiteral("QLabel { background: #fff8e1; color: #5d4037; border: 1px solid #ffcc80;"
                       " border-radius: 4px; padding: 4px; }"));
    m_notice->hide();

    m_plot = new QCustomPlot;
    m_plot->setObjectName(QStringLiteral("predictionsPlot"));
    m_bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);  // horizontal: keys on the left axis
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(kBarColor);
    m_bars->setWidth(0.7);
    m_plot->yAxis->setRangeReversed(true);  // rank 1 at the top
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->xAxis->setRange(0, 1.0 / kBarShare);
    m_plot->xAxis->setLabel(tr("probability"));
    auto ticker = QSharedPointer<PercentTicker>::create();
    ticker->setTickCount(4);
    m_plot->xAxis->setTicker(ticker);

    // A click on a class's row (its bar, its name or the space beside them) picks that class.
    m_plot->setToolTip(tr("Click a class to see where the network looks for it (Where it looks)"));
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        const double key = m_plot->yAxis->pixelToCoord(event->position().y());
        const int rank = int(std::lround(key));
        if (rank >= 1 && rank <= int(m_top.size()) && std::abs(key - rank) <= 0.5)
            emit classClicked(m_top[size_t(rank - 1)].index);
    });

    m_k = new QSpinBox;
    m_k->setObjectName(QStringLiteral("topkSpin"));
    m_k->setRange(1, kMaxK);
    m_k->setValue(5);
    m_k->setPrefix(tr("top-"));
    m_k->setToolTip(tr("How many classes to show"));
    connect(m_k, qOverload<int>(&QSpinBox::valueChanged), this, &PredictionsChart::topkChanged);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_k);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_notice);
    layout->addWidget(m_plot, 1);
    layout->addLayout(row);
    applyFonts();
    rebuild();
}

void PredictionsChart::setPredictions(const std::vector<ds::Prediction>& top) {
    m_top = top;
    rebuild();
}

void PredictionsChart::clear() { setPredictions({}); }

void PredictionsChart::setNotice(const QString& html) {
    m_notice->setText(html);
    m_notice->setVisible(!html.isEmpty());
    fitNotice();
}

void PredictionsChart::setTopK(int k) {
    const QSignalBlocker block(m_k);
    m_k->setValue(k);
}

int PredictionsChart::topK() const { return m_k->value(); }

QStringList PredictionsChart::labels() const {
    QStringList out;
    const auto ticker = m_plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    for (auto it = m_bars->data()->constBegin(); it != m_bars->data()->constEnd(); ++it)
        out << ticker->ticks().value(it->key);
    return out;
}

QVector<double> PredictionsChart::probabilities() const {
    QVector<double> out;
    for (auto it = m_bars->data()->constBegin(); it != m_bars->data()->constEnd(); ++it)
        out << it->value;
    return out;
}

void PredictionsChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitNotice();
}

void PredictionsChart::fitNotice() {
    // A word-wrapped label asks for too little height inside a dock; reserve what the text
    // needs at the current width, so the banner is never cut off.
    // The label spans the layout: its own width may still be the one before a zoom.
    const int width = layout() && layout()->contentsRect().width() > 0
                          ? layout()->contentsRect().width()
                          : this->width();
    m_notice->setMinimumHeight(m_notice->isHidden() ? 0 : m_notice->heightForWidth(width));
}

void PredictionsChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {  // the notice is the window's
        m_plot->xAxis->setLabel(tr("probability"));
        m_plot->setToolTip(
            tr("Click a class to see where the network looks for it (Where it looks)"));
        m_k->setPrefix(tr("top-"));
        m_k->setToolTip(tr("How many classes to show"));
        rebuild();
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        applyFonts();
        rebuild();
    }
}

void PredictionsChart::applyFonts() {
    const QFont f = font();
    applyChartFont(m_plot, f);
    m_plot->yAxis->setTickLabelFont(f);  // class names: the chart's main text
    // The banner has a style sheet, and a styled label does not always pick up a font change
    // of its parent: hand it over.
    m_notice->setFont(f);
    fitNotice();
    const QColor text = palette().color(QPalette::WindowText);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
    }
    m_plot->setBackground(palette().color(QPalette::Base));
}

void PredictionsChart::rebuild() {
    m_plot->clearItems();
    auto ticker = m_plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    ticker->clear();
    QVector<double> keys, values;
    for (size_t i = 0; i < m_top.size(); ++i) {
        const auto& p = m_top[i];
        const double key = double(i + 1);
        keys << key;
        values << double(p.probability);
        ticker->addTick(key, QString::fromStdString(p.label));
        auto* text = new QCPItemText(m_plot);
        text->position->setCoords(double(p.probability), key);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setPadding(QMargins(4, 0, 0, 0));
        text->setText(QStringLiteral("%1 %").arg(double(p.probability) * 100.0, 0, 'f',
                                                 p.probability < 0.1 ? 2 : 1));
        text->setFont(m_plot->xAxis->tickLabelFont());
        text->setColor(palette().color(QPalette::WindowText));
        text->setClipToAxisRect(false);
    }
    m_bars->setData(keys, values, /*alreadySorted=*/true);
    // The axis follows the largest probability, so the 0.3 % of untrained weights is a bar one
    // can see, not a hairline; the percentages beside the bars say how small it is.
    const double top = m_top.empty() ? 1.0 : std::max(1e-4, double(m_top.front().probability));
    m_plot->xAxis->setRange(0, std::min(1.0, top) / kBarShare);
    m_plot->yAxis->setRange(0.4, std::max<double>(double(m_top.size()), 1.0) + 0.6);
    // A line and a quarter per class (up to 8; more share the room) plus the probability axis:
    // class names must not touch each other.
    const int rows = std::clamp(int(m_top.size()), 3, 8);
    m_plot->setMinimumHeight(fontMetrics().height() * (rows * 5 / 4 + 3));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ds::ui
