#include "cam_faithfulness.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "analysis_job.h"
#include "densescope/errors.h"
#include "inference_worker.h"

namespace ds::ui {
namespace {

class FaithfulnessJob : public AnalysisJob {
public:
    CamMap map;
    int classIndex = 0;
    std::optional<FaithfulnessMetrics> result;

    QString kind() const override { return QStringLiteral("cam-faithfulness"); }
    bool step(AnalysisContext& c) override {
        if (!c.image.valid())
            throw Error(CamFaithfulness::tr("There is no image to measure yet.").toStdString());
        result = faithfulness(c.engine, c.image, map, classIndex, [&c](int done, int total) {
            c.progress(done, total, QString());
            return !c.cancelled();
        });
        return true;
    }
};

bool sameMap(const CamMap& a, const CamMap& b) {
    return a.layer == b.layer && a.height == b.height && a.width == b.width && a.values == b.values;
}

}  // namespace

CamFaithfulness::CamFaithfulness(std::function<InferenceWorker*()> worker, QWidget* parent)
    : QWidget(parent), m_workerOf(std::move(worker)) {
    setObjectName(QStringLiteral("camFaithfulness"));
    m_title = new QLabel;
    m_button = new QPushButton;
    m_button->setObjectName(QStringLiteral("camFaithfulnessMeasure"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 2 * kRoadSteps + 2);
    m_progress->setTextVisible(false);
    m_result = new QLabel;
    m_result->setObjectName(QStringLiteral("camFaithfulnessResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(m_title, 0, 0);
    layout->addWidget(m_button, 0, 1);
    layout->addWidget(m_progress, 1, 0, 1, 2);
    layout->addWidget(m_result, 2, 0, 1, 2);
    connect(m_button, &QPushButton::clicked, this, [this] {
        if (m_running)
            stop();
        else
            measure();
    });
    retranslate();
}

void CamFaithfulness::retranslate() {
    m_title->setText(tr("<b>Faithfulness</b>"));
    const QString explain =
        tr("Does the map show what the network really uses? ROAD fills in the image where the map "
           "is brightest (MoRF) or darkest (LeRF) and measures the class's score (logit) again; "
           "combined = (LeRF − MoRF) / 2, higher is more faithful. Confidence change: the score "
           "of the image multiplied by the map, minus the score of the image.");
    setToolTip(explain);
    m_result->setToolTip(explain);
    m_button->setToolTip(tr("Measure the shown map's faithfulness (20 passes through the network)"));
    showState();
}

void CamFaithfulness::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void CamFaithfulness::setMap(const CamMap* map, int classIndex) {
    const bool same = map && m_map && sameMap(*map, *m_map) && classIndex == m_classIndex;
    if (same) return;
    if (m_running) stop();
    m_metrics.reset();
    m_error.clear();
    if (map)
        m_map = *map;
    else
        m_map.reset();
    m_classIndex = classIndex;
    showState();
}

void CamFaithfulness::connectWorker(InferenceWorker* worker) {
    if (m_connected == worker) return;
    if (m_connected) disconnect(m_connected, nullptr, this, nullptr);
    m_connected = worker;
    connect(worker, &InferenceWorker::analysisProgress, this,
            [this](quint64 id, const QString&, int done, int total, const QString&) {
                if (id != m_running) return;
                m_progress->setRange(0, total);
                m_progress->setValue(done);
            });
    connect(worker, &InferenceWorker::analysisFinished, this,
            [this](quint64 id, const std::shared_ptr<AnalysisJob>& job) {
                if (id != m_running) return;
                m_running = 0;
                m_metrics = static_cast<const FaithfulnessJob*>(job.get())->result;
                showState();
                emit measured();
            });
    connect(worker, &InferenceWorker::analysisCancelled, this, [this](quint64 id, const QString&) {
        if (id != m_running) return;
        m_running = 0;
        showState();
    });
    connect(worker, &InferenceWorker::failed, this,
            [this](quint64 id, RequestKind kind, const QString& message) {
                if (kind != RequestKind::Analysis || id != m_running) return;
                m_running = 0;
                m_error = message;
                showState();
            });
}

void CamFaithfulness::measure() {
    InferenceWorker* worker = m_workerOf ? m_workerOf() : nullptr;
    if (!worker || !m_map || m_classIndex < 0 || m_running) return;
    connectWorker(worker);
    auto job = std::make_shared<FaithfulnessJob>();
    job->map = *m_map;
    job->classIndex = m_classIndex;
    m_error.clear();
    m_metrics.reset();
    m_progress->setValue(0);
    m_running = worker->requestAnalysis(job);
    showState();
}

void CamFaithfulness::stop() {
    if (m_running && m_connected) m_connected->cancelAnalysis(m_running);
    m_running = 0;
    showState();
}

void CamFaithfulness::showState() {
    m_button->setText(m_running ? tr("Cancel") : tr("Measure"));
    m_button->setEnabled(m_running || (m_map && m_classIndex >= 0));
    m_progress->setVisible(m_running != 0);
    const auto number = [](double v) { return QString::number(v, 'f', 3).replace('-', QChar(0x2212)); };
    if (m_running) {
        m_result->setText(tr("Measuring…"));
    } else if (m_metrics) {
        m_result->setText(tr("ROAD <b>%1</b> (MoRF %2, LeRF %3)<br>Confidence change %4")
                              .arg(number(m_metrics->roadCombined), number(m_metrics->roadMorf),
                                   number(m_metrics->roadLerf), number(m_metrics->confidenceChange)));
    } else if (!m_error.isEmpty()) {
        m_result->setText(tr("Could not measure: %1").arg(m_error.toHtmlEscaped()));
    } else {
        m_result->setText(m_map ? tr("Not measured for this map yet.") : QString());
    }
}

}  // namespace ds::ui
