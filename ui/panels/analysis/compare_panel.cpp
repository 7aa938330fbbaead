// ComparePanel (compare_panel.h): its pages, the queue of jobs (compare_jobs.h) and the tiles
// they fill.
#include "compare_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

#include "cam_figure.h"
#include "compare_jobs.h"
#include "compare_tile.h"
#include "densescope/compare.h"
#include "image_io.h"

namespace ds::ui {

namespace {

QString camName(CamMethod m) {
    switch (m) {
        case CamMethod::GradCam: return QStringLiteral("Grad-CAM");
        case CamMethod::GradCamPlusPlus: return QStringLiteral("Grad-CAM++");
        case CamMethod::LayerCam: return QStringLiteral("LayerCAM");
        case CamMethod::HiResCam: return QStringLiteral("HiResCAM");
        case CamMethod::GradCamElementWise: return ComparePanel::tr("Grad-CAM element-wise");
        case CamMethod::XGradCam: return QStringLiteral("XGrad-CAM");
        case CamMethod::EigenCam: return QStringLiteral("Eigen-CAM");
        case CamMethod::EigenGradCam: return QStringLiteral("EigenGrad-CAM");
        case CamMethod::ScoreCam: return QStringLiteral("Score-CAM");
        case CamMethod::AblationCam: return QStringLiteral("Ablation-CAM");
        case CamMethod::Fem: return QStringLiteral("FEM");
    }
    return {};
}

QString attributionName(AttributionMethod m) {
    switch (m) {
        case AttributionMethod::Saliency: return ComparePanel::tr("Saliency");
        case AttributionMethod::InputXGradient: return ComparePanel::tr("Input × gradient");
        case AttributionMethod::IntegratedGradients: return ComparePanel::tr("Integrated Gradients");
        case AttributionMethod::SmoothGrad: return QStringLiteral("SmoothGrad");
        case AttributionMethod::GuidedBackprop: return ComparePanel::tr("Guided backprop");
        case AttributionMethod::Deconvolution: return ComparePanel::tr("Deconvolution");
        case AttributionMethod::GuidedGradCam: return ComparePanel::tr("Guided Grad-CAM");
        case AttributionMethod::Occlusion: return ComparePanel::tr("Occlusion");
    }
    return {};
}

}  // namespace

ComparePanel::ComparePanel(QWidget* parent) : AnalysisPanel(parent) {
    setObjectName(QStringLiteral("comparePanel"));
    for (const CamMethod m : camMethodsByCost()) {
        CamEntry e;
        e.method = m;
        m_cams.push_back(e);
    }
    for (const AttributionMethod m : attributionMethods()) {
        AttrEntry e;
        e.method = m;
        m_attrs.push_back(e);
    }

    m_title = new QLabel;
    m_title->setWordWrap(true);
    m_sortLabel = new QLabel;
    m_sort = new QComboBox;
    m_sort->setObjectName(QStringLiteral("compareSort"));
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    m_cancel = new QPushButton;
    m_cancel->hide();
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_sortLabel);
    top->addWidget(m_sort);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);

    const auto page = [](QWidget** grid, QLabel** explain) {
        auto* scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        auto* content = new QWidget;
        auto* v = new QVBoxLayout(content);
        *grid = new QWidget;
        new QGridLayout(*grid);
        *explain = new QLabel;
        (*explain)->setWordWrap(true);
        (*explain)->setTextFormat(Qt::RichText);
        v->addWidget(*grid);
        v->addWidget(*explain);
        v->addStretch(1);
        scroll->setWidget(content);
        return scroll;
    };
    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("comparePages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(page(&m_camGrid, &m_explain), QString());
    m_pages->addTab(page(&m_attrGrid, &m_attrExplain), QString());
    for (int i = 0; i < m_cams.size(); ++i) {
        auto* tile = new CompareTile(m_camGrid);
        tile->setObjectName(QStringLiteral("compareTile_%1").arg(camMethodName(m_cams[i].method)));
        connect(tile, &CompareTile::clicked, this, [this, i] {
            const CamEntry& e = m_cams[i];
            if (e.state == CamEntry::Done) emit methodRequested(e.method);
            else if (e.state == CamEntry::ClickToStart) startMethod(e.method);
        });
        m_camTiles << tile;
    }
    for (int i = 0; i < m_attrs.size(); ++i) m_attrTiles << new CompareTile(m_attrGrid);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    connect(m_sort, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { setSort(Sort(m_sort->itemData(i).toInt())); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!m_running) return;
        cancelJob(m_running);
    });
    connect(m_pages, &QTabWidget::currentChanged, this, [this] { runNext(); });
    retranslate();
    reset();
}

