#include "reuse_panel.h"

#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QScrollArea>
#include <QStyle>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "chart_style.h"
#include "colormap.h"
#include "densescope/module_names.h"

namespace ds::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    for (int i = 0; i <= 8; ++i) g.setColorStopAt(i / 8.0, colorAt(Colormap::Viridis, i / 8.0));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

// Tick labels for n positions, thinned so at most about `most` are written (the first and
// the last always, and no label right before the last).
QSharedPointer<QCPAxisTickerText> ticker(const QStringList& labels, int most) {
    auto t = QSharedPointer<QCPAxisTickerText>::create();
    const int n = labels.size();
    const int step = std::max(1, (n + most - 1) / most);
    for (int i = 0; i < n; ++i)
        if ((i % step == 0 && (i == 0 || n - 1 - i >= step / 2 + 1)) || i == n - 1)
            t->addTick(i, labels[i]);
    return t;
}

double rowMax(const std::vector<std::optional<double>>& row) {
    double m = 0;
    for (const auto& v : row)
        if (v) m = std::max(m, *v);
    return m;
}

}  // namespace

bool ConnectivityJob::step(AnalysisContext& context) {
    result = ds::connectivity(context.engine);
    return true;
}

ReusePanel::ReusePanel(QWidget* parent) : AnalysisPanel(parent) {
    setObjectName(QStringLiteral("reusePanel"));
    // Everything scrolls: the panel asks for no more room than its dock has.
    auto* layout = scrollingContent(QStringLiteral("reuseScroll"));

    m_intro = new QLabel;
    m_note = new QLabel;
    m_normalise = new QCheckBox;
    retranslateIntro();
    m_intro->setText(m_introText);
    m_intro->setObjectName(QStringLiteral("reuseIntro"));
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto* row = new QHBoxLayout;
    m_note->setObjectName(QStringLiteral("reuseRandomNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(
        QStringLiteral("QLabel { background: #fff8e1; color: #5d4037; border: 1px solid #ffcc80;"
                       " border-radius: 4px; padding: 2px 4px; }"));
    m_note->hide();
    row->addWidget(m_note, 1);
    m_normalise->setObjectName(QStringLiteral("reuseNormalise"));
    m_normalise->setChecked(true);
    connect(m_normalise, &QCheckBox::toggled, this, [this] { rebuild(); });
    row->addStretch(0);
    row->addWidget(m_normalise);
    layout->addLayout(row);

    m_selection = new QLabel;
    m_selection->setObjectName(QStringLiteral("reuseSelection"));
    m_selection->setWordWrap(true);
    m_selection->hide();
    layout->addWidget(m_selection);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("reuseMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_message);

    m_plotsBox = new QWidget;
    m_grid = new QGridLayout(m_plotsBox);
    m_grid->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plotsBox, 1);
    clear(tr("No model loaded."));
}

void ReusePanel::modelChanged(const ds::ui::ModelInfo& info) {
    m_random = info.randomWeights;
    m_modelId = info.id;
    m_stale = true;
    if (m_job) cancelJob(m_job);
    m_job = 0;
    clear(tr("Computing the heat map…"));
    requestIfNeeded();
}

void ReusePanel::shownChanged(bool shown) {
    if (shown) requestIfNeeded();
}

void ReusePanel::requestIfNeeded() {
    if (!m_stale || m_job || !isShown() || !worker() || m_modelId == 0) return;
    m_job = submit(std::make_shared<ConnectivityJob>());
}

void ReusePanel::jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) {
    if (id != m_job) return;
    m_job = 0;
    m_stale = false;
    auto* done = static_cast<ConnectivityJob*>(job.get());
    setConnectivity(std::move(done->result), m_random);
}

void ReusePanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_job) return;
    m_job = 0;
    if (!error.isEmpty()) {
        clear(tr("The heat map could not be computed: %1").arg(error));
        m_message->setProperty("error", true);  // kept as worded when the language changes
    } else
        requestIfNeeded();  // superseded or cancelled by a model change: ask again
}

