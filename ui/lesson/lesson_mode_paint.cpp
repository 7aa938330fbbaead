// Lesson mode's painting (lesson_mode.h): the page (lesson_paint.h), the black or white screen,
// the number being typed, the keys' help overlay, the speaker notes strip with the
// preparation's line, and the notes window on a second screen.
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

#include <algorithm>

#include "lesson_mode_internal.h"

namespace ds::ui {

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

QRect LessonMode::pageRect() const {
    if (!m_notesShown || m_notes) return rect();
    // The strip: a quarter of the width.
    const int strip = width() / 4;
    return QRect(0, 0, width() - strip, height());
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

QImage LessonMode::grabPage() { return grab().toImage(); }

}  // namespace ds::ui
