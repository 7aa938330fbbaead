#pragma once
// Lesson mode: the full-screen presenter. One step of a lesson at a time (lesson.h), drawn
// large from the live model (lesson_paint.h), stepped like slides. It is a window of its own
// over the workbench, so leaving it (Esc) finds the workbench exactly as it was.
//
// Keys: Right/Down/PgDn/Space/Enter or a left click: next; Left/Up/PgUp/Backspace: previous;
// Home/End; digits then Enter: jump; B or '.': black, W or ',': white, any key back; Esc
// leaves; F5 (clickers send it) does nothing; ? or F1: the keys; H: the speaker notes strip
// (with a second screen the notes are in a window there); E: editRequested(). Clicks inside a
// step act on it: a channel or tile shows large (a click on it returns), a prediction bar marks
// that class (on a CAM step: where it looks for that class), a heat map shows its block.
//
// Ready when the key is pressed: every step that needs the model is prepared in the
// background when the lesson opens, one job at a time in step order from the step shown (the
// step shown first when it is not ready), as AnalysisJobs on the window's InferenceWorker,
// each step with its own kind ("lesson-step-N") so that they do not supersede each other. A
// step not ready yet shows its progress in place; the keys keep working.
#include <QElapsedTimer>
#include <QPointer>
#include <QVector>
#include <QWidget>

#include <memory>

#include "lesson.h"
#include "lesson_paint.h"
#include "lesson_prepare.h"
#include "worker_types.h"

namespace ds::ui {

class InferenceWorker;
class AnalysisJob;
class LessonNotesWindow;

// One step's preparation as a worker job.
class LessonStepJob;

class LessonMode : public QWidget {
    Q_OBJECT
public:
    enum class Blank { None, Black, White };

    // `parent`: the workbench (lesson mode is a separate window that closes with it).
    LessonMode(InferenceWorker* worker, QWidget* parent = nullptr);
    ~LessonMode() override;

    // The lesson and the step to show (clamped). Preparation starts once a model is known.
    void setLesson(const Lesson& lesson, int step = 0);
    // The loaded model (the workbench's): (re)starts every step's preparation.
    void setModel(const ModelInfo& info);
    // Optimisation steps of a visualise step (the Visualise panel's default: 128).
    void setVisualizeSteps(int steps) { m_visualizeSteps = steps; }
    // What a step that names no layer shows (the workbench's layer).
    void setFallbackLayer(const QString& layer) { m_fallbackLayer = layer; }
    // Shows the window full screen on the workbench's screen (or at `size` when valid: for
    // screenshots and tests).
    void present(const QSize& size = {});

    const Lesson& lesson() const { return m_lesson; }
    int currentStep() const { return m_index; }
    int stepCount() const { return int(m_lesson.steps.size()); }
    void goTo(int step);
    void next() { goTo(m_index + 1); }
    void previous() { goTo(m_index - 1); }
    Blank blank() const { return m_blank; }
    bool helpShown() const { return m_help; }
    bool notesShown() const { return m_notesShown; }
    QString typedNumber() const { return m_digits; }
    bool stepReady(int step) const;
    int stepsReady() const;
    bool allReady() const { return stepsReady() == stepCount(); }
    double stepProgress(int step) const;  // 0..1
    // What the last paint drew (tests: text sizes, overflows, the places a click acts on).
    const LessonPaintReport& lastReport() const { return m_report; }
    const LessonViewState& viewState() const { return m_slots.isEmpty() ? m_noView : m_slots[m_index].view; }
    QWidget* notesWindow() const;
    QRect pageRect() const;  // where the step is drawn (the rest: the notes strip)
    static QString keysHelp();  // the help overlay's text

    // Tests and the benchmark: the current page as it is painted now.
    QImage grabPage();

signals:
    void stepChanged(int step);
    // The step was painted (after a key, a click or its preparation finishing).
    void stepPainted(int step, bool ready);
    void stepReadyChanged(int step);
    void allStepsReady();
    void editRequested();
    void left();  // Esc: the window closed, the workbench is in front again

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Slot {
        std::shared_ptr<LessonStepJob> job;
        quint64 id = 0;
        bool ready = false;
        double progress = 0;
        std::shared_ptr<StepData> data;
        ResolvedStep step;
        LessonViewState view;
        int classOverride = -2;  // a CAM step's class chosen by a click (-2: the step's)
    };
    void restartPreparation();
    void scheduleNext();  // one job at a time: the shown step first, then in order
    void request(int step);
    void onFinished(quint64 id, const std::shared_ptr<AnalysisJob>& job);
    void onCancelled(quint64 id);
    void onProgress(quint64 id, int done, int total);
    void onFailed(quint64 id, RequestKind kind, const QString& message);
    void click(const QPointF& at);
    void updateNotes();
    void paintNotes(QPainter& painter, const QRect& strip);
    void paintHelp(QPainter& painter);
    void leave();

    InferenceWorker* m_worker;
    Lesson m_lesson;
    int m_index = 0;
    QVector<Slot> m_slots;
    std::optional<ModelInfo> m_model;
    QString m_fallbackLayer;
    Blank m_blank = Blank::None;
    bool m_help = false;
    bool m_notesShown = true;
    QString m_digits;
    LessonPaintReport m_report;
    LessonViewState m_noView;
    quint64 m_running = 0;  // the id of the job in flight (0: none)
    int m_runningStep = -1;
    bool m_leaving = false;
    int m_visualizeSteps = 128;
    QPointer<LessonNotesWindow> m_notes;
};

}  // namespace ds::ui
