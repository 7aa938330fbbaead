#include "attribution_panel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "attribution_figure.h"
#include "dialog_folder.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/npy.h"
#include "densescope/preprocess.h"
#include "file_output.h"
#include "human_format.h"

namespace ds::ui {

// The attribution picture, square, scaled to the room it has, with a caption under it.
class AttributionView : public QWidget {
public:
    AttributionView() { setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding); }
    void set(const QImage& image, const QString& caption) {
        m_image = image;
        m_caption = caption;
        update();
    }
    QSize minimumSizeHint() const override {
        const int side = 120 * fontMetrics().height() / 16;
        return {side, side + fontMetrics().height() + 4};
    }
    QSize sizeHint() const override { return minimumSizeHint() * 3 / 2; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const int text = fontMetrics().height() + 4;
        const int side = std::max(1, std::min(width(), height() - text));
        const QRect pic((width() - side) / 2, 0, side, side);
        if (m_image.isNull()) {
            p.fillRect(pic, palette().color(QPalette::AlternateBase));
        } else {
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(pic, m_image);
        }
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(0, side + 2, width(), text - 2), Qt::AlignHCenter | Qt::AlignTop,
                   fontMetrics().elidedText(m_caption, Qt::ElideMiddle, width()));
    }

private:
    QImage m_image;
    QString m_caption;
};

namespace {

class AttributionJob : public AnalysisJob {
public:
    AttributionMethod method = AttributionMethod::Saliency;
    AttributionOptions options;
    int classIndex = -1, topk = 5;
    std::shared_ptr<AttributionResult> result;
    std::shared_ptr<RgbImage> input;

    QString kind() const override { return QStringLiteral("attribution"); }
    // One step: the slow methods report progress between their batches and stop at once
    // (ds::Cancelled) when the job is cancelled or superseded.
    bool step(AnalysisContext& c) override {
        if (!c.image.valid()) throw Error("There is no image to explain yet.");
        const ProgressFn progress = [&c](int done, int total) {
            if (c.cancelled()) return false;
            c.progress(done, total, {});
            return true;
        };
        result = std::make_shared<AttributionResult>(
            computeAttribution(c.engine, c.image, method, classIndex, options, topk, progress));
        input = std::make_shared<RgbImage>(networkInputImage(c.image));
        return true;
    }
};

}  // namespace

AttributionPanel::AttributionPanel(QWidget* parent) : AnalysisPanel(parent) {
    setObjectName(QStringLiteral("attributionPanel"));
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("attributionMethod"));
    m_class = new QComboBox;
    m_class->setObjectName(QStringLiteral("attributionClass"));
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_class->setMinimumContentsLength(10);
    m_methodLabel = new QLabel;
    m_classLabel = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("attributionProgress"));
    m_progress->setVisible(false);
    m_cancel = new QPushButton;
    m_cancel->setObjectName(QStringLiteral("attributionCancel"));
    m_cancel->setVisible(false);
    m_png = new QPushButton;
    m_npy = new QPushButton;
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_view = new AttributionView;
    m_help = new QLabel;
    m_help->setWordWrap(true);
    m_help->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* controls = new QGridLayout;
    controls->addWidget(m_methodLabel, 0, 0);
    controls->addWidget(m_method, 0, 1);
    controls->addWidget(m_classLabel, 1, 0);
    controls->addWidget(m_class, 1, 1);
    auto* running = new QHBoxLayout;
    running->addWidget(m_progress, 1);
    running->addWidget(m_cancel);
    controls->addLayout(running, 2, 0, 1, 2);
    auto* exports = new QHBoxLayout;
    exports->addWidget(m_png);
    exports->addWidget(m_npy);
    controls->addLayout(exports, 3, 0, 1, 2);
    controls->addWidget(m_status, 4, 0, 1, 2);
    controls->setRowStretch(5, 1);

    auto* scroll = new QScrollArea;
    scroll->setWidget(m_help);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(controls, 0);
    layout->addWidget(m_view, 2);
    layout->addWidget(scroll, 3);

    connect(m_method, qOverload<int>(&QComboBox::activated), this, [this] { request(); });
    connect(m_class, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        m_classIndex = m_class->itemData(i).toInt();
        request();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_running) cancelJob(m_running);
    });
    connect(m_png, &QPushButton::clicked, this, &AttributionPanel::exportPng);
    connect(m_npy, &QPushButton::clicked, this, &AttributionPanel::exportNpy);
    retranslate();
}