void ReusePanel::clickCell(int block, int target, int source) {
    markCell(block, target, source);
    const auto& b = m_blocks[size_t(block)];
    const auto [first, count] = b.sourceChannels[size_t(source)];
    const QString blockName = QString::fromStdString(b.name);
    const QString module = targetModule(block, target);
    // The classifier reads norm5's channels (the last block's, normalised), in the same order.
    const QString layer = module == QLatin1String(names::kClassifier)
                              ? QString::fromLatin1(names::kNorm5)
                              : module;
    m_cell = {block, target, source};
    m_selection->setText(selectionText(*m_cell));
    m_selection->show();
    emit cellClicked(blockName, module, block + 1, first, count);
    emit layerRequested(layer);
    emit channelRangeHighlighted(blockName, first, count);
}

QString ReusePanel::selectionText(const std::array<int, 3>& cell) const {
    const auto [block, target, source] = cell;
    if (block < 0 || size_t(block) >= m_blocks.size()) return {};
    const auto& b = m_blocks[size_t(block)];
    const auto [first, count] = b.sourceChannels[size_t(source)];
    const QString blockName = QString::fromStdString(b.name);
    const QString module = targetModule(block, target);
    const QString layer =
        module == QLatin1String(names::kClassifier) ? QString::fromLatin1(names::kNorm5) : module;
    return tr("Selected %1. Its source %2 is channels %3–%4 of %5: marked in the "
              "growth chart, and in the channel grid while it shows %5.")
        .arg(layer, source == 0 ? tr("(the block's input)")
                                : QString::fromStdString(b.sources[size_t(source)]))
        .arg(first)
        .arg(first + count - 1)
        .arg(blockName);
}

void ReusePanel::setConnectivity(std::vector<ds::BlockConnectivity> blocks, bool randomWeights) {
    m_blocks = std::move(blocks);
    m_random = randomWeights;
    m_note->setVisible(m_random && !m_blocks.empty());
    m_message->setVisible(m_blocks.empty());
    if (m_blocks.empty()) m_message->setText(tr("This model has no dense block."));
    rebuild();
}

void ReusePanel::clear(const QString& message) {
    m_message->setProperty("error", false);
    m_blocks.clear();
    m_cell.reset();
    m_selection->hide();
    m_note->hide();
    m_message->setText(message);
    m_message->show();
    rebuild();
}

void ReusePanel::setNormalised(bool perTarget) { m_normalise->setChecked(perTarget); }
bool ReusePanel::normalised() const { return m_normalise->isChecked(); }
bool ReusePanel::randomNoteShown() const { return !m_note->isHidden(); }

double ReusePanel::shownValue(int block, int target, int source) const {
    if (block < 0 || block >= blockCount()) return kNaN;
    const auto& b = m_blocks[size_t(block)];
    if (target < 0 || target >= int(b.values.size()) || source < 0 ||
        source >= int(b.sources.size()))
        return kNaN;
    const auto& v = b.values[size_t(target)][size_t(source)];
    if (!v) return kNaN;
    if (!normalised()) return *v;
    const double m = rowMax(b.values[size_t(target)]);
    return m > 0 ? *v / m : 0.0;
}

QString ReusePanel::targetModule(int block, int target) const {
    const auto& b = m_blocks[size_t(block)];
    const std::string& t = b.targets[size_t(target)];
    if (t == names::kClassifier) return QString::fromStdString(t);
    if (const auto c = names::parseChild(t); c.kind == names::ModulePath::Kind::Transition)
        return QString::fromStdString(names::transition(c.block));
    return QString::fromStdString(b.name + "." + t);
}

QString ReusePanel::cellToolTip(int block, int target, int source) const {
    const double shown = shownValue(block, target, source);
    if (std::isnan(shown)) return {};
    const auto& b = m_blocks[size_t(block)];
    const auto [first, count] = b.sourceChannels[size_t(source)];
    const QString sourceName = source == 0 ? tr("the block's input")
                                           : QString::fromStdString(b.sources[size_t(source)]);
    QString text = tr("%1 reads %2 (channels %3–%4)\nmean |W| = %5")
                       .arg(targetModule(block, target), sourceName)
                       .arg(first)
                       .arg(first + count - 1)
                       .arg(*b.values[size_t(target)][size_t(source)], 0, 'g', 4);
    if (normalised())
        text += QLatin1Char('\n') + tr("%1 % of this target's largest").arg(100.0 * shown, 0, 'f', 0);
    return text;
}