void ComparePanel::retranslate() {
    const Sort sort = m_sortKey;
    m_sort->clear();
    m_sort->addItem(tr("ROAD, most faithful first"), int(Sort::Road));
    m_sort->addItem(tr("Confidence change"), int(Sort::Confidence));
    m_sort->addItem(tr("Cost, cheapest first"), int(Sort::Cost));
    m_sort->setCurrentIndex(m_sort->findData(int(sort)));
    m_sortLabel->setText(tr("Sort"));
    m_cancel->setText(tr("Cancel"));
    m_pages->setTabText(0, tr("CAM methods"));
    m_pages->setTabText(1, tr("Pixel attributions"));
    m_explain->setText(
        tr("<b>Which map to trust?</b> The methods disagree because they weigh the layer's "
           "channels differently: by the average gradient (Grad-CAM), position by position "
           "(HiResCAM, LayerCAM), by how much the score drops when a channel is removed "
           "(Ablation-CAM) or when the image is masked by it (Score-CAM), or without the class "
           "at all (Eigen-CAM, FEM: what the layer responds to most). <b>ROAD</b> tests a map: "
           "it removes the pixels the map calls most important, fills them in smoothly from "
           "their neighbours, and sees how far the class's score falls; then the same with "
           "the least important pixels. A faithful map makes the score fall when its important "
           "pixels go and barely move when the unimportant ones go: <b>higher ROAD is more "
           "faithful</b>. <b>Confidence change</b> is how the score moves when the image is "
           "multiplied by the map (near 0 or above: the map keeps what the network needs). "
           "Click a map to open it in Where it looks."));
    m_attrExplain->setText(
        tr("<b>Pixel attributions</b> say which input pixels move the class's score, at the "
           "image's full resolution: the gradient itself (saliency), times the input, averaged "
           "over a path from a black image (Integrated Gradients) or over noisy copies "
           "(SmoothGrad), with the ReLUs' backward changed (guided backprop, deconvolution), "
           "combined with Grad-CAM (guided Grad-CAM), or by covering 16×16 patches one at a "
           "time (occlusion). They show edges and texture; CAMs show regions."));
    refreshTiles();
}

void ComparePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    AnalysisPanel::changeEvent(event);
}

void ComparePanel::resizeEvent(QResizeEvent* event) {
    AnalysisPanel::resizeEvent(event);
    layoutTiles();
}

int ComparePanel::attributionsDone() const {
    return int(std::count_if(m_attrs.begin(), m_attrs.end(), [](const AttrEntry& e) { return e.done; }));
}

int ComparePanel::comparedClass() const {
    return m_classIndex >= 0 || m_top.empty() ? m_classIndex : m_top.front().index;
}

void ComparePanel::modelChanged(const ModelInfo& info) {
    m_config = info.config;
    m_hasModel = true;
    m_classIndex = -1;
    m_modelId = info.id;
    reset();
}

void ComparePanel::viewChanged(const ViewResult& view) {
    m_hasImage = !view.networkInput.isNull();
    m_top = view.top;
    if (view.timings.forwardMs > 0) m_forwardMs = view.timings.forwardMs;
    if (view.imageId == m_imageId && view.modelId == m_modelId && view.headId == m_headId) return;
    if (view.headId != m_headId) m_classIndex = -1;
    m_imageId = view.imageId;
    m_modelId = view.modelId;
    m_headId = view.headId;
    m_inputImage = view.networkInput;
    reset();
}

void ComparePanel::layerChanged(const QString& layer) {
    if (layer == m_layer) return;
    m_layer = layer;
    reset();
}

void ComparePanel::classClicked(int classIndex) {
    if (classIndex == m_classIndex) return;
    m_classIndex = classIndex;
    reset();
}

void ComparePanel::shownChanged(bool shown) {
    if (shown) runNext();
}

void ComparePanel::reset() {
    if (m_running) cancelJob(m_running);
    m_running = 0;
    m_runningIndex = -1;
    m_input.reset();
    if (!m_inputImage.isNull()) m_input = std::make_shared<RgbImage>(fromQImage(m_inputImage));
    for (CamEntry& e : m_cams) {
        e.state = camMethodIsPerturbation(e.method) ? CamEntry::ClickToStart : CamEntry::Waiting;
        e.map.reset();
        e.metrics.reset();
        e.note.clear();
    }
    for (AttrEntry& e : m_attrs) {
        const AttributionMethod m = e.method;
        e = AttrEntry();
        e.method = m;
    }
    m_progress->hide();
    m_cancel->hide();
    refreshTiles();
    runNext();
}