void AttributionPanel::retranslate() {
    const int method = std::max(0, m_method->currentIndex());
    m_method->clear();
    m_method->addItem(tr("Saliency"), int(AttributionMethod::Saliency));
    m_method->addItem(tr("Input × gradient"), int(AttributionMethod::InputXGradient));
    m_method->addItem(tr("Integrated Gradients (slow)"), int(AttributionMethod::IntegratedGradients));
    m_method->addItem(tr("SmoothGrad (slow)"), int(AttributionMethod::SmoothGrad));
    m_method->addItem(tr("Guided backprop"), int(AttributionMethod::GuidedBackprop));
    m_method->addItem(tr("Deconvolution"), int(AttributionMethod::Deconvolution));
    m_method->addItem(tr("Guided Grad-CAM"), int(AttributionMethod::GuidedGradCam));
    m_method->addItem(tr("Occlusion (slow)"), int(AttributionMethod::Occlusion));
    m_method->setCurrentIndex(method);
    m_methodLabel->setText(tr("Method"));
    m_classLabel->setText(tr("Class"));
    m_cancel->setText(tr("Cancel"));
    m_png->setText(tr("Export PNG…"));
    m_png->setToolTip(tr("The map over a grey copy of the 224×224 network input"));
    m_npy->setText(tr("Export NPY…"));
    m_npy->setToolTip(tr("The raw attribution, float32 [3, 224, 224] over the normalised input"));
    m_help->setText(
        tr("<b>How to read this.</b> Each pixel's brightness says how much that pixel of the "
           "network input counts for the explained class's score (before softmax): the three "
           "colour channels' absolute values added, scaled so the brightest 1 % are full. "
           "<b>Saliency</b>: the gradient's size, where a small change moves the score most. "
           "<b>Input × gradient</b> and <b>Integrated Gradients</b> weigh the gradient by the "
           "pixel itself; Integrated Gradients averages the gradient along the way from a black "
           "(zero) input, so the map adds up to the score's change. <b>SmoothGrad</b> averages "
           "saliency over noisy copies: less speckle. <b>Guided backprop</b> and "
           "<b>Deconvolution</b> let only positive signals back through every ReLU: sharp, "
           "edge-like pictures that show what the network picks up more than where the class "
           "is. <b>Guided Grad-CAM</b> multiplies guided backprop by Grad-CAM at the selected "
           "layer. <b>Occlusion</b> hides each 16×16 patch in turn and measures the score's "
           "drop: slow (729 passes) but needs no gradient. With untrained (random) weights the "
           "maps mean nothing."));
    fillClasses();
    showResult();
}

void AttributionPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    AnalysisPanel::changeEvent(event);
}

AttributionMethod AttributionPanel::method() const {
    return AttributionMethod(m_method->currentData().toInt());
}

void AttributionPanel::setMethod(AttributionMethod method) {
    m_method->setCurrentIndex(std::max(0, m_method->findData(int(method))));
    request();
}

void AttributionPanel::fillClasses() {
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
    if (!listed) m_class->addItem(tr("class %1").arg(m_classIndex), m_classIndex);
    m_class->setCurrentIndex(std::max(0, m_class->findData(m_classIndex)));
}

void AttributionPanel::modelChanged(const ModelInfo& info) {
    m_layers = info.layers;
    m_lastBlock = QString::fromStdString(names::denseBlock(int(info.config.blockConfig.size())));
    m_classIndex = -1;
    m_result.reset();
    m_top.clear();
    fillClasses();
    showResult();
    request();
}

void AttributionPanel::viewChanged(const ViewResult& view) {
    m_hasImage = !view.networkInput.isNull();
    m_top = view.top;
    fillClasses();
    if (view.imageId == m_imageId && view.modelId == m_modelId && view.headId == m_headId &&
        !m_dirty)
        return;
    if (view.headId != m_headId) {
        m_headId = view.headId;
        m_classIndex = -1;
        fillClasses();
    }
    m_imageId = view.imageId;
    m_modelId = view.modelId;
    request();
}

void AttributionPanel::layerChanged(const QString& layer) {
    if (layer == m_layer) return;
    m_layer = layer;
    if (method() == AttributionMethod::GuidedGradCam) request();  // the others ignore layers
}