QPair<int, int> ReusePanel::cellAt(int block, const QPointF& pixel) const {
    const QCustomPlot* p = plot(block);
    if (!p || !p->axisRect()->rect().contains(pixel.toPoint())) return {-1, -1};
    const int source = int(std::lround(p->xAxis->pixelToCoord(pixel.x())));
    const int target = int(std::lround(p->yAxis->pixelToCoord(pixel.y())));
    if (std::isnan(shownValue(block, target, source))) return {-1, -1};
    return {target, source};
}

void ReusePanel::markCell(int block, int target, int source) {
    for (int b = 0; b < m_plots.size(); ++b) {
        auto& bp = m_plots[b];
        const bool here = b == block && target >= 0;
        bp.mark->setVisible(here);
        if (here) {
            bp.mark->topLeft->setCoords(source - 0.5, target - 0.5);
            bp.mark->bottomRight->setCoords(source + 0.5, target + 0.5);
        }
        bp.plot->replot();
    }
}

void ReusePanel::rebuild() {
    for (auto& bp : m_plots) delete bp.plot;
    m_plots.clear();
    m_plotsBox->setVisible(!m_blocks.empty());
    if (m_blocks.empty()) return;
    for (int b = 0; b < blockCount(); ++b) {
        BlockPlot bp;
        bp.plot = new QCustomPlot;
        bp.plot->setObjectName(QStringLiteral("reusePlot%1").arg(b + 1));
        bp.plot->setMouseTracking(true);
        bp.plot->installEventFilter(this);
        bp.plot->plotLayout()->insertRow(0);
        bp.plot->plotLayout()->addElement(
            0, 0, new QCPTextElement(bp.plot, tr("Dense block %1").arg(b + 1), QFont()));
        bp.map = new QCPColorMap(bp.plot->xAxis, bp.plot->yAxis);
        bp.scale = new QCPColorScale(bp.plot);
        bp.plot->plotLayout()->addElement(1, 1, bp.scale);
        bp.map->setColorScale(bp.scale);
        bp.map->setGradient(viridis());
        bp.map->setInterpolate(false);
        bp.mark = new QCPItemRect(bp.plot);
        bp.mark->setPen(QPen(palette().color(QPalette::Highlight), 3));
        bp.mark->setBrush(Qt::NoBrush);
        bp.mark->setVisible(false);
        auto* group = new QCPMarginGroup(bp.plot);
        bp.plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
        bp.scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
        m_plots.push_back(bp);
        fillPlot(b);
    }
    styleFonts();
    arrange();
}

int ReusePanel::columns() const {
    if (m_plots.isEmpty()) return 1;
    const int plotWidth = m_plots.front().plot->minimumWidth() + m_grid->horizontalSpacing();
    const int room = width() - 8 - style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    return std::clamp(room / std::max(1, plotWidth), 1, int(m_plots.size()));
}

void ReusePanel::arrange() {
    const int cols = columns();
    for (int b = 0; b < m_plots.size(); ++b) {
        m_grid->removeWidget(m_plots[b].plot);
        m_grid->addWidget(m_plots[b].plot, b / cols, b % cols);
    }
    m_arrangedColumns = cols;
}

void ReusePanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const bool low = event->size().height() < fontMetrics().height() * 24;
    m_intro->setText(low ? m_introShort : m_introText);
    m_intro->setToolTip(low ? m_introText : QString());
    if (columns() != m_arrangedColumns) arrange();
}

