#include "visualize_panel.h"

#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMutexLocker>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "channel_view.h"
#include "dialog_folder.h"
#include "chart_style.h"
#include "densescope/errors.h"
#include "densescope/feature_maps.h"
#include "file_output.h"
#include "flow_layout.h"
#include "human_format.h"
#include "image_io.h"
#include "image_view.h"

namespace ds::ui {

namespace {
// Optimisation steps per job step: as many as fit in this time (at least one), so progress,
// Cancel and the worker's other requests wait at most about this long.
constexpr double kStepBudgetMs = 250.0;
}  // namespace

// ---------------------------------------------------------------------------------------------

VisualizeJob::VisualizeJob(QString layer, int channel, ds::VisualizeOptions options)
    : m_layer(std::move(layer)), m_channel(channel), m_options(options) {}

bool VisualizeJob::step(AnalysisContext& context) {
    using Clock = std::chrono::steady_clock;
    if (cancelled()) throw ds::Cancelled("feature visualisation cancelled");
    if (!m_visualizer) {
        m_visualizer = std::make_unique<ds::ChannelVisualizer>(context.engine, m_layer.toStdString(),
                                                               m_channel, m_options);
        QMutexLocker lock(&m_mutex);
        m_preview.objectiveStart = m_visualizer->objectiveStart();
    }
    const auto start = Clock::now();
    while (!m_visualizer->finished()) {
        if (context.cancelled()) throw ds::Cancelled("feature visualisation cancelled");
        m_visualizer->run(1);
        if (std::chrono::duration<double, std::milli>(Clock::now() - start).count() > kStepBudgetMs)
            break;
    }
    const bool done = m_visualizer->finished();
    if (done) m_result = m_visualizer->result();
    {
        QMutexLocker lock(&m_mutex);
        m_preview.image = toQImage(done ? m_result.image : m_visualizer->currentImage());
        m_preview.objective = m_visualizer->objective();
    }
    context.progress(m_visualizer->stepsDone(), m_visualizer->steps(), {});
    if (done) m_visualizer.reset();
    return done;
}

VisualizeJob::Preview VisualizeJob::preview() const {
    QMutexLocker lock(&m_mutex);
    return m_preview;
}

// ---------------------------------------------------------------------------------------------

VisualizePanel::VisualizePanel(QWidget* parent) : AnalysisPanel(parent) {
    m_heading = new QLabel(this);
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setWordWrap(true);
    m_stepsLabel = new QLabel(this);
    m_steps = new QSpinBox(this);
    m_steps->setRange(1, 4096);
    m_steps->setValue(128);
    m_stepsLabel->setBuddy(m_steps);
    m_seedLabel = new QLabel(this);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999999);
    m_seedLabel->setBuddy(m_seed);
    m_run = new QPushButton(this);
    m_run->setDefault(true);
    m_cancel = new QPushButton(this);
    m_export = new QPushButton(this);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    m_image = new ScaledImage(this);
    m_map = new ChannelView(this);
    m_resultCaption = new QLabel(this);
    m_mapCaption = new QLabel(this);
    for (QLabel* l : {m_resultCaption, m_mapCaption}) {
        l->setAlignment(Qt::AlignHCenter);
        l->setWordWrap(true);
    }
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(fontMetrics().averageCharWidth() * 14, fontMetrics().height() * 8);
    m_plot->addGraph();
    // Each step's objective is for a randomly shifted, scaled and rotated copy, so it jumps
    // from step to step: the raw values light, their running mean (8 steps) dark.
    m_plot->graph(0)->setPen(QPen(QColor(158, 202, 225), 1));
    m_plot->graph(0)->setName(tr("each step"));
    m_plot->addGraph();
    m_plot->graph(1)->setPen(QPen(QColor(8, 81, 156), 2));
    m_plot->graph(1)->setName(tr("running mean (8 steps)"));
    // The curve scores transformed copies; the start and the result are scored as they are
    // (what the text reports): two dots, so the gap between the curve and the numbers shows.
    m_plot->addGraph();
    m_plot->graph(2)->setLineStyle(QCPGraph::lsNone);
    m_plot->graph(2)->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(214, 96, 77), QColor(214, 96, 77), 7));
    m_plot->graph(2)->setName(tr("start and result, unshifted"));
    m_plot->xAxis->ticker()->setTickCount(4);  // readable in a narrow dock
    m_plot->yAxis->ticker()->setTickCount(4);
    m_objectives = new QLabel(this);
    m_objectives->setWordWrap(true);
    m_howTo = new QLabel(this);
    m_howTo->setWordWrap(true);
    m_howTo->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    // Controls wrap onto a second row in a narrow dock; the pictures, the curve and the text
    // below them scroll (the dock is scrollable) rather than shrink past reading.
    auto* controls = new QWidget(this);
    auto* flow = new FlowLayout(controls);
    flow->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*>{m_stepsLabel, m_steps, m_seedLabel, m_seed,
                                                      m_run, m_cancel, m_export})
        flow->addWidget(w);

    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_status, 1);

    auto* body = new QGridLayout;
    body->addWidget(m_image, 0, 0, Qt::AlignTop);
    body->addWidget(m_map, 0, 1, Qt::AlignTop);
    body->addWidget(m_plot, 0, 2);
    body->addWidget(m_resultCaption, 1, 0, Qt::AlignTop);
    body->addWidget(m_mapCaption, 1, 1, Qt::AlignTop);
    body->addWidget(m_objectives, 1, 2, Qt::AlignTop);
    body->setRowStretch(0, 1);
    body->setColumnStretch(0, 3);
    body->setColumnStretch(1, 4);  // the map shares its width with a colour bar
    body->setColumnStretch(2, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(controls);
    layout->addLayout(progress);
    layout->addLayout(body, 1);
    layout->addWidget(m_howTo);

    connect(m_run, &QPushButton::clicked, this, &VisualizePanel::visualize);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_jobId) cancelJob(m_jobId);
    });
    connect(m_export, &QPushButton::clicked, this, &VisualizePanel::exportPng);

    retranslate();
    applyChartFont(m_plot, font());
    setRunning(false);
    updateTarget();
    showCurve({}, m_steps->value());
}

