#include "step_render.h"

#include <QPainter>

#include "densescope/errors.h"
#include "lesson_paint.h"
#include "lesson_prepare.h"

namespace ds::ui {

QImage renderLessonStep(const Lesson& lesson, int index, ds::Engine& engine, QSize size,
                        int visualizeSteps) {
    if (index < 0 || index >= lesson.steps.size())
        throw LessonError(QStringLiteral("The lesson has no step %1; its steps are 1 to %2.")
                              .arg(index + 1)
                              .arg(lesson.steps.size())
                              .toStdString());
    size = size.expandedTo(QSize(64, 48));
    DenseNetConfig config;
    if (engine.loaded()) {
        config = engine.config();
    } else {
        try {
            config = DenseNetConfig::variant(lesson.variant.isEmpty() ? std::string("densenet121")
                                                                      : lesson.variant.toStdString());
        } catch (const std::exception&) {
        }
    }
    LessonPaintInput in;
    in.lesson = &lesson;
    in.index = index;
    in.config = config;
    in.summary = summarize(config);
    StepPreparer preparer(lesson, index, config, RgbImage{}, QString(), visualizeSteps);
    in.step = preparer.step();
    if (stepNeedsEngine(in.step.kind) && !engine.loaded() && preparer.data()->error.isEmpty())
        preparer.data()->error = LessonPainter::tr("no model is loaded");
    else
        preparer.runAll(engine);
    const auto data = preparer.data();
    in.data = data.get();
    in.ready = true;
    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    LessonPainter::paint(painter, QRect(QPoint(0, 0), size), in);
    return image;
}

}  // namespace ds::ui
