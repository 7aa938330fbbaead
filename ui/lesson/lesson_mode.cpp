#include "lesson_mode.h"

#include <QCloseEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScreen>
#include <QTimer>

#include <algorithm>

#include "analysis_job.h"
#include "densescope/errors.h"
#include "inference_worker.h"

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

// The speaker notes on a second screen: the step's title, its note and what comes next.
class LessonNotesWindow : public QWidget {
public:
    explicit LessonNotesWindow(LessonMode* mode) : QWidget(nullptr, Qt::Window), m_mode(mode) {
        setObjectName(QStringLiteral("lessonNotes"));
        setWindowTitle(LessonMode::tr("Lesson notes"));
        setAttribute(Qt::WA_DeleteOnClose);
    }
    void keyPressEvent(QKeyEvent* event) override {  // the keys work from here too
        if (m_mode) QCoreApplication::sendEvent(m_mode, event);
    }
    void paintEvent(QPaintEvent*) override;

private:
    QPointer<LessonMode> m_mode;
};

namespace {

QFont pixelFont(int px, bool bold = false) {
    QFont f = QGuiApplication::font();
    f.setPixelSize(std::max(1, px));
    f.setBold(bold);
    return f;
}

// Draws `text` wrapped in `r`, as large as fits between maxPx and minPx.
void fitted(QPainter& p, const QRectF& r, const QString& text, int maxPx, int minPx, bool bold,
            const QColor& color, int flags = Qt::AlignLeft | Qt::AlignTop,
            LessonPaintReport* report = nullptr) {
    for (int px = maxPx;; px = std::max(minPx, px - std::max(1, px / 12))) {
        const QFont f = pixelFont(px, bold);
        const QRectF need = QFontMetricsF(f).boundingRect(r, flags | Qt::TextWordWrap, text);
        const bool fits = need.width() <= r.width() + 0.5 && need.height() <= r.height() + 0.5;
        if (fits || px == minPx) {
            if (!fits && report) report->overflows << text;
            if (report) report->smallestTextPx = std::min(report->smallestTextPx, px);
            p.setFont(f);
            p.setPen(color);
            p.drawText(withoutOrphanLine(f, r, flags, text), flags | Qt::TextWordWrap, text);
            return;
        }
    }
}

void paintNoteText(QPainter& p, const QRectF& r, const Lesson& lesson, int index, int height,
                   LessonPaintReport* report) {
    const int body = LessonPainter::bodyPx(height), small = LessonPainter::smallestPx(height);
    if (index < 0 || index >= lesson.steps.size()) return;
    const LessonStep& s = lesson.steps[index];
    const QString nextTitle = index + 1 < lesson.steps.size()
                                  ? LessonMode::tr("Next: %1").arg(lesson.steps[index + 1].title)
                                  : LessonMode::tr("Next: the end of the lesson");
    const qreal nextH = QFontMetricsF(pixelFont(small)).boundingRect(r, Qt::TextWordWrap, nextTitle).height() + small;
    const QString note = s.note.isEmpty() ? LessonMode::tr("(no note for this step)") : s.note;
    fitted(p, QRectF(r.left(), r.top(), r.width(), r.height() - nextH), note, body, small, false,
           QColor(0x1a, 0x1a, 0x1a), Qt::AlignLeft | Qt::AlignTop, report);
    fitted(p, QRectF(r.left(), r.bottom() - nextH, r.width(), nextH), nextTitle, small, small, false,
           QColor(0x55, 0x5b, 0x66), Qt::AlignLeft | Qt::AlignBottom, report);
}

}  // namespace

void LessonNotesWindow::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0xf4, 0xf1, 0xe8));
    if (!m_mode) return;
    const int h = height();
    const qreal m = h / 30.0;
    const Lesson& lesson = m_mode->lesson();
    const int i = m_mode->currentStep();
    if (i < 0 || i >= lesson.steps.size()) return;
    const QString head = LessonMode::tr("Step %1 of %2: %3").arg(i + 1).arg(lesson.steps.size()).arg(lesson.steps[i].title);
    const QRectF headRect(m, m, width() - 2 * m, h * 0.15);
    fitted(p, headRect, head, LessonPainter::titlePx(h) * 3 / 4, LessonPainter::smallestPx(h), true, Qt::black);
    paintNoteText(p, QRectF(m, headRect.bottom() + m / 2, width() - 2 * m, h - headRect.bottom() - 1.5 * m), lesson, i, h,
                  nullptr);
}

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

QRect LessonMode::pageRect() const {
    if (!m_notesShown || m_notes) return rect();
    // The strip: a quarter of the width.
    const int strip = width() / 4;
    return QRect(0, 0, width() - strip, height());
}

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

