#pragma once
// Draws one lesson step into a rectangle with QPainter: lesson mode's view (lesson_mode.h) and
// the handout's pictures (step_render.h) both use it, so they show the same thing.
//
// Sizes come from the rectangle's height only (not from the workbench's zoom): body text
// height/28, nothing smaller than height/40, the title height/16 at most. Every text is fitted
// into the room the layout gives it (wrapped, then made smaller down to height/40); what still
// does not fit is recorded in the report (the tests check that nothing is).
#include <QCoreApplication>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

#include "densescope/config.h"
#include "lesson.h"
#include "lesson_prepare.h"

namespace ds::ui {

// A place in the step that reacts to a click.
struct LessonHit {
    enum Kind { Prediction, Channel, Tile, Block, Back };
    QRectF rect;
    Kind kind = Prediction;
    int value = 0;  // the class index, channel, tile or block (1-based)
};

struct LessonPaintReport {
    int smallestTextPx = 1 << 20;
    QStringList overflows;  // texts that did not fit their room even at the smallest size
    QVector<LessonHit> hits;
};

// What the viewer did inside the step (clicks): the channel, tile or block shown large
// (-1: none), the prediction marked (-1: none).
struct LessonViewState {
    int focus = -1;
    int markedClass = -1;
};

struct LessonPaintInput {
    const Lesson* lesson = nullptr;
    int index = 0;
    DenseNetConfig config;
    ModelSummary summary;
    ResolvedStep step;
    const StepData* data = nullptr;  // null or not finished: the preparation's progress is shown
    bool ready = false;
    double progress = -1;  // 0..1 while preparing, -1 unknown
    LessonViewState view;
};

struct LessonPainter {
    // Text sizes for a page `height` pixels high.
    static int bodyPx(int height);
    static int smallestPx(int height);
    static int titlePx(int height);

    static void paint(QPainter& painter, const QRect& page, const LessonPaintInput& input,
                      LessonPaintReport* report = nullptr);

    Q_DECLARE_TR_FUNCTIONS(ds::ui::LessonPainter)
};

// Japanese wraps between any two characters, which can leave one or two on a text's last line
// ("…件完|了"): the slightly narrower room inside `r` (placed as `flags` align) that moves a few
// more down while the text still fits the height; `r` when there is no such orphan.
QRectF withoutOrphanLine(const QFont& font, const QRectF& r, int flags, const QString& text);

}  // namespace ds::ui
