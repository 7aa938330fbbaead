// CamPanel (cam_panel.h): its controls, the large map, the requests and the exports. The strip
// through the network is in cam_panel_strip.cpp, a map's tile in cam_tile.h, the job in
// cam_job.h.
#include "cam_panel.h"

#include "dialog_folder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QVBoxLayout>

#include "cam_faithfulness.h"
#include "cam_figure.h"
#include "cam_job.h"
#include "cam_panel_internal.h"
#include "cam_tile.h"
#include "file_output.h"
#include "flow_layout.h"
#include "densescope/npy.h"
#include "human_format.h"

namespace ds::ui {

using cam_panel_internal::shortName;

CamPanel::CamPanel(QWidget* parent) : AnalysisPanel(parent) {
    setObjectName(QStringLiteral("camPanel"));
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("camMethod"));
    m_class = new QComboBox;
    m_class->setObjectName(QStringLiteral("camClass"));
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_class->setMinimumContentsLength(10);
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setObjectName(QStringLiteral("camOpacity"));
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    m_eigenSmooth = new QCheckBox;
    m_eigenSmooth->setObjectName(QStringLiteral("camEigenSmooth"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("camProgress"));
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QPushButton;
    m_cancel->setObjectName(QStringLiteral("camCancel"));
    m_cancel->hide();
    m_methodLabel = new QLabel;
    m_classLabel = new QLabel;
    m_opacityLabel = new QLabel;
    m_png = new QPushButton;
    m_npy = new QPushButton;
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_main = new CamTile(120);
    m_stripTitle = new QLabel;
    m_help = new QLabel;
    m_help->setWordWrap(true);
    m_help->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* controls = new QGridLayout;
    controls->addWidget(m_methodLabel, 0, 0);
    controls->addWidget(m_method, 0, 1);
    controls->addWidget(m_eigenSmooth, 1, 1);
    controls->addWidget(m_classLabel, 2, 0);
    controls->addWidget(m_class, 2, 1);
    controls->addWidget(m_opacityLabel, 3, 0);
    controls->addWidget(m_opacity, 3, 1);
    auto* exports = new QHBoxLayout;
    exports->addWidget(m_png);
    exports->addWidget(m_npy);
    controls->addLayout(exports, 4, 0, 1, 2);
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    controls->addLayout(progress, 5, 0, 1, 2);
    controls->addWidget(m_status, 6, 0, 1, 2);
    m_faithfulness = new CamFaithfulness([this] { return worker(); });
    controls->addWidget(m_faithfulness, 7, 0, 1, 2);
    controls->setRowStretch(8, 1);

    // Right: the strip's tiles (wrapping to rows) and the explanation, scrolling together.
    auto* tiles = new QWidget;
    m_stripRow = new FlowLayout(tiles, 6, 6);
    auto* side = new QWidget;
    auto* right = new QVBoxLayout(side);
    right->setContentsMargins(0, 0, 0, 0);
    right->addWidget(m_stripTitle);
    right->addWidget(tiles);
    right->addWidget(m_help);
    right->addStretch(1);
    m_stripTitle->setWordWrap(true);
    auto* scroll = new QScrollArea;
    m_stripScroll = scroll;
    scroll->setObjectName(QStringLiteral("camStripScroll"));
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(controls, 0);
    layout->addWidget(m_main, 2);
    layout->addWidget(scroll, 3);

    connect(m_method, qOverload<int>(&QComboBox::activated), this, [this] {
        updateEigenSmooth();
        request();
    });
    connect(m_eigenSmooth, &QCheckBox::toggled, this, [this] { request(); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_running) cancelJob(m_running);
    });
    connect(m_class, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        m_classIndex = m_class->itemData(i).toInt();
        request();
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this] { repaintOverlay(); });
    connect(m_png, &QPushButton::clicked, this, &CamPanel::exportPng);
    connect(m_npy, &QPushButton::clicked, this, &CamPanel::exportNpy);
    retranslate();
    showResult();
    fitStripWidth();
}

