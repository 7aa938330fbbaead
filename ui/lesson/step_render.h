#pragma once
// One lesson step as a picture, with no window and no worker: for the handout, the CLI and
// tests. Prepares the step synchronously on `engine` (which holds the lesson's model: the
// caller loads it) and draws exactly what lesson mode shows at that size (lesson_paint.h),
// without the speaker-note strip. A step that cannot be shown (a missing image or folder, no
// model loaded) is drawn with its reason. Needs a QGuiApplication (fonts); any platform,
// offscreen included.
#include <QImage>
#include <QSize>

#include "densescope/engine.h"
#include "lesson.h"

namespace ds::ui {

// `visualizeSteps`: the optimisation steps of a visualise step (lesson mode's by default;
// fewer for quick handouts and tests).
QImage renderLessonStep(const Lesson& lesson, int index, ds::Engine& engine, QSize size,
                        int visualizeSteps = 128);

}  // namespace ds::ui
