// Lesson mode, the presenter (lesson_mode.h): the lesson and the model it shows, the steps'
// navigation, the keys and the clicks, the notes window's place, and leaving. The preparation
// in the background is in lesson_mode_preparation.cpp, the painting in lesson_mode_paint.cpp.
#include "lesson_mode.h"

#include <QCloseEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScreen>
#include <QTimer>

#include <algorithm>

#include "inference_worker.h"
#include "lesson_mode_internal.h"

namespace ds::ui {

LessonMode::LessonMode(InferenceWorker* worker, QWidget* parent)
    : QWidget(parent, Qt::Window), m_worker(worker) {
    setObjectName(QStringLiteral("lessonMode"));
    setWindowTitle(tr("Lesson"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(false);
    if (m_worker) {
        connect(m_worker, &InferenceWorker::analysisFinished, this, &LessonMode::onFinished);
        connect(m_worker, &InferenceWorker::analysisCancelled, this,
                [this](quint64 id, const QString&) { onCancelled(id); });
        connect(m_worker, &InferenceWorker::analysisProgress, this,
                [this](quint64 id, const QString&, int done, int total, const QString&) { onProgress(id, done, total); });
        connect(m_worker, &InferenceWorker::failed, this, &LessonMode::onFailed);
    }
}

LessonMode::~LessonMode() {
    if (m_worker && m_running) m_worker->cancelAnalysis(m_running);
    if (m_notes) m_notes->close();
}

namespace {
// Whether two lessons show the same things (titles and notes may differ): then what was
// prepared for one serves the other.
bool sameViews(const Lesson& a, const Lesson& b) {
    if (a.image != b.image || a.variant != b.variant || a.weights != b.weights ||
        a.steps.size() != b.steps.size())
        return false;
    for (int i = 0; i < a.steps.size(); ++i) {
        const LessonStep &x = a.steps[i], &y = b.steps[i];
        if (x.kind != y.kind || x.image != y.image || x.layer != y.layer || x.channel != y.channel ||
            x.classIndex != y.classIndex || x.method != y.method || x.folder != y.folder ||
            x.block != y.block || x.problem != y.problem)
            return false;
    }
    return true;
}
}  // namespace

void LessonMode::setLesson(const Lesson& lesson, int step) {
    const bool same = sameViews(lesson, m_lesson) && m_slots.size() == lesson.steps.size();
    m_lesson = lesson;
    m_index = std::clamp(step, 0, std::max(0, int(m_lesson.steps.size()) - 1));
    m_blank = Blank::None;
    m_help = false;
    m_digits.clear();
    if (!same) {
        restartPreparation();
    } else {  // what was prepared stays; what was not goes on
        for (Slot& slot : m_slots) slot.view = {};
        QTimer::singleShot(0, this, &LessonMode::scheduleNext);
    }
    update();
    updateNotes();
}

void LessonMode::setModel(const ModelInfo& info) {
    if (m_model && m_model->id == info.id) return;  // the same model: what is prepared stays
    m_model = info;
    restartPreparation();
    update();
}

void LessonMode::goTo(int step) {
    if (m_lesson.steps.isEmpty()) return;
    step = std::clamp(step, 0, int(m_lesson.steps.size()) - 1);
    if (step == m_index) return;
    m_index = step;
    emit stepChanged(step);
    repaint();  // now: the time to show a step is measured from the key
    updateNotes();
    if (!m_running) scheduleNext();
}

QWidget* LessonMode::notesWindow() const { return m_notes; }

void LessonMode::present(const QSize& size) {
    QScreen* where = parentWidget() && parentWidget()->screen() ? parentWidget()->screen()
                                                                : QGuiApplication::primaryScreen();
    if (where) setScreen(where);
    if (size.isValid()) {
        resize(size);
        show();
    } else {
        if (where) setGeometry(where->geometry());
        showFullScreen();
    }
    raise();
    activateWindow();
    setFocus();
    updateNotes();
}

void LessonMode::updateNotes() {
    const QList<QScreen*> screens = QGuiApplication::screens();
    const bool second = screens.size() > 1 && isVisible();
    if (second && m_notesShown) {
        if (!m_notes) {
            m_notes = new LessonNotesWindow(this);
            QScreen* mine = screen();
            QScreen* other = nullptr;
            for (QScreen* s : screens)
                if (s != mine) { other = s; break; }
            if (other) {
                m_notes->setScreen(other);
                m_notes->setGeometry(other->availableGeometry());
            }
            m_notes->show();
        }
        m_notes->update();
    } else if (m_notes) {
        m_notes->close();
    }
}

void LessonMode::leave() {
    if (m_leaving) return;
    m_leaving = true;
    if (m_worker && m_running) m_worker->cancelAnalysis(m_running);
    m_running = 0;
    m_runningStep = -1;
    if (m_notes) m_notes->close();
    hide();
    emit left();
    m_leaving = false;
}

void LessonMode::closeEvent(QCloseEvent* event) {
    leave();
    event->accept();
}

bool LessonMode::event(QEvent* event) {
    // Tab and Backtab are keys of the lesson too (no focus chain to walk).
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) {
            keyPressEvent(key);
            return true;
        }
    }
    if (event->type() == QEvent::ShortcutOverride) {  // the workbench's shortcuts stay out
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

void LessonMode::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    event->accept();
    if (key == Qt::Key_F5 || key == Qt::Key_Shift || key == Qt::Key_Control || key == Qt::Key_Alt ||
        key == Qt::Key_Meta)
        return;  // clickers' "start show" and lone modifiers: nothing
    if (m_blank != Blank::None) {  // any key back
        m_blank = Blank::None;
        update();
        return;
    }
    if (m_help && key != Qt::Key_Question && key != Qt::Key_F1) {
        m_help = false;
        update();
        if (key == Qt::Key_Escape) return;
    }
    if (key >= Qt::Key_0 && key <= Qt::Key_9 && !(event->modifiers() & Qt::ControlModifier)) {
        if (m_digits.size() < 4) m_digits += QChar('0' + (key - Qt::Key_0));
        update();
        return;
    }
    const bool typed = !m_digits.isEmpty();
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (typed) {
            const int n = m_digits.toInt();
            m_digits.clear();
            if (n >= 1) goTo(n - 1);
            update();
        } else {
            next();
        }
        return;
    default:
        break;
    }
    if (typed) {
        m_digits.clear();
        update();
        if (key == Qt::Key_Escape) return;  // Esc drops the number first
    }
    switch (key) {
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        next();
        break;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
    case Qt::Key_Backspace:
        previous();
        break;
    case Qt::Key_Home:
        goTo(0);
        break;
    case Qt::Key_End:
        goTo(stepCount() - 1);
        break;
    case Qt::Key_B:
    case Qt::Key_Period:
        m_blank = Blank::Black;
        update();
        break;
    case Qt::Key_W:
    case Qt::Key_Comma:
        m_blank = Blank::White;
        update();
        break;
    case Qt::Key_Question:
    case Qt::Key_F1:
        m_help = !m_help;
        update();
        break;
    case Qt::Key_H:
        m_notesShown = !m_notesShown;
        updateNotes();
        update();
        break;
    case Qt::Key_E:
        emit editRequested();
        break;
    case Qt::Key_Escape:
        close();
        break;
    default:
        if (event->text() == QLatin1String("?")) {
            m_help = !m_help;
            update();
        }
        break;
    }
}

void LessonMode::click(const QPointF& at) {
    if (m_slots.isEmpty()) return next();
    Slot& slot = m_slots[m_index];
    // The last hit drawn on top wins: later hits come later in the list.
    const LessonHit* hit = nullptr;
    for (const LessonHit& h : m_report.hits)
        if (h.rect.contains(at)) hit = &h;
    if (!hit) return next();
    switch (hit->kind) {
    case LessonHit::Back:
        slot.view.focus = -1;
        break;
    case LessonHit::Channel:
    case LessonHit::Tile:
    case LessonHit::Block:
        slot.view.focus = hit->value;
        break;
    case LessonHit::Prediction: {
        const LessonStepKind kind = m_lesson.steps[m_index].kind;
        if (kind == LessonStepKind::Cam || kind == LessonStepKind::CamStrip) {
            // Where it looks for that class: this step prepared again for it, at once.
            if (slot.data && slot.data->cam && slot.data->cam->target.index == hit->value) break;
            slot.classOverride = hit->value;
            slot.ready = false;
            slot.progress = 0;
            if (m_running && m_worker) m_worker->cancelAnalysis(m_running);
            m_running = 0;
            m_runningStep = -1;
            request(m_index);
        } else {
            slot.view.markedClass = slot.view.markedClass == hit->value ? -1 : hit->value;
        }
        break;
    }
    }
    repaint();
}

void LessonMode::mousePressEvent(QMouseEvent* event) {
    event->accept();
    if (m_blank != Blank::None || m_help) {
        m_blank = Blank::None;
        m_help = false;
        update();
        return;
    }
    if (event->button() == Qt::LeftButton) click(event->position());
}

}  // namespace ds::ui
