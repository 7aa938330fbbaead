// LessonPainter (lesson_paint.h): the page around a step (its title, the untrained warning and
// the step's number at the foot), the preparation's progress or the step's error in its room,
// or the step's own drawing, picked by its kind (lesson_paint_internal.h).
#include "lesson_paint.h"

#include <QFontMetricsF>

#include <cmath>

#include "lesson_paint_internal.h"

namespace ds::ui {

using namespace lesson_internal;

int LessonPainter::bodyPx(int height) { return int(std::ceil(height / 28.0)); }
int LessonPainter::smallestPx(int height) { return int(std::ceil(height / 40.0)); }
int LessonPainter::titlePx(int height) { return int(std::ceil(height / 16.0)); }

void LessonPainter::paint(QPainter& painter, const QRect& page, const LessonPaintInput& in,
                          LessonPaintReport* report) {
    const int H = page.height();
    Page pg{painter, H, bodyPx(H), smallestPx(H), titlePx(H), report};
    painter.save();
    painter.fillRect(page, kPaper);
    const qreal margin = H / 36.0;
    const QRectF inner = QRectF(page).adjusted(margin, margin * 0.6, -margin, -margin * 0.6);
    const LessonStep& step = in.lesson->steps.at(in.index);
    // Title: one line if it can, two at most.
    const qreal titleH = std::min(H * 0.14, pg.need(inner.width(), step.title, pg.title, true) + 2);
    pg.text(QRectF(inner.left(), inner.top(), inner.width(), titleH), step.title, pg.title, pg.body,
            Qt::AlignLeft | Qt::AlignVCenter, true);
    // Footer: the untrained warning (one line, small) and the step's number.
    const qreal footH = pg.lineHeight(pg.small) * 1.25;
    const QRectF foot(inner.left(), inner.bottom() - footH, inner.width(), footH);
    const QString number = tr("%1 / %2").arg(in.index + 1).arg(in.lesson->steps.size());
    const qreal numberW = QFontMetricsF(pg.font(pg.small)).horizontalAdvance(number) + 4;
    pg.text(QRectF(foot.right() - numberW, foot.top(), numberW, foot.height()), number, pg.small,
            pg.small, Qt::AlignRight | Qt::AlignVCenter, false, kQuiet, false);
    if (in.data && in.ready && in.data->randomWeights && stepNeedsEngine(step.kind)) {
        // One line: the whole sentence where it fits, else its start.
        const qreal room = foot.width() - numberW - margin;
        QString warning = tr("Untrained (random) weights: the predictions mean nothing; shapes and maps are real.");
        if (QFontMetricsF(pg.font(pg.small)).horizontalAdvance(warning) > room)
            warning = tr("Untrained (random) weights: the predictions mean nothing.");
        if (QFontMetricsF(pg.font(pg.small)).horizontalAdvance(warning) > room)
            warning = tr("Untrained (random) weights");
        pg.text(QRectF(foot.left(), foot.top(), room, foot.height()), warning, pg.small, pg.small,
                Qt::AlignLeft | Qt::AlignVCenter, false, kWarn, false);
    }
    const QRectF content(inner.left(), inner.top() + titleH + margin * 0.6, inner.width(),
                         foot.top() - (inner.top() + titleH + margin * 0.6) - margin * 0.4);
    painter.setClipRect(content.adjusted(-2, -2, 2, 2));
    if (!in.ready || !in.data) {
        const QString text = in.progress >= 0 ? tr("Preparing this step… %1 %").arg(int(in.progress * 100))
                                              : tr("Preparing this step…");
        const QRectF line(content.left(), content.center().y() - pg.lineHeight(pg.body) * 1.5, content.width(),
                          pg.lineHeight(pg.body) * 1.3);
        pg.text(line, text, pg.body, pg.small, Qt::AlignHCenter | Qt::AlignVCenter, false, kQuiet);
        const QRectF bar(content.center().x() - content.width() / 4, line.bottom() + H / 60.0, content.width() / 2, H / 50.0);
        painter.fillRect(bar, QColor(0xe6, 0xe8, 0xec));
        if (in.progress >= 0) painter.fillRect(QRectF(bar.topLeft(), QSizeF(bar.width() * in.progress, bar.height())), kAccent);
    } else if (!in.data->error.isEmpty()) {
        pg.text(content, tr("This step cannot be shown: %1").arg(in.data->error), pg.body, pg.small,
                Qt::AlignHCenter | Qt::AlignVCenter, false, kWarn);
    } else {
        switch (in.step.kind) {
        case LessonStepKind::Image: paintImage(pg, content, in, report); break;
        case LessonStepKind::Architecture: paintArchitecture(pg, content, in); break;
        case LessonStepKind::Node: paintNode(pg, content, in); break;
        case LessonStepKind::Growth: paintGrowth(pg, content, in); break;
        case LessonStepKind::FeatureMaps: paintFeatureMaps(pg, content, in, report); break;
        case LessonStepKind::Channel: paintChannel(pg, content, in, report); break;
        case LessonStepKind::Cam: paintCam(pg, content, in, report); break;
        case LessonStepKind::CamStrip: paintCamStrip(pg, content, in, report); break;
        case LessonStepKind::Reuse: paintReuse(pg, content, in, report); break;
        case LessonStepKind::TopImages: paintTopImages(pg, content, in); break;
        case LessonStepKind::Visualize: paintVisualize(pg, content, in); break;
        case LessonStepKind::Teach: paintTeach(pg, content, in, report); break;
        }
    }
    painter.restore();
}

}  // namespace ds::ui