void ComparePanel::startMethod(CamMethod method) {
    for (CamEntry& e : m_cams)
        if (e.method == method && (e.state == CamEntry::ClickToStart || e.state == CamEntry::Failed))
            e.state = CamEntry::Waiting;
    refreshTiles();
    runNext();
}

void ComparePanel::runNext() {
    if (m_running || !isShown() || !m_hasModel || !m_hasImage || m_layer.isEmpty()) return;
    const int cls = comparedClass();
    if (m_pages->currentIndex() == 0) {
        for (int i = 0; i < m_cams.size(); ++i) {
            if (m_cams[i].state != CamEntry::Waiting) continue;
            auto job = std::make_shared<CompareCamJob>();
            job->layer = m_layer.toStdString();
            job->method = m_cams[i].method;
            job->classIndex = cls;
            m_cams[i].state = CamEntry::Running;
            m_runningIndex = i;
            m_runningAttr = false;
            m_running = submit(job);
            break;
        }
    } else {
        for (int i = 0; i < m_attrs.size(); ++i) {
            if (m_attrs[i].done || m_attrs[i].failed) continue;
            auto job = std::make_shared<CompareAttributionJob>();
            job->method = m_attrs[i].method;
            job->classIndex = cls;
            m_runningIndex = i;
            m_runningAttr = true;
            m_running = submit(job);
            break;
        }
    }
    m_progress->setVisible(m_running != 0);
    m_cancel->setVisible(m_running != 0);
    m_progress->setRange(0, 0);
    refreshTiles();
}

void ComparePanel::jobProgress(quint64 id, int done, int total, const QString&) {
    if (id != m_running) return;
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
}

void ComparePanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_running) return;
    m_running = 0;
    if (m_runningAttr) {
        auto* j = static_cast<CompareAttributionJob*>(job.get());
        m_attrs[m_runningIndex].done = true;
        m_attrs[m_runningIndex].image = j->image;
    } else {
        auto* j = static_cast<CompareCamJob*>(job.get());
        CamEntry& e = m_cams[m_runningIndex];
        e.state = CamEntry::Done;
        e.map = j->map;
        e.metrics = j->metrics;
        e.note = j->note;
        e.ms = j->ms;
    }
    m_runningIndex = -1;
    refreshTiles();
    emit compareUpdated();
    runNext();
}

void ComparePanel::jobStopped(quint64 id, const QString& error) {
    if (id != m_running) return;
    m_running = 0;
    if (m_runningIndex >= 0) {
        if (m_runningAttr) {
            m_attrs[m_runningIndex].failed = !error.isEmpty();
            m_attrs[m_runningIndex].note = error;
        } else {
            CamEntry& e = m_cams[m_runningIndex];
            // Cancelled: a perturbation method waits for its click again, the others fail.
            e.state = error.isEmpty() && camMethodIsPerturbation(e.method) ? CamEntry::ClickToStart
                                                                          : CamEntry::Failed;
            e.note = error.isEmpty() ? tr("Cancelled") : error;
        }
    }
    m_runningIndex = -1;
    m_progress->hide();
    m_cancel->hide();
    refreshTiles();
    emit compareUpdated();
    if (!error.isEmpty()) runNext();  // the next method; a cancel stops the queue
}

QString ComparePanel::estimate(CamMethod method) const {
    if (m_forwardMs <= 0 || m_layer.isEmpty()) return tr("a forward pass per channel");
    const double s = estimateCamSeconds(m_config, m_layer.toStdString(), method, m_forwardMs);
    return s < 90 ? tr("about %1 s").arg(std::max(1, int(s + 0.5)))
                  : tr("about %1 min").arg(std::max(2, int(s / 60 + 0.5)));
}

void ComparePanel::setSort(Sort sort) {
    m_sortKey = sort;
    m_sort->setCurrentIndex(m_sort->findData(int(sort)));
    layoutTiles();
}

