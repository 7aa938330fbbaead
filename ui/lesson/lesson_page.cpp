// The lesson painter's page toolkit (lesson_paint_internal.h): text fitted into a room
// (Page::text, and withoutOrphanLine() for Japanese), and the layout helpers the pictures use:
// an image fitted into a rectangle, grids of captioned cells, frames.
#include <QFontMetricsF>
#include <QTextLayout>

#include <algorithm>

#include "lesson_paint_internal.h"

namespace ds::ui {

// Japanese wraps between any two characters, which can leave one or two on the last line
// ("…件完|了"): then a slightly narrower room (as the alignment places it) that moves a few
// more down, if the text still fits the height; else `r` as it is.
QRectF withoutOrphanLine(const QFont& f, const QRectF& r, int flags, const QString& text) {
    // Forced breaks as QTextLayout takes them: the check is the last paragraph's.
    QString laid = text;
    laid.replace(QLatin1Char('\n'), QChar::LineSeparator);
    const auto lastLine = [&](qreal width, qreal* height) {
        QTextLayout layout(laid, f);
        QTextOption option;
        option.setWrapMode(QTextOption::WordWrap);
        layout.setTextOption(option);
        layout.beginLayout();
        int lines = 0, last = 0;
        *height = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            last = int(laid.mid(line.textStart(), line.textLength()).trimmed().size());
            *height += line.height();
            ++lines;
        }
        layout.endLayout();
        return lines > 1 ? last : 3;
    };
    qreal height = 0;
    if (lastLine(r.width(), &height) > 2) return r;
    const qreal step = QFontMetricsF(f).averageCharWidth();
    for (int k = 1; k <= 8; ++k) {
        const qreal width = r.width() - k * step;
        if (width < r.width() * 0.6) break;
        if (lastLine(width, &height) > 2) {
            if (height > r.height() + 0.5) break;
            QRectF at(r.left(), r.top(), width, r.height());
            if (flags & Qt::AlignHCenter) at.moveLeft(r.left() + (r.width() - width) / 2);
            if (flags & Qt::AlignRight) at.moveLeft(r.right() - width);
            return at;
        }
    }
    return r;
}

namespace lesson_internal {

QRectF Page::text(const QRectF& r, const QString& text, int maxPx, int minPx, int flags, bool bold,
                  const QColor& color, bool wrap) const {
    if (text.isEmpty() || r.width() <= 0) return {};
    if (minPx < 0) minPx = small;
    maxPx = std::max(maxPx, minPx);
    const int wrapFlag = wrap ? int(Qt::TextWordWrap) : 0;
    for (int px = maxPx;; px = std::max(minPx, px - std::max(1, px / 12))) {
        const QFont f = font(px, bold);
        const QFontMetricsF fm(f);
        const QRectF need = fm.boundingRect(r, flags | wrapFlag, text);
        if ((need.width() <= r.width() + 0.5 && need.height() <= r.height() + 0.5) ||
            px == minPx) {
            if (px == minPx && (need.width() > r.width() + 0.5 || need.height() > r.height() + 0.5)
                && report)
                report->overflows << text;
            p.setFont(f);
            p.setPen(color);
            const QRectF at = wrap ? withoutOrphanLine(f, r, flags, text) : r;
            p.drawText(at, flags | wrapFlag, text);
            note(px);
            return at == r ? need : fm.boundingRect(at, flags | wrapFlag, text);
        }
    }
}

QRectF drawFit(QPainter& p, const QRectF& r, const QImage& image, bool smooth) {
    if (image.isNull() || r.width() <= 1 || r.height() <= 1) return {};
    const QSizeF s = QSizeF(image.size()).scaled(r.size(), Qt::KeepAspectRatio);
    const QRectF at(r.center().x() - s.width() / 2, r.center().y() - s.height() / 2, s.width(),
                    s.height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, smooth);
    p.drawImage(at, image);
    return at;
}

QVector<QRectF> grid(const QRectF& r, int n, qreal aspect, qreal caption, qreal gap) {
    QVector<QRectF> best;
    qreal bestSide = -1;
    int bestCols = 1;
    for (int cols = 1; cols <= n; ++cols) {
        const int rows = (n + cols - 1) / cols;
        const qreal w = (r.width() - gap * (cols - 1)) / cols;
        const qreal h = (r.height() - gap * (rows - 1)) / rows - caption;
        const qreal side = std::min(w, h * aspect);
        if (side > bestSide) {
            bestSide = side;
            bestCols = cols;
        }
    }
    if (bestSide <= 0) return best;
    const int cols = bestCols, rows = (n + cols - 1) / cols;
    const qreal cw = bestSide, ch = bestSide / aspect + caption;
    const qreal x0 = r.left() + (r.width() - cols * cw - (cols - 1) * gap) / 2;
    const qreal y0 = r.top() + (r.height() - rows * ch - (rows - 1) * gap) / 2;
    for (int i = 0; i < n; ++i) {
        const int row = i / cols, col = i % cols;
        // the last row centred
        const int inRow = row == rows - 1 ? n - row * cols : cols;
        const qreal shift = (cols - inRow) * (cw + gap) / 2;
        best << QRectF(x0 + shift + col * (cw + gap), y0 + row * (ch + gap), cw, ch);
    }
    return best;
}

QVector<QRectF> captionGrid(const Page& pg, const QRectF& r, const QStringList& captions, qreal gap,
                            int px, qreal* captionHeight) {
    const int n = int(captions.size());
    qreal capH = pg.lineHeight(px) * 2.3;
    QVector<QRectF> cells = grid(r, n, 1.0, capH, gap);
    for (int round = 0; round < 3 && !cells.isEmpty(); ++round) {
        qreal need = 0;
        for (const QString& c : captions) need = std::max(need, pg.need(cells.front().width(), c, px));
        if (need <= capH - 2) break;
        capH = need + 4;
        cells = grid(r, n, 1.0, capH, gap);
    }
    *captionHeight = capH;
    return cells;
}

void drawBorder(QPainter& p, const QRectF& r, const QColor& c, qreal w) {
    p.setPen(QPen(c, w));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(-w / 2, -w / 2, w / 2, w / 2));
}

}  // namespace lesson_internal

}  // namespace ds::ui