void VisualizePanel::setSteps(int steps) { m_steps->setValue(steps); }
void VisualizePanel::setSeed(int seed) { m_seed->setValue(seed); }

void VisualizePanel::retranslate() {
    m_plot->graph(0)->setName(tr("each step"));
    m_plot->graph(1)->setName(tr("running mean (8 steps)"));
    if (m_plot->graphCount() > 2) m_plot->graph(2)->setName(tr("start and result, unshifted"));
    m_stepsLabel->setText(tr("&Steps:"));
    m_seedLabel->setText(tr("S&eed:"));
    m_steps->setToolTip(tr("Optimisation steps: more give a clearer picture and take longer."));
    m_seed->setToolTip(tr("The random start and transforms: the same seed gives the same picture."));
    m_run->setText(tr("&Visualise"));
    m_cancel->setText(tr("Cancel"));
    m_export->setText(tr("Export PNG…"));
    m_export->setToolTip(tr("Save the synthesised 224 × 224 image as PNG."));
    m_resultCaption->setText(tr("What excites the channel most (synthesised input)"));
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("channel mean"));
    m_howTo->setText(tr(
        "<b>How to read this.</b> The left picture is not a photo: starting from faint noise, "
        "the input was changed step by step to raise this channel's mean activation (gradient "
        "ascent, with small random shifts, scalings and rotations so that it stays a picture "
        "rather than noise). Its patterns, colours and textures are what the channel responds "
        "to; the map beside it shows where the current image excites the same channel. The "
        "curve (the channel's mean at each step) should rise. With untrained weights expect no "
        "recognisable objects."));
    updateTarget();
    updateChannelMap();
    if (m_result) m_objectives->setText(resultText());
}

void VisualizePanel::resizeEvent(QResizeEvent* event) {
    AnalysisPanel::resizeEvent(event);
    // The pictures are square: no taller than wide, at the top of their cells, so that a low
    // dock shows them whole instead of a band of empty space above them.
    m_image->setMaximumHeight(std::max(m_image->minimumSizeHint().height(), m_image->width()));
    const int bar = m_map->width() - m_map->minimumSizeHint().width() / 2;
    m_map->setMaximumHeight(std::max(m_map->minimumSizeHint().height(), bar));
}

void VisualizePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    if (event->type() == QEvent::FontChange) applyChartFont(m_plot, font());
    AnalysisPanel::changeEvent(event);
}

int VisualizePanel::channelCount() const {
    if (m_viewMap && QString::fromStdString(m_viewMap->layer) == m_layer) return m_viewMap->channels;
    for (size_t i = 0; i < m_modelLayers.size(); ++i)
        if (m_modelLayers[i] == m_layer) return m_modelChannels[i];
    return 0;
}