void LessonMode::paintNotes(QPainter& p, const QRect& strip) {
    p.fillRect(strip, QColor(0xf4, 0xf1, 0xe8));
    const int h = height();
    const qreal m = h / 36.0;
    const int small = LessonPainter::smallestPx(h);
    // The background preparation, unobtrusive: one line at the bottom of the strip.
    QString status;
    if (m_model && !allReady())
        status = tr("Preparing steps: %1 of %2 ready").arg(stepsReady()).arg(stepCount());
    const qreal statusH = status.isEmpty() ? 0 : QFontMetricsF(pixelFont(small)).height() * 2.4;
    const QRectF r = QRectF(strip).adjusted(m, m, -m, -m - statusH);
    paintNoteText(p, r, m_lesson, m_index, h, &m_report);
    if (!status.isEmpty())
        fitted(p, QRectF(strip.left() + m, strip.bottom() - m - statusH, strip.width() - 2 * m, statusH), status,
               small, small, false, QColor(0x55, 0x5b, 0x66), Qt::AlignLeft | Qt::AlignBottom, &m_report);
}

QString LessonMode::keysHelp() {
    return tr("Next: → ↓ Page Down, Space, Enter or a click\n"
              "Previous: ← ↑ Page Up, Backspace\n"
              "First / last step: Home / End;  a number, then Enter: that step\n"
              "B or . : black screen;  W or , : white screen;  any key: back\n"
              "H: speaker notes on or off;  E: edit the lesson;  ? or F1: these keys\n"
              "Esc: back to the workbench\n"
              "In a step: click a channel, tile or heat map to see it large (click again to go "
              "back); click a prediction to mark it (on a CAM step: where it looks for it).");
}

void LessonMode::paintHelp(QPainter& p) {
    const int h = height();
    const QRectF box = QRectF(rect()).adjusted(width() * 0.06, h * 0.08, -width() * 0.06, -h * 0.08);
    p.fillRect(box, QColor(20, 24, 30, 235));
    const qreal m = h / 30.0;
    const QString title = tr("Keys");
    const int titlePx = LessonPainter::bodyPx(h) * 5 / 4;
    const qreal th = QFontMetricsF(pixelFont(titlePx, true)).height() * 1.3;
    fitted(p, QRectF(box.left() + m, box.top() + m, box.width() - 2 * m, th), title, titlePx,
           LessonPainter::bodyPx(h), true, Qt::white, Qt::AlignLeft | Qt::AlignTop, &m_report);
    fitted(p, box.adjusted(m, m + th, -m, -m), keysHelp(), LessonPainter::bodyPx(h),
           LessonPainter::smallestPx(h), false, Qt::white, Qt::AlignLeft | Qt::AlignTop, &m_report);
}

void LessonMode::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::TextAntialiasing);
    m_report = {};
    if (m_blank != Blank::None) {
        p.fillRect(rect(), m_blank == Blank::Black ? Qt::black : Qt::white);
        emit stepPainted(m_index, stepReady(m_index));
        return;
    }
    const QRect page = pageRect();
    if (m_lesson.steps.isEmpty() || !m_model) {
        p.fillRect(rect(), Qt::white);
        fitted(p, QRectF(rect()).adjusted(height() / 20, height() / 20, -height() / 20, -height() / 20),
               m_lesson.steps.isEmpty() ? tr("This lesson has no steps.") : tr("Loading the model…"),
               LessonPainter::bodyPx(height()), LessonPainter::smallestPx(height()), false, Qt::darkGray,
               Qt::AlignCenter, &m_report);
        return;
    }
    const Slot& slot = m_slots[m_index];
    LessonPaintInput in;
    in.lesson = &m_lesson;
    in.index = m_index;
    in.config = m_model->config;
    in.summary = m_model->summary;
    in.step = slot.step;
    in.data = slot.data.get();
    in.ready = slot.ready;
    in.progress = slot.progress;
    in.view = slot.view;
    // Sizes from the screen's height: the page is as high as the window.
    LessonPainter::paint(p, page, in, &m_report);
    if (page != rect()) paintNotes(p, QRect(page.right() + 1, 0, width() - page.width(), height()));
    if (!m_digits.isEmpty()) {
        const int px = LessonPainter::bodyPx(height());
        const QString text = tr("Go to step %1").arg(m_digits);
        const QFontMetricsF fm(pixelFont(px, true));
        const QRectF box(page.left() + px, page.top() + px, fm.horizontalAdvance(text) + px, fm.height() * 1.4);
        p.fillRect(box, QColor(20, 24, 30, 220));
        p.setFont(pixelFont(px, true));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, text);
    }
    if (m_help) paintHelp(p);
    emit stepPainted(m_index, slot.ready);
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

QImage LessonMode::grabPage() { return grab().toImage(); }

}  // namespace ds::ui
