// Lesson mode's background preparation (lesson_mode.h): every step that needs the model as a
// job on the window's InferenceWorker, one at a time, the step shown first; the worker's
// answers (finished, cancelled, failed, progress) fill the steps' slots.
#include <QTimer>

#include <algorithm>

#include "analysis_job.h"
#include "inference_worker.h"
#include "lesson_mode.h"

namespace ds::ui {

// One step's preparation as a worker job: a StepPreparer made on the worker thread with the
// image it has there.
class LessonStepJob : public AnalysisJob {
public:
    LessonStepJob(const Lesson& lesson, int index, const DenseNetConfig& config, QString fallbackLayer,
                  int classOverride, int visualizeSteps)
        : m_lesson(lesson), m_index(index), m_config(config), m_fallbackLayer(std::move(fallbackLayer)),
          m_visualizeSteps(visualizeSteps) {
        if (classOverride >= -1) m_lesson.steps[index].classIndex = classOverride;
        m_step = resolveStep(m_lesson, index, config, m_fallbackLayer);
    }
    QString kind() const override { return QStringLiteral("lesson-step-%1").arg(m_index); }
    int needs() const override {
        return m_step.imagePath.isEmpty() ? NeedsModel | NeedsImage : int(NeedsModel);
    }
    bool step(AnalysisContext& context) override {
        if (!m_preparer)
            m_preparer = std::make_unique<StepPreparer>(m_lesson, m_index, m_config, context.image,
                                                        m_fallbackLayer, m_visualizeSteps);
        const bool done = m_preparer->run(context.engine, context.cancelled);
        context.progress(m_preparer->done(), m_preparer->total(), {});
        return done;
    }
    int index() const { return m_index; }
    const ResolvedStep& resolved() const { return m_step; }
    std::shared_ptr<StepData> data() const { return m_preparer ? m_preparer->data() : nullptr; }

private:
    Lesson m_lesson;
    int m_index;
    DenseNetConfig m_config;
    QString m_fallbackLayer;
    int m_visualizeSteps;
    ResolvedStep m_step;
    std::unique_ptr<StepPreparer> m_preparer;
};

void LessonMode::restartPreparation() {
    if (m_worker && m_running) m_worker->cancelAnalysis(m_running);
    m_running = 0;
    m_runningStep = -1;
    QVector<Slot> fresh(m_lesson.steps.size());
    for (int i = 0; i < fresh.size() && i < m_slots.size(); ++i) fresh[i].view = m_slots[i].view;
    m_slots = fresh;
    if (!m_model) return;
    for (int i = 0; i < m_slots.size(); ++i) {
        m_slots[i].step = resolveStep(m_lesson, i, m_model->config, m_fallbackLayer);
        if (!stepNeedsEngine(m_lesson.steps[i].kind) || !m_lesson.steps[i].problem.isEmpty()) {
            StepPreparer done(m_lesson, i, m_model->config, RgbImage{}, m_fallbackLayer);
            m_slots[i].data = done.data();
            m_slots[i].ready = true;
            m_slots[i].progress = 1;
        }
    }
    QTimer::singleShot(0, this, &LessonMode::scheduleNext);
}

void LessonMode::scheduleNext() {
    if (!m_worker || !m_model || m_running || m_leaving) return;
    if (allReady()) return;
    int pick = -1;
    if (m_index < m_slots.size() && !m_slots[m_index].ready) pick = m_index;
    for (int k = 0; pick < 0 && k < m_slots.size(); ++k) {
        const int i = (m_index + k) % int(m_slots.size());
        if (!m_slots[i].ready) pick = i;
    }
    if (pick >= 0) request(pick);
}

void LessonMode::request(int step) {
    Slot& slot = m_slots[step];
    slot.job = std::make_shared<LessonStepJob>(m_lesson, step, m_model->config, m_fallbackLayer, slot.classOverride,
                                               m_visualizeSteps);
    slot.step = slot.job->resolved();
    slot.progress = 0;
    m_runningStep = step;
    m_running = m_worker->requestAnalysis(slot.job);
    slot.id = m_running;
}

void LessonMode::onFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job) {
    if (id != m_running || m_runningStep < 0) return;
    Slot& slot = m_slots[m_runningStep];
    const auto* lj = static_cast<const LessonStepJob*>(job.get());
    slot.data = lj->data();
    slot.ready = slot.data != nullptr;
    slot.progress = 1;
    const int step = m_runningStep;
    m_running = 0;
    m_runningStep = -1;
    emit stepReadyChanged(step);
    if (step == m_index) update();
    if (allReady()) {
        update();  // the strip's count
        emit allStepsReady();
    }
    scheduleNext();
}

void LessonMode::onCancelled(quint64 id) {
    if (id != m_running) return;
    m_running = 0;
    m_runningStep = -1;
    // The image or model changed under it: prepared again (the model: setModel() restarts).
    QTimer::singleShot(0, this, &LessonMode::scheduleNext);
}

void LessonMode::onFailed(quint64 id, RequestKind kind, const QString& message) {
    if (kind != RequestKind::Analysis || id != m_running || m_runningStep < 0) return;
    Slot& slot = m_slots[m_runningStep];
    slot.data = std::make_shared<StepData>();
    slot.data->error = message;
    slot.ready = true;
    const int step = m_runningStep;
    m_running = 0;
    m_runningStep = -1;
    emit stepReadyChanged(step);
    if (step == m_index) update();
    scheduleNext();
}

void LessonMode::onProgress(quint64 id, int done, int total) {
    if (id != m_running || m_runningStep < 0 || total <= 0) return;
    m_slots[m_runningStep].progress = std::clamp(double(done) / total, 0.0, 1.0);
    update();  // the shown step's bar, or the strip's
}

bool LessonMode::stepReady(int step) const {
    return step >= 0 && step < m_slots.size() && m_slots[step].ready;
}

int LessonMode::stepsReady() const {
    return int(std::count_if(m_slots.begin(), m_slots.end(), [](const Slot& s) { return s.ready; }));
}

double LessonMode::stepProgress(int step) const {
    return step >= 0 && step < m_slots.size() ? m_slots[step].progress : 0;
}

}  // namespace ds::ui