void CamPanel::retranslate() {
    const int method = std::max(0, m_method->currentIndex());
    m_method->clear();
    const std::pair<CamMethod, std::pair<QString, QString>> methods[] = {
        {CamMethod::GradCam, {tr("Grad-CAM"), tr("Channels weighted by their mean gradient: smooth, coarse maps")}},
        {CamMethod::GradCamPlusPlus,
         {tr("Grad-CAM++"), tr("Weights from positive gradients only: several objects of the class show up")}},
        {CamMethod::LayerCam, {tr("LayerCAM"), tr("Each position's own positive gradient: sharp, also in early layers")}},
        {CamMethod::HiResCam,
         {tr("HiResCAM"), tr("Gradient times activation at each position, summed: what the score really adds up")}},
        {CamMethod::GradCamElementWise,
         {tr("Grad-CAM element-wise"), tr("Like HiResCAM, but only positive products count")}},
        {CamMethod::XGradCam, {tr("XGrad-CAM"), tr("Channels weighted by gradient times activation, normalised")}},
        {CamMethod::EigenCam,
         {tr("Eigen-CAM"), tr("The activations' main component: no gradient, the same for every class")}},
        {CamMethod::EigenGradCam, {tr("EigenGrad-CAM"), tr("The main component of gradient times activation")}},
        {CamMethod::ScoreCam,
         {tr("Score-CAM (slow)"),
          tr("Each channel masks the image and the class's score weights it: one forward per channel")}},
        {CamMethod::AblationCam,
         {tr("Ablation-CAM (slow)"),
          tr("How much the score drops when each channel is removed: one partial forward per channel")}},
        {CamMethod::Fem, {tr("FEM"), tr("Channels weighted by how often they stand out: no gradient, class-independent")}},
    };
    for (const auto& [m, text] : methods) {
        m_method->addItem(text.first, int(m));
        m_method->setItemData(m_method->count() - 1, text.second, Qt::ToolTipRole);
    }
    m_method->setCurrentIndex(method);
    m_eigenSmooth->setText(tr("Eigen-smooth"));
    m_eigenSmooth->setToolTip(tr("Show the weighted channels' first principal component instead of "
                                 "their sum: less noise (not for Eigen-CAM and EigenGrad-CAM)"));
    m_cancel->setText(tr("Cancel"));
    updateEigenSmooth();
    m_methodLabel->setText(tr("Method"));
    m_classLabel->setText(tr("Class"));
    m_opacityLabel->setText(tr("Opacity"));
    m_opacity->setToolTip(tr("How strongly the map covers the image"));
    m_png->setText(tr("Export PNG…"));
    m_png->setToolTip(tr("The overlay on the 224×224 network input, with a colour bar"));
    m_npy->setText(tr("Export NPY…"));
    m_npy->setToolTip(tr("The raw map, float32 [H, W] at the layer's resolution"));
    m_stripTitle->setText(tr("<b>Through the network</b> (one pass; click a map to select its layer)"));
    m_help->setText(
        tr("<b>How to read this.</b> Bright regions are where the layer's features raise the "
           "score of the explained class: each channel of the layer's output is weighted by the "
           "gradient of the class's score (before softmax) and the positive sum is shown, "
           "stretched to the image. <b>Grad-CAM</b> weights each channel by its average "
           "gradient: smooth, coarse maps. <b>Grad-CAM++</b> weights only positive gradients, "
           "pixel by pixel, so several objects of the class show up. <b>LayerCAM</b> keeps each "
           "position's own positive gradient: sharper maps that also work in early layers. "
           "<b>HiResCAM</b> and <b>Grad-CAM element-wise</b> multiply gradient and activation "
           "at each position; <b>XGrad-CAM</b> weights channels by that product. <b>Eigen-CAM</b> "
           "and <b>FEM</b> use no gradient and show the same map for every class. "
           "<b>Score-CAM</b> and <b>Ablation-CAM</b> test each channel with a forward pass "
           "(slow: only the selected layer is computed). Early "
           "layers see fine detail but little context; deep ones (7×7) see whole objects. "
           "Click a bar in the predictions to explain that class. With untrained (random) "
           "weights the maps mean nothing."));
    fillClasses();
    showResult();
}

void CamPanel::resizeEvent(QResizeEvent* event) {
    AnalysisPanel::resizeEvent(event);
    fitStripTiles();
}

QSize CamPanel::camViewSize() const { return m_main ? m_main->size() : QSize(); }

void CamPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) fitStripWidth();
    if (event->type() == QEvent::LanguageChange) retranslate();
    AnalysisPanel::changeEvent(event);
}

