#pragma once
// The lesson's handout: a PDF (Qt's QPdfWriter, no display needed) with a first page naming
// the lesson, its model, weights and image and listing the steps, then one page per step: its
// title, the view as a picture (drawn by the renderer given, e.g. renderLessonStep of
// step_render.h) and its speaker note. A step that cannot be shown (LessonStep::problem, or a
// renderer that throws) gets its page with the reason instead of the picture.
#include <QImage>
#include <QPageSize>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

#include "lesson.h"

namespace ds::ui {

struct HandoutOptions {
    QString language;  // "en" | "ja": the handout's own words ("" the lesson's, else the app's)
    QPageSize::PageSizeId page = QPageSize::A4;
    // The first page's lines, said for people ("densenet121 · k=32 · blocks 6-12-24-16").
    QString model;
    QString weights;
    QString image;
    QSize viewSize{1280, 720};  // each step is drawn at this size (the projector's)
};

// Draws step `index` (0-based) of the lesson at `size`. May throw std::exception: that page
// then says why.
using StepRenderer = std::function<QImage(int index, QSize size)>;

// "a4" | "letter" (any case); nullopt otherwise.
std::optional<QPageSize::PageSizeId> handoutPageFromName(const QString& name);

// The PDF's bytes: 1 + steps pages. `progress` (optional) is told (steps done, steps) and may
// return false to stop (then ds::Cancelled is thrown).
QByteArray handoutPdf(const Lesson& lesson, const StepRenderer& render,
                      const HandoutOptions& options,
                      const std::function<bool(int, int)>& progress = {});
// The same, written atomically to `path` (ds::OutputError with the reason: disk full, no
// permission, a folder; the old file then stays as it was).
void writeHandout(const Lesson& lesson, const QString& path, const StepRenderer& render,
                  const HandoutOptions& options,
                  const std::function<bool(int, int)>& progress = {});

}  // namespace ds::ui