void AttributionPanel::classClicked(int classIndex) {
    if (!isShown()) {  // "Where it looks" takes the click to the front; here, follow quietly
        m_classIndex = classIndex;
        fillClasses();
        m_dirty = true;
        return;
    }
    if (classIndex == m_classIndex) return;
    m_classIndex = classIndex;
    fillClasses();
    request();
}

void AttributionPanel::shownChanged(bool shown) {
    if (shown && m_dirty) request();
}

void AttributionPanel::request() {
    m_dirty = true;
    if (!isShown() || !m_hasImage || m_layers.isEmpty()) return;
    m_dirty = false;
    auto job = std::make_shared<AttributionJob>();
    job->method = method();
    if (job->method == AttributionMethod::GuidedGradCam)
        job->options.layer = (m_layers.contains(m_layer) ? m_layer : m_lastBlock).toStdString();
    // "Top-1" is the class the predictions show first (see CamPanel::request).
    job->classIndex = m_classIndex >= 0 || m_top.empty() ? m_classIndex : m_top.front().index;
    job->topk = std::max(1, int(m_top.size()));
    setRunning(submit(job));
    m_status->setText(attributionIsSlow(job->method) ? tr("Computing… (this method takes a while)")
                                                     : tr("Computing…"));
}

void AttributionPanel::setRunning(quint64 id) {
    m_running = id;
    const bool slow = id && attributionIsSlow(method());
    m_progress->setVisible(slow);
    m_cancel->setVisible(slow);
    m_progress->setRange(0, 0);  // busy until the first report
}

void AttributionPanel::jobProgress(quint64 id, int done, int total, const QString&) {
    if (id != m_running || total <= 0) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

void AttributionPanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_running) return;
    setRunning(0);
    const auto* a = static_cast<const AttributionJob*>(job.get());
    m_result = a->result;
    m_input = a->input;
    showResult();
    emit attributionShown();
}

void AttributionPanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_running) return;
    setRunning(0);
    m_status->setText(error.isEmpty() ? tr("Cancelled.")
                                      : tr("Could not compute the attribution: %1").arg(error));
}

void AttributionPanel::showResult() {
    m_png->setEnabled(m_result != nullptr);
    m_npy->setEnabled(m_result != nullptr);
    if (!m_result) {
        m_status->setText(m_hasImage ? QString() : tr("Open an image to see which pixels count."));
        m_view->set({}, QString());
        return;
    }
    const auto& t = m_result->target;
    QString text = tr("Explaining <b>%1</b> (class %2, %3 %)")
                       .arg(QString::fromStdString(t.label).toHtmlEscaped())
                       .arg(t.index)
                       .arg(humanValue(double(t.probability) * 100));
    if (m_result->completenessGap)
        text += QStringLiteral("<br>") +
                tr("Sum of the map %1; score change from a black input %2 (gap %3)")
                    .arg(humanValue(m_result->sum))
                    .arg(humanValue(*m_result->logitInput - *m_result->logitBaseline))
                    .arg(humanValue(*m_result->completenessGap));
    m_status->setText(text);
    const QString name = m_method->itemText(m_method->findData(int(m_result->method)));
    m_view->set(attributionOverlay(m_input ? *m_input : RgbImage{}, *m_result),
                m_result->layer.empty()
                    ? name
                    : tr("%1 · %2").arg(name, QString::fromStdString(m_result->layer)));
}

void AttributionPanel::exportPng() {
    if (!m_result) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export PNG"),
        dialogStartPath(
            QStringLiteral("attribution.%1.png").arg(attributionMethodName(m_result->method))),
        tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    try {
        saveImageFile(attributionOverlay(m_input ? *m_input : RgbImage{}, *m_result), path, "PNG");
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export PNG"),
                             tr("Could not write %1.").arg(path) + "\n\n" + QString::fromUtf8(e.what()));
    }
}

void AttributionPanel::exportNpy() {
    if (!m_result) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export NPY"),
        dialogStartPath(
            QStringLiteral("attribution.%1.npy").arg(attributionMethodName(m_result->method))),
        tr("NumPy arrays (*.npy)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    try {
        writeNpy(path.toStdString(), m_result->values.data(), {3, m_result->height, m_result->width});
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export NPY"), QString::fromUtf8(e.what()));
    }
}

}  // namespace ds::ui