void ReusePanel::fillPlot(int block) {
    const auto& b = m_blocks[size_t(block)];
    auto& bp = m_plots[block];
    const int nx = int(b.sources.size()), ny = int(b.targets.size());
    bp.map->data()->setSize(nx, ny);
    bp.map->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    double top = 0;
    for (int t = 0; t < ny; ++t)
        for (int s = 0; s < nx; ++s) {
            const double v = shownValue(block, t, s);
            bp.map->data()->setCell(s, t, v);
            if (!std::isnan(v)) top = std::max(top, v);
        }
    bp.map->setDataRange(QCPRange(0, top > 0 ? top : 1));
    bp.scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
    bp.scale->axis()->ticker()->setTickCount(3);

    QStringList sources, targets;
    for (int s = 0; s < nx; ++s) sources << (s == 0 ? tr("in") : QString::number(s));
    for (int t = 0; t < ny; ++t) {
        const std::string& name = b.targets[size_t(t)];
        // The last row: "T1" for transition1, "FC" for the classifier (fully connected).
        targets << (name == names::kClassifier ? tr("FC")
                    : names::parseChild(name).kind == names::ModulePath::Kind::Transition
                        ? tr("T%1").arg(names::parseChild(name).block)
                                                       : QString::number(t + 1));
    }
    bp.plot->xAxis->setTicker(ticker(sources, 5));
    bp.plot->yAxis->setTicker(ticker(targets, 8));
    bp.plot->xAxis->setLabel(tr("source layer"));
    bp.plot->yAxis->setLabel(tr("target layer"));
    bp.plot->yAxis->setRangeReversed(true);
    for (QCPAxis* a : {bp.plot->xAxis, bp.plot->yAxis}) {
        a->grid()->setVisible(false);
        a->setSubTicks(false);
    }
    bp.plot->xAxis->setRange(-0.5, nx - 0.5);
    bp.plot->yAxis->setRange(-0.5, ny - 0.5);
}

void ReusePanel::styleFonts() {
    const QFontMetrics fm(font());
    m_note->setFont(font());  // a style-sheeted label keeps the font it was polished with
    for (auto& bp : m_plots) {
        applyChartFont(bp.plot, font());
        bp.scale->axis()->setTickLabelFont(bp.plot->xAxis->tickLabelFont());
        bp.plot->setMinimumSize(fm.height() * 14, fm.height() * 12);
        bp.scale->setBarWidth(std::max(6, fm.height() / 2));
        bp.mark->setPen(QPen(palette().color(QPalette::Highlight), 3 * markScale(font())));
        bp.plot->replot();
    }
}

void ReusePanel::retranslateIntro() {
    m_introText =
        tr("Each cell: the mean |weight| a target layer (row) gives to a source's channels "
           "(column), as in Figure 5 of the DenseNet paper. The paper found that later layers "
           "still use features made early in the block, and that transitions pass on little of "
           "some sources. Click a cell to select the target and mark the source's channels.");
    // Where the panel is low, one line; the whole text is its tooltip.
    m_introShort =
        tr("Mean |weight| of each target (row) per source (column), as in the "
           "DenseNet paper's Figure 5. Hover here for what the paper found.");
    m_note->setText(
        tr("Random (untrained) weights: every source gets about the same "
           "weight, so this picture is noise."));
    m_normalise->setText(tr("Normalise per target"));
    m_normalise->setToolTip(
        tr("Divide each row by its largest value: which sources each target uses most"));
}

void ReusePanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslateIntro();
        const bool low = height() < fontMetrics().height() * 24;
        m_intro->setText(low ? m_introShort : m_introText);
        m_intro->setToolTip(low ? m_introText : QString());
        // The message from the panel's state, hidden or not (an error's text stays as it was
        // worded).
        if (!m_message->property("error").toBool()) {
            if (m_modelId == 0)
                m_message->setText(tr("No model loaded."));
            else if (m_blocks.empty() && !m_stale && !m_job)
                m_message->setText(tr("This model has no dense block."));
            else
                m_message->setText(tr("Computing the heat map…"));
        }
        if (m_cell && !m_selection->isHidden()) m_selection->setText(selectionText(*m_cell));
        rebuild();  // the plots' titles and axes
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        styleFonts();
        arrange();
    }
}

int ReusePanel::blockOf(QObject* plot) const {
    for (int b = 0; b < m_plots.size(); ++b)
        if (m_plots[b].plot == plot) return b;
    return -1;
}

bool ReusePanel::eventFilter(QObject* watched, QEvent* event) {
    const int block = blockOf(watched);
    if (block >= 0 && (event->type() == QEvent::MouseMove ||
                       event->type() == QEvent::MouseButtonPress)) {
        auto* me = static_cast<QMouseEvent*>(event);
        const auto [target, source] = cellAt(block, me->position());
        if (event->type() == QEvent::MouseMove) {
            if (target < 0) QToolTip::hideText();
            else QToolTip::showText(me->globalPosition().toPoint(), cellToolTip(block, target, source),
                                    m_plots[block].plot);
        } else if (me->button() == Qt::LeftButton && target >= 0) {
            clickCell(block, target, source);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace ds::ui