void VisualizePanel::modelChanged(const ModelInfo& info) {
    m_modelLayers.clear();
    m_modelChannels.clear();
    for (const auto& l : info.summary.layers) {
        m_modelLayers.push_back(QString::fromStdString(l.name));
        m_modelChannels.push_back(l.outChannels);
    }
    // A result of the previous model no longer describes this one.
    m_result.reset();
    m_image->setImage({});
    m_objectives->clear();
    m_status->clear();
    m_progress->setValue(0);
    showCurve({}, m_steps->value());
    updateTarget();
}

void VisualizePanel::viewChanged(const ViewResult& view) {
    m_viewMap = view.map;
    if (m_viewMap && m_layer.isEmpty()) m_layer = QString::fromStdString(m_viewMap->layer);
    updateTarget();
    updateChannelMap();
}

void VisualizePanel::layerChanged(const QString& layer) {
    if (layer == m_layer) return;
    m_layer = layer;
    m_channel = 0;
    updateTarget();
    updateChannelMap();
}

void VisualizePanel::channelChanged(int channel) {
    m_channel = channel;
    updateTarget();
    updateChannelMap();
}

void VisualizePanel::updateTarget() {
    const int channels = channelCount();
    const bool valid = !m_layer.isEmpty() && channels > 0 && m_channel < channels;
    m_heading->setText(valid ? tr("<b>%1</b>, channel <b>%2</b> of %3")
                                   .arg(m_layer.toHtmlEscaped())
                                   .arg(m_channel)
                                   .arg(channels)
                             : tr("Pick a layer and a channel in the feature maps."));
    m_run->setEnabled(valid && worker());
}

void VisualizePanel::updateChannelMap() {
    const bool shown = m_viewMap && QString::fromStdString(m_viewMap->layer) == m_layer &&
                       m_channel < m_viewMap->channels;
    if (!shown) {
        m_map->clear();
        m_mapCaption->setText(tr("The channel's map for the current image appears here."));
        return;
    }
    const ds::FeatureMap& map = *m_viewMap;
    const size_t plane = size_t(map.height) * size_t(map.width);
    std::vector<uint8_t> bytes;
    const uint8_t* channelBytes = nullptr;
    if (map.bytes.size() == size_t(map.channels) * plane) {
        channelBytes = map.bytes.data() + size_t(m_channel) * plane;
    } else {  // no 8-bit form came with the map: make this channel's
        bytes.resize(plane);
        const auto range = ds::channelRange(map, m_channel, ds::MapScaling::PerChannel, false);
        ds::quantizeChannel(map.channel(m_channel), plane, range, false, bytes.data());
        channelBytes = bytes.data();
    }
    const auto range = ds::channelRange(map, m_channel, map.bytesScaling, map.bytesSymmetric);
    m_map->setChannel(map.channel(m_channel), channelBytes, map.width, map.height, range,
                      map.bytesSymmetric ? Colormap::Diverging : Colormap::Viridis);
    m_mapCaption->setText(tr("Channel %1 for the current image (mean %2)")
                              .arg(m_channel)
                              .arg(humanValue(map.channelMean.empty()
                                                   ? 0.0
                                                   : double(map.channelMean[size_t(m_channel)]))));
}

void VisualizePanel::visualize() {
    if (!worker() || m_layer.isEmpty()) return;
    ds::VisualizeOptions options;
    options.steps = m_steps->value();
    options.seed = uint64_t(m_seed->value());
    m_job = std::make_shared<VisualizeJob>(m_layer, m_channel, options);
    m_jobId = submit(m_job);  // supersedes a running one
    m_error.clear();
    m_clock.start();
    m_progress->setRange(0, options.steps);
    m_progress->setValue(0);
    m_progress->setFormat(tr("step %v of %m"));
    m_status->setText(tr("Starting…"));
    showCurve({}, options.steps);
    setRunning(true);
}

void VisualizePanel::setRunning(bool running) {
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && m_result.has_value());
    m_steps->setEnabled(true);
    m_seed->setEnabled(true);
}

QString VisualizePanel::statusText() const { return m_status->text(); }
QString VisualizePanel::objectivesText() const { return m_objectives->text(); }

void VisualizePanel::jobProgress(quint64 id, int done, int total, const QString&) {
    if (id != m_jobId || !m_job) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    const double elapsed = m_clock.elapsed() / 1000.0;
    if (done > 0 && done < total) {
        const double left = elapsed / done * (total - done);
        m_status->setText(tr("About %1 s left").arg(std::max(1, int(std::lround(left)))));
    }
    const VisualizeJob::Preview preview = m_job->preview();
    if (!preview.image.isNull()) m_image->setImage(preview.image);
    m_resultCaption->setText(tr("Synthesised input so far (channel %1 of %2)")
                                 .arg(m_job->channel())
                                 .arg(m_job->layer()));
    showCurve(preview.objective, total);
    m_objectives->setText(tr("Channel mean at the start: %1").arg(humanValue(preview.objectiveStart)));
}

void VisualizePanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_jobId) return;
    auto* v = static_cast<VisualizeJob*>(job.get());
    m_result = v->result();
    m_jobId = 0;
    m_job.reset();
    m_image->setImage(toQImage(m_result->image));
    m_progress->setValue(m_progress->maximum());
    m_status->setText(tr("Done in %1 s").arg(m_clock.elapsed() / 1000.0, 0, 'f', 1));
    m_resultCaption->setText(tr("What excites channel %1 of %2 most (synthesised input)")
                                 .arg(m_result->channel)
                                 .arg(QString::fromStdString(m_result->layer)));
    showCurve(m_result->objective, int(m_result->objective.size()));
    showEnds(m_result->objectiveStart, m_result->objectiveEnd, int(m_result->objective.size()));
    m_objectives->setText(resultText());
    setRunning(false);
    emit finished();
}

void VisualizePanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_jobId) return;  // an older job that a newer one replaced
    m_jobId = 0;
    m_job.reset();
    m_error = error;
    m_status->setText(error.isEmpty() ? tr("Cancelled.") : error);
    setRunning(false);
}

// Why the result's number is not the end of the curve: each step scores a randomly shifted,
// scaled and rotated copy with grey borders (what makes the picture robust), and the channel
// responds less to it than to the plain result, which is what the number scores.
QString VisualizePanel::resultText() const {
    if (!m_result) return {};
    const auto& o = m_result->objective;
    const size_t n = std::min<size_t>(o.size(), 8);
    double tail = 0;
    for (size_t i = o.size() - n; i < o.size(); ++i) tail += double(o[i]);
    if (n > 0) tail /= double(n);
    return tr("Channel mean: %1 at the start, %2 for the result (the dots). The curve ends "
              "near %3 (its last 8 steps) because each step scores a randomly shifted, scaled "
              "and rotated copy with grey borders, not the picture itself.")
        .arg(humanValue(m_result->objectiveStart), humanValue(m_result->objectiveEnd),
             humanValue(tail));
}

void VisualizePanel::showEnds(double start, double end, int total) {
    m_plot->graph(2)->setData({0.0, double(total)}, {start, end}, true);
    const QCPRange y = m_plot->yAxis->range();
    const double lo = std::min({y.lower, start, end}), hi = std::max({y.upper, start, end});
    const double pad = std::max(1e-3, (hi - lo) * 0.04);
    m_plot->yAxis->setRange(std::min(y.lower, std::min(start, end) - pad),
                            std::max(y.upper, std::max(start, end) + pad));
    m_plot->replot();
}

void VisualizePanel::showCurve(const std::vector<float>& objective, int total) {
    constexpr int kWindow = 8;
    QVector<double> x, y, mean;
    double sum = 0;
    for (size_t i = 0; i < objective.size(); ++i) {
        x << double(i + 1);
        y << double(objective[i]);
        sum += y.back();
        if (i >= size_t(kWindow)) sum -= y[int(i) - kWindow];
        mean << sum / double(std::min<size_t>(i + 1, kWindow));
    }
    m_plot->graph(0)->setData(x, y, true);
    m_plot->graph(1)->setData(x, mean, true);
    m_plot->graph(2)->data()->clear();  // showEnds() once finished
    m_plot->xAxis->setRange(0, std::max(total, 1));
    if (!y.isEmpty()) {
        const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
        const double pad = std::max(1e-3, (*hi - *lo) * 0.08);
        m_plot->yAxis->setRange(*lo - pad, *hi + pad);
    } else {
        m_plot->yAxis->setRange(0, 1);
    }
    m_plot->replot();
}

void VisualizePanel::exportPng() {
    if (!m_result) return;
    const QString suggested = dialogStartPath(
        QStringLiteral("%1.channel%2.png").arg(QString::fromStdString(m_result->layer)).arg(m_result->channel));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the synthesised image"),
                                                      suggested, tr("PNG image (*.png)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    try {
        saveImageFile(toQImage(m_result->image), path, "PNG");
    } catch (const std::exception& e) {  // the reason (a full disk, a pipe) under the headline
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Cannot write %1: check the folder is writable and the disk is not full.")
                                 .arg(path) +
                                 "\n\n" + QString::fromUtf8(e.what()));
    }
}

}  // namespace ds::ui