CamMethod CamPanel::method() const { return CamMethod(m_method->currentData().toInt()); }

void CamPanel::selectMethod(CamMethod method) {
    const int i = m_method->findData(int(method));
    if (i < 0 || i == m_method->currentIndex()) return;
    m_method->setCurrentIndex(i);
    emit m_method->activated(i);  // as a person's choice: the same path recomputes
}
bool CamPanel::eigenSmooth() const { return m_eigenSmooth->isEnabled() && m_eigenSmooth->isChecked(); }

void CamPanel::updateEigenSmooth() {
    const CamMethod m = method();
    m_eigenSmooth->setEnabled(m != CamMethod::EigenCam && m != CamMethod::EigenGradCam);
}
int CamPanel::explainedClass() const { return m_classIndex; }

void CamPanel::fillClasses() {
    m_class->clear();
    m_class->addItem(m_top.empty() ? tr("Top-1")
                                   : tr("Top-1: %1").arg(QString::fromStdString(m_top.front().label)),
                     -1);
    bool listed = m_classIndex < 0;
    for (const auto& p : m_top) {
        m_class->addItem(tr("%1 (%2), %3 %")
                             .arg(QString::fromStdString(p.label))
                             .arg(p.index)
                             .arg(humanValue(double(p.probability) * 100)),
                         p.index);
        listed = listed || p.index == m_classIndex;
    }
    if (!listed) {
        const bool known = m_result && m_result->target.index == m_classIndex;
        m_class->addItem(known ? tr("%1 (%2)").arg(QString::fromStdString(m_result->target.label)).arg(m_classIndex)
                               : tr("class %1").arg(m_classIndex),
                         m_classIndex);
    }
    m_class->setCurrentIndex(std::max(0, m_class->findData(m_classIndex)));
}

void CamPanel::modelChanged(const ModelInfo& info) {
    m_stripLayers.clear();
    for (const auto& l : camStripLayers(info.config)) m_stripLayers << QString::fromStdString(l);
    m_classIndex = -1;  // another head may not have the class
    m_result.reset();
    m_top.clear();
    fillClasses();
    buildStrip();
    showResult();
    request();
}

void CamPanel::viewChanged(const ViewResult& view) {
    m_hasImage = !view.networkInput.isNull();
    m_top = view.top;
    fillClasses();
    // A view also follows a new layer or top-k; only another image or model needs new maps.
    if (view.imageId == m_imageId && view.modelId == m_modelId && view.headId == m_headId &&
        !m_dirty)
        return;
    if (view.headId != m_headId) {  // taught classes or ImageNet's: another set of classes
        m_headId = view.headId;
        m_classIndex = -1;
        fillClasses();
    }
    m_imageId = view.imageId;
    m_modelId = view.modelId;
    request();
}

void CamPanel::layerChanged(const QString& layer) {
    if (layer == m_layer) return;
    m_layer = layer;
    // Already computed in the last pass (a strip layer): show it at once.
    if (selectedMap() && !m_running) {
        showResult();
        return;
    }
    request();
}

void CamPanel::classClicked(int classIndex) {
    // A click on a prediction asks to see that class explained: bring this tab to the front.
    for (QWidget* w = parentWidget(); w; w = w->parentWidget())
        if (auto* dock = qobject_cast<QDockWidget*>(w)) {
            dock->show();
            dock->raise();
            break;
        }
    if (classIndex == m_classIndex) return;
    m_classIndex = classIndex;
    fillClasses();
    request();
}

void CamPanel::shownChanged(bool shown) {
    if (shown && m_dirty) request();
}

void CamPanel::request() {
    m_dirty = true;
    if (!isShown() || !m_hasImage || m_stripLayers.isEmpty()) return;
    m_dirty = false;
    auto job = std::make_shared<CamJob>();
    job->method = method();
    job->eigenSmooth = eigenSmooth();
    const bool slow = camMethodIsPerturbation(job->method);
    // Score-CAM and Ablation-CAM take a forward per channel: the selected layer only.
    if (!slow)
        for (const auto& l : m_stripLayers) job->layers.push_back(l.toStdString());
    const QString layer = m_layer.isEmpty() ? m_stripLayers.last() : m_layer;
    if (slow || !m_stripLayers.contains(layer)) job->layers.push_back(layer.toStdString());
    // "Top-1" means the class the predictions show as first (the fast path's ranking), not a
    // top-1 the CAM pass would pick again from the plain module: on a near-tie the two differ,
    // and the map would explain another class than the one labelled.
    job->classIndex = m_classIndex >= 0 || m_top.empty() ? m_classIndex : m_top.front().index;
    job->topk = std::max(1, int(m_top.size()));
    m_running = submit(job);
    m_status->setText(tr("Computing…"));
    m_clock.start();
    m_progress->setVisible(slow);
    m_cancel->setVisible(slow);
    m_progress->setRange(0, 0);
}

