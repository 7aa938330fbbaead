#pragma once
// What the lesson painter's files share (internal): the page's colours, its drawing state with
// the text fitting (Page; lesson_page.cpp), the layout helpers for pictures, and one paint
// function per step kind: the network's kinds in lesson_paint_network.cpp, the picture kinds in
// lesson_paint_pictures.cpp; LessonPainter::paint (lesson_paint.cpp) draws the page around them
// and picks one.
#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <algorithm>

#include "lesson_paint.h"

namespace ds::ui::lesson_internal {

inline const QColor kInk(0x1a, 0x1a, 0x1a);
inline const QColor kPaper(0xff, 0xff, 0xff);
inline const QColor kQuiet(0x55, 0x5b, 0x66);
inline const QColor kAccent(0x1f, 0x6f, 0xd0);
inline const QColor kWarn(0x8a, 0x5a, 0x00);

// One page's drawing state: the sizes and the report.
struct Page {
    QPainter& p;
    int height;
    int body, small, title;
    LessonPaintReport* report;

    QFont font(int px, bool bold = false) const {
        QFont f = QGuiApplication::font();
        f.setPixelSize(std::max(1, px));
        f.setBold(bold);
        return f;
    }
    void note(int px) const {
        if (report) report->smallestTextPx = std::min(report->smallestTextPx, px);
    }
    // Draws `text` wrapped into `r` at the largest size in [minPx, maxPx] that fits. Returns
    // the rectangle used.
    QRectF text(const QRectF& r, const QString& text, int maxPx, int minPx = -1,
                int flags = Qt::AlignLeft | Qt::AlignTop, bool bold = false,
                const QColor& color = kInk, bool wrap = true) const;
    // The height `text` needs at `px` in `width`.
    qreal need(qreal width, const QString& text, int px, bool bold = false) const {
        return QFontMetricsF(font(px, bold))
            .boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text)
            .height();
    }
    qreal lineHeight(int px) const { return QFontMetricsF(font(px)).height(); }
};

// The image scaled to fit `r` (aspect kept, centred); returns where it went.
QRectF drawFit(QPainter& p, const QRectF& r, const QImage& image, bool smooth = true);

// The grid of `n` cells of aspect `aspect` (width / height of the picture) plus a caption of
// `caption` px below each, with the largest cells that fit `r`. Returns the cells' rectangles.
QVector<QRectF> grid(const QRectF& r, int n, qreal aspect, qreal caption, qreal gap);

// grid() with captions of `px` under each cell, as high as the longest caption needs once
// wrapped to the cell's width (so that no caption is cut or runs into its neighbour).
QVector<QRectF> captionGrid(const Page& pg, const QRectF& r, const QStringList& captions, qreal gap,
                            int px, qreal* captionHeight);

// A frame of width `w` around `r`, outside it.
void drawBorder(QPainter& p, const QRectF& r, const QColor& c, qreal w);

// ----- the kinds: each draws its step into the content room `r` ----------------------------

// The network (lesson_paint_network.cpp).
void paintArchitecture(const Page& pg, const QRectF& r, const LessonPaintInput& in);
void paintNode(const Page& pg, const QRectF& r, const LessonPaintInput& in);
void paintGrowth(const Page& pg, const QRectF& r, const LessonPaintInput& in);

// The pictures (lesson_paint_pictures.cpp).
void paintImage(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                LessonPaintReport* rep);
void paintFeatureMaps(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                      LessonPaintReport* rep);
void paintChannel(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                  LessonPaintReport* rep);
void paintCam(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep);
void paintCamStrip(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                   LessonPaintReport* rep);
void paintReuse(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                LessonPaintReport* rep);
void paintTopImages(const Page& pg, const QRectF& r, const LessonPaintInput& in);
void paintVisualize(const Page& pg, const QRectF& r, const LessonPaintInput& in);
void paintTeach(const Page& pg, const QRectF& r, const LessonPaintInput& in,
                LessonPaintReport* rep);

}  // namespace ds::ui::lesson_internal