QVector<CamMethod> ComparePanel::shownOrder() const {
    QVector<int> order(m_cams.size());
    std::iota(order.begin(), order.end(), 0);
    if (m_sortKey != Sort::Cost) {
        const auto key = [this](int i) {
            const auto& m = m_cams[i].metrics;
            if (!m) return -1e300;  // not computed (yet): after the computed ones
            return m_sortKey == Sort::Road ? m->roadCombined : m->confidenceChange;
        };
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
    }
    QVector<CamMethod> out;
    for (int i : order) out << m_cams[i].method;
    return out;
}

void ComparePanel::refreshTiles() {
    const QString title =
        m_layer.isEmpty() ? tr("Select a layer in the network tree.")
                          : tr("<b>%1</b> · class %2").arg(m_layer.toHtmlEscaped()).arg(
                                comparedClass() < 0 ? tr("top-1")
                                : [&] {
                                      for (const auto& p : m_top)
                                          if (p.index == comparedClass())
                                              return QString::fromStdString(p.label).toHtmlEscaped();
                                      return QString::number(comparedClass());
                                  }());
    m_title->setText(title);
    for (int i = 0; i < m_cams.size(); ++i) {
        const CamEntry& e = m_cams[i];
        QImage image;
        QString line1, line2;
        if (e.state == CamEntry::Done && e.map && m_input)
            image = camOverlay(*m_input, *e.map, Colormap::Inferno, 0.55);
        switch (e.state) {
            case CamEntry::Waiting: line1 = tr("waiting"); break;
            case CamEntry::ClickToStart:
                line1 = tr("click to compute");
                line2 = estimate(e.method);
                break;
            case CamEntry::Running: line1 = tr("computing…"); break;
            case CamEntry::Failed: line1 = e.note; break;
            case CamEntry::Done:
                if (e.metrics) {
                    line1 = tr("ROAD %1").arg(e.metrics->roadCombined, 0, 'f', 3);
                    line2 = tr("conf. %1").arg(e.metrics->confidenceChange, 0, 'f', 2);
                } else {
                    line1 = tr("no ROAD (constant map)");
                }
                break;
        }
        const QString tip =
            e.state == CamEntry::Done && e.metrics
                ? tr("%1: ROAD %2 (least relevant removed %3, most relevant removed %4), "
                     "confidence change %5; %6 ms. Click to open it in Where it looks.")
                      .arg(camName(e.method))
                      .arg(e.metrics->roadCombined, 0, 'f', 3)
                      .arg(e.metrics->roadLerf, 0, 'f', 3)
                      .arg(e.metrics->roadMorf, 0, 'f', 3)
                      .arg(e.metrics->confidenceChange, 0, 'f', 3)
                      .arg(int(e.ms))
                : camName(e.method);
        m_camTiles[i]->set(image, camName(e.method), line1, line2, tip);
    }
    for (int i = 0; i < m_attrs.size(); ++i) {
        const AttrEntry& e = m_attrs[i];
        const bool running = m_running && m_runningAttr && m_runningIndex == i;
        m_attrTiles[i]->set(e.image, attributionName(e.method),
                            e.done ? QString() : e.failed ? e.note : running ? tr("computing…") : tr("waiting"),
                            QString(), attributionName(e.method));
    }
    layoutTiles();
}

void ComparePanel::layoutTiles() {
    // As many columns as fit tiles of at least 9 lines of text; the tiles grow with the room.
    const int avail = std::max(100, m_pages->width() - 40);
    const int minSide = 9 * fontMetrics().height();
    const int spacing = 8;
    const int cols = std::clamp((avail + spacing) / (minSide + spacing), 1, 6);
    const int side = std::max(minSide, (avail - (cols - 1) * spacing) / cols);
    const auto place = [&](QWidget* grid, const QVector<CompareTile*>& tiles, const QVector<int>& order) {
        auto* g = static_cast<QGridLayout*>(grid->layout());
        g->setSpacing(spacing);
        for (auto* t : tiles) g->removeWidget(t);
        for (int k = 0; k < order.size(); ++k) {
            tiles[order[k]]->setSide(side);
            g->addWidget(tiles[order[k]], k / cols, k % cols);
        }
    };
    QVector<int> camOrder;
    for (const CamMethod m : shownOrder())
        for (int i = 0; i < m_cams.size(); ++i)
            if (m_cams[i].method == m) camOrder << i;
    QVector<int> attrOrder(m_attrs.size());
    std::iota(attrOrder.begin(), attrOrder.end(), 0);
    place(m_camGrid, m_camTiles, camOrder);
    place(m_attrGrid, m_attrTiles, attrOrder);
}

}  // namespace ds::ui