void CamPanel::jobProgress(quint64 id, int done, int total, const QString& detail) {
    Q_UNUSED(detail);
    if (id != m_running) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("%v of %m channels"));
    const double elapsed = m_clock.elapsed() / 1000.0;
    m_status->setText(done > 0 && done < total
                          ? tr("Computing: about %1 s left").arg(qRound(elapsed * (total - done) / done))
                          : tr("Computing…"));
}

void CamPanel::endProgress() {
    m_progress->hide();
    m_cancel->hide();
}

void CamPanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_running) return;
    m_running = 0;
    endProgress();
    const auto* cam = static_cast<const CamJob*>(job.get());
    m_result = cam->result;
    m_input = cam->input;
    showResult();
    emit camShown();
}

void CamPanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_running) return;
    m_running = 0;
    endProgress();
    m_status->setText(error.isEmpty() ? tr("Cancelled.")
                                      : tr("Could not compute the map: %1").arg(error));
}

const CamMap* CamPanel::selectedMap() const {
    if (!m_result) return nullptr;
    const QString layer = m_layer.isEmpty() ? m_stripLayers.value(m_stripLayers.size() - 1) : m_layer;
    for (const auto& m : m_result->maps)
        if (QString::fromStdString(m.layer) == layer) return &m;
    return nullptr;
}

void CamPanel::showResult() {
    const CamMap* map = selectedMap();
    m_faithfulness->setMap(map, m_result ? m_result->target.index : -1);
    m_png->setEnabled(map != nullptr);
    m_npy->setEnabled(map != nullptr);
    if (!m_result) {
        m_status->setText(m_hasImage ? QString() : tr("Open an image to see where the network looks."));
    } else {
        const auto& t = m_result->target;
        m_status->setText(tr("Explaining <b>%1</b> (class %2, %3 %)")
                              .arg(QString::fromStdString(t.label).toHtmlEscaped())
                              .arg(t.index)
                              .arg(humanValue(double(t.probability) * 100)));
    }
    repaintOverlay();
}

void CamPanel::repaintOverlay() {
    const double opacity = m_opacity->value() / 100.0;
    const CamMap* map = selectedMap();
    if (map && m_input) {
        m_main->set(camOverlay(*m_input, *map, Colormap::Inferno, opacity),
                    tr("%1 · %2").arg(shortName(QString::fromStdString(map->layer)),
                                      m_method->itemText(m_method->findData(int(m_result->method)))),
                    false);
    } else {
        m_main->set({}, m_layer, false);
    }
    repaintStrip(opacity, map);
}

void CamPanel::exportPng() {
    const CamMap* map = selectedMap();
    if (!map || !m_input) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export PNG"),
        dialogStartPath(QStringLiteral("cam.%1.png").arg(QString::fromStdString(map->layer))),
        tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    try {
        saveImageFile(renderCamFigure(*m_input, *map, Colormap::Inferno, m_opacity->value() / 100.0),
                      path, "PNG");
    } catch (const std::exception& e) {  // the reason (a full disk, a pipe) under the headline
        QMessageBox::warning(this, tr("Export PNG"),
                             tr("Could not write %1.").arg(path) + "\n\n" + QString::fromUtf8(e.what()));
    }
}

void CamPanel::exportNpy() {
    const CamMap* map = selectedMap();
    if (!map) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export NPY"),
        dialogStartPath(QStringLiteral("cam.%1.npy").arg(QString::fromStdString(map->layer))),
        tr("NumPy arrays (*.npy)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    try {
        writeNpy(path.toStdString(), map->values.data(), {map->height, map->width});
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export NPY"), QString::fromUtf8(e.what()));
    }
}

}  // namespace ds::ui
