#include "lesson_paint.h"

#include <QDir>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

#include "cam_figure.h"
#include "channel_origin.h"
#include "colormap.h"
#include "densescope/feature_maps.h"
#include "growth_series.h"
#include "human_format.h"
#include "image_io.h"
#include "layer_colors.h"

namespace ds::ui {

namespace {

const QColor kInk(0x1a, 0x1a, 0x1a);
const QColor kPaper(0xff, 0xff, 0xff);
const QColor kQuiet(0x55, 0x5b, 0x66);
const QColor kAccent(0x1f, 0x6f, 0xd0);
const QColor kWarn(0x8a, 0x5a, 0x00);

}  // namespace

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

namespace {

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
                const QColor& color = kInk, bool wrap = true) const {
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
    // The height `text` needs at `px` in `width`.
    qreal need(qreal width, const QString& text, int px, bool bold = false) const {
        return QFontMetricsF(font(px, bold))
            .boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text)
            .height();
    }
    qreal lineHeight(int px) const { return QFontMetricsF(font(px)).height(); }
};

// The image scaled to fit `r` (aspect kept, centred); returns where it went.
QRectF drawFit(QPainter& p, const QRectF& r, const QImage& image, bool smooth = true) {
    if (image.isNull() || r.width() <= 1 || r.height() <= 1) return {};
    const QSizeF s = QSizeF(image.size()).scaled(r.size(), Qt::KeepAspectRatio);
    const QRectF at(r.center().x() - s.width() / 2, r.center().y() - s.height() / 2, s.width(),
                    s.height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, smooth);
    p.drawImage(at, image);
    return at;
}

// The grid of `n` cells of aspect `aspect` (width / height of the picture) plus a caption of
// `caption` px below each, with the largest cells that fit `r`. Returns the cells' rectangles.
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

// grid() with captions of `px` under each cell, as high as the longest caption needs once
// wrapped to the cell's width (so that no caption is cut or runs into its neighbour).
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

QString stageName(const QString& layer) {
    if (layer == QLatin1String("features.pool0") || layer.startsWith(QLatin1String("features.conv0")))
        return LessonPainter::tr("Stem");
    if (layer == QLatin1String("features.norm5")) return QStringLiteral("norm5");
    const QString last = layer.section(QLatin1Char('.'), -1);
    if (last.startsWith(QLatin1String("denselayer")))
        return LessonPainter::tr("Block %1, layer %2")
            .arg(layer.section(QLatin1Char('.'), 1, 1).mid(10))
            .arg(last.mid(10));
    if (last.startsWith(QLatin1String("denseblock"))) return LessonPainter::tr("Block %1").arg(last.mid(10));
    if (last.startsWith(QLatin1String("transition")))
        return LessonPainter::tr("Transition %1").arg(last.mid(10));
    return last;
}

QString originText(int origin) {
    return origin == 0 ? LessonPainter::tr("block input") : LessonPainter::tr("from dense layer %1").arg(origin);
}

// A no-break space: "0.3 %" never splits over two lines.
QString percent(float p) { return QStringLiteral("%1\u00a0%").arg(double(p) * 100, 0, 'f', 1); }

// The predictions as labelled bars; a click on one marks it (hits).
void drawPredictions(const Page& pg, const QRectF& r, const std::vector<Prediction>& top,
                     int marked, LessonPaintReport* report) {
    const int n = std::min<int>(5, int(top.size()));
    if (n == 0) return;
    const qreal row = r.height() / n;
    const float best = std::max(1e-6f, top.front().probability);
    for (int i = 0; i < n; ++i) {
        const Prediction& pr = top[size_t(i)];
        const QRectF cell(r.left(), r.top() + i * row, r.width(), row);
        const qreal barH = std::max<qreal>(pg.height / 60.0, row * 0.22);
        const QRectF label(cell.left(), cell.top(), cell.width(), row - barH - row * 0.12);
        const bool isMarked = pr.index == marked;
        pg.text(label, QStringLiteral("%1   %2").arg(QString::fromStdString(pr.label), percent(pr.probability)),
                pg.body, pg.small, Qt::AlignLeft | Qt::AlignBottom, isMarked, isMarked ? kAccent : kInk);
        const QRectF track(cell.left(), label.bottom() + row * 0.04, cell.width(), barH);
        pg.p.fillRect(track, QColor(0xe6, 0xe8, 0xec));
        pg.p.fillRect(QRectF(track.left(), track.top(),
                             track.width() * double(std::clamp(pr.probability / best, 0.f, 1.f)), barH),
                      isMarked ? kAccent.darker(130) : kAccent);
        if (report) report->hits << LessonHit{cell, LessonHit::Prediction, pr.index};
    }
}

QImage channelImage(FeatureMap& map, int channel) {
    ensureBytes(map, MapScaling::PerChannel, false);
    const size_t plane = size_t(map.height) * map.width;
    return indexedToRgb(map.bytes.data() + plane * size_t(channel), map.width, map.height,
                        Colormap::Viridis);
}

// The input with one channel over it (upsampled, 50 %).
QImage channelOverlay(const RgbImage& input, const QImage& channel) {
    QImage base = toQImage(input).convertToFormat(QImage::Format_RGB32);
    QPainter p(&base);
    p.setOpacity(0.55);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(QRectF(0, 0, base.width(), base.height()), channel);
    return base;
}

void drawBorder(QPainter& p, const QRectF& r, const QColor& c, qreal w) {
    p.setPen(QPen(c, w));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(-w / 2, -w / 2, w / 2, w / 2));
}

// ----- the kinds -----------------------------------------------------------------------------

void paintImage(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const StepData& d = *in.data;
    const qreal gap = pg.height / 30.0;
    const QRectF left(r.left(), r.top(), r.width() * 0.5 - gap / 2, r.height());
    const QRectF right(left.right() + gap, r.top(), r.right() - left.right() - gap, r.height());
    drawFit(pg.p, left, toQImage(d.image));
    drawPredictions(pg, right.adjusted(0, r.height() * 0.05, 0, -r.height() * 0.05), d.top,
                    in.view.markedClass, rep);
}

// The network as a row (or rows) of stages, each a shape whose height follows its channels
// (a dense block widens from its input to its output, a transition narrows), labelled with
// its name, channels and map size. Drawn here rather than scaling the Guide's picture down, so
// that its labels keep the lesson's text sizes on any screen.
void paintArchitecture(const Page& pg, const QRectF& r, const LessonPaintInput& in) {
    struct Stage {
        QString name, channels, size;
        int in = 0, out = 0;
        QColor color;
    };
    QVector<Stage> stages;
    const ModelSummary& s = in.summary;
    stages << Stage{LessonPainter::tr("Input"), QStringLiteral("3"),
                    QStringLiteral("%1 × %1").arg(s.inputSize), 3, 3, QColor(0xb0, 0xb8, 0xc4)};
    int maxC = 3;
    for (const LayerInfo& l : s.layers) {
        const QString name = QString::fromStdString(l.name);
        Stage st;
        if (name == QLatin1String("features.pool0")) {
            st = {LessonPainter::tr("Stem"), QString::number(l.outChannels),
                  QStringLiteral("%1 × %2").arg(l.height).arg(l.width), l.outChannels, l.outChannels,
                  QColor(0x8a, 0x94, 0xa6)};
        } else if (l.type == LayerType::DenseBlock) {
            st = {LessonPainter::tr("Block %1").arg(name.section(QLatin1Char('.'), -1).mid(10)),
                  QStringLiteral("%1 → %2").arg(l.inChannels).arg(l.outChannels),
                  QStringLiteral("%1 × %2").arg(l.height).arg(l.width), l.inChannels, l.outChannels,
                  blockShadeColor(l.block).darker(115)};
        } else if (l.type == LayerType::Transition) {
            st = {LessonPainter::tr("Transition %1").arg(name.section(QLatin1Char('.'), -1).mid(10)),
                  QStringLiteral("%1 → %2").arg(l.inChannels).arg(l.outChannels),
                  QStringLiteral("%1 × %2").arg(l.height).arg(l.width), l.inChannels, l.outChannels,
                  QColor(0x9a, 0x9a, 0x9a)};
        } else if (l.type == LayerType::Classifier) {
            st = {LessonPainter::tr("Classifier"), QString::number(l.outChannels),
                  LessonPainter::tr("classes"), l.inChannels, std::min(l.inChannels, l.outChannels),
                  QColor(0x5a, 0x6a, 0x7a)};
        } else {
            continue;
        }
        maxC = std::max({maxC, st.in, st.out});
        stages << st;
    }
    const int n = int(stages.size());
    const QString line =
        LessonPainter::tr("%1: growth rate k = %2, dense layers per block %3, compression θ = %4; "
                          "%5 parameters, %6 multiply-accumulates per image.")
            .arg(QString::fromStdString(in.config.name))
            .arg(in.config.growthRate)
            .arg([&] {
                QStringList b;
                for (int c : in.config.blockConfig) b << QString::number(c);
                return b.join(QStringLiteral("–"));
            }())
            .arg(in.config.compression)
            .arg(humanCount(s.parameters), humanCount(s.macs));
    const qreal lineH = std::min(r.height() * 0.3, pg.need(r.width(), line, pg.body) + pg.small);
    const QRectF room(r.left(), r.top(), r.width(), r.height() - lineH);
    // As many rows as the labels need: every stage at least as wide as its widest label.
    const QFontMetricsF fm(pg.font(pg.small)), fb(pg.font(pg.small, true));
    qreal widest = 0;
    for (const Stage& st : stages)
        widest = std::max({widest, fb.horizontalAdvance(st.name), fm.horizontalAdvance(st.channels),
                           fm.horizontalAdvance(st.size)});
    const qreal gap = fm.averageCharWidth() * 1.5;
    int rows = 1;
    while (rows < n && (room.width() - gap * (std::ceil(double(n) / rows) - 1)) / std::ceil(double(n) / rows) < widest + 4)
        ++rows;
    const int perRow = int(std::ceil(double(n) / rows));
    const qreal cellW = (room.width() - gap * (perRow - 1)) / perRow;
    const qreal rowH = room.height() / rows;
    const qreal textH = fm.height() * 3.3;
    const qreal shapeH = std::max<qreal>(rowH - textH - pg.small, pg.small);
    QPainter& p = pg.p;
    p.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < n; ++i) {
        const Stage& st = stages[i];
        const int row = i / perRow, col = i % perRow;
        const QRectF cell(room.left() + col * (cellW + gap), room.top() + row * rowH, cellW, rowH);
        const qreal mid = cell.top() + shapeH / 2;
        const qreal hIn = std::max(3.0, shapeH * std::sqrt(double(st.in) / maxC));
        const qreal hOut = std::max(3.0, shapeH * std::sqrt(double(st.out) / maxC));
        QPolygonF shape;
        shape << QPointF(cell.left(), mid - hIn / 2) << QPointF(cell.right(), mid - hOut / 2)
              << QPointF(cell.right(), mid + hOut / 2) << QPointF(cell.left(), mid + hIn / 2);
        p.setPen(QPen(st.color.darker(140), 1));
        p.setBrush(st.color);
        p.drawPolygon(shape);
        const QRectF text(cell.left() - gap / 2, cell.top() + shapeH + pg.small / 2, cell.width() + gap, textH);
        p.setPen(kInk);
        p.setFont(pg.font(pg.small, true));
        p.drawText(QRectF(text.left(), text.top(), text.width(), fm.height()), Qt::AlignHCenter, st.name);
        p.setFont(pg.font(pg.small));
        p.drawText(QRectF(text.left(), text.top() + fm.height(), text.width(), fm.height()), Qt::AlignHCenter,
                   st.channels);
        p.setPen(kQuiet);
        p.drawText(QRectF(text.left(), text.top() + 2 * fm.height(), text.width(), fm.height()), Qt::AlignHCenter,
                   st.size);
        pg.note(pg.small);
        if (widest > cell.width() + gap && pg.report) pg.report->overflows << st.name;
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    pg.text(QRectF(r.left(), r.bottom() - lineH, r.width(), lineH), line, pg.body, pg.small,
            Qt::AlignHCenter | Qt::AlignBottom);
}

void paintNode(const Page& pg, const QRectF& r, const LessonPaintInput& in) {
    const LayerInfo* info = in.summary.find(in.step.layer.toStdString());
    if (!info) {
        pg.text(r, LessonPainter::tr("The model has no module %1.").arg(in.step.layer), pg.body);
        return;
    }
    const int k = in.config.growthRate;
    const qreal gap = pg.height / 40.0;
    QPainter& p = pg.p;
    if (info->type == LayerType::DenseLayer) {
        const int l = info->layerIndex;
        const int k0 = info->inChannels - k * (l - 1);
        const int L = denseLayersInBlock(in.summary, info->block);
        const QString formula = LessonPainter::tr("input: k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4 channels")
                                    .arg(k0).arg(k).arg(l).arg(info->inChannels);
        const qreal fh = pg.need(r.width(), formula, pg.body, true) + gap;
        pg.text(QRectF(r.left(), r.top(), r.width(), fh), formula, pg.body, pg.small,
                Qt::AlignHCenter | Qt::AlignTop, true);
        // The concatenation bar: x0 then the outputs of layers 1..l-1, then the new part.
        const qreal barTop = r.top() + fh + gap;
        const qreal barH = r.height() * 0.16;
        const int all = info->inChannels + k;
        const qreal unit = r.width() / all;
        qreal x = r.left();
        const qreal labelH = pg.lineHeight(pg.small) * 2.2;
        auto segment = [&](int channels, const QColor& c, bool dashed) {
            const QRectF seg(x, barTop, channels * unit, barH);
            p.fillRect(seg, c);
            p.setPen(QPen(dashed ? kAccent : kPaper, dashed ? pg.height / 200.0 : 1.0,
                          dashed ? Qt::DashLine : Qt::SolidLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(seg);
            x += seg.width();
            return seg;
        };
        QVector<QPair<QRectF, QString>> labels;
        QRectF seg = segment(k0, blockInputColor(), false);
        labels << qMakePair(seg, QStringLiteral("x0: %1").arg(k0));
        for (int s = 1; s < l; ++s) {
            seg = segment(k, denseLayerColor(s, L), false);
            labels << qMakePair(seg, QStringLiteral("x%1").arg(s));
        }
        const QRectF read(r.left(), barTop, x - r.left(), barH);
        const QRectF added = segment(k, denseLayerColor(l, L), true);
        // Labels under the segments where they fit (x0 always, the others when wide enough).
        p.setFont(pg.font(pg.small));
        const QFontMetricsF fm(pg.font(pg.small));
        qreal lastRight = -1e9;
        for (const auto& [rect, text] : labels) {
            const qreal w = fm.horizontalAdvance(text);
            if (w > rect.width() + unit * k || rect.left() < lastRight) continue;
            p.setPen(kInk);
            p.drawText(QPointF(rect.left(), barTop + barH + fm.ascent() + 2), text);
            pg.note(pg.small);
            lastRight = rect.left() + w + fm.averageCharWidth();
        }
        const QString newText = LessonPainter::tr("x%1: + %2 new").arg(l).arg(k);
        const qreal nw = fm.horizontalAdvance(newText);
        p.setPen(kAccent);
        p.drawText(QPointF(std::min(added.left(), r.right() - nw), barTop + barH + fm.ascent() + 2 + fm.height()), newText);
        // A brace over what the layer reads.
        p.setPen(QPen(kInk, pg.height / 300.0));
        p.drawLine(QPointF(read.left(), barTop - gap / 3), QPointF(read.right(), barTop - gap / 3));
        // The layer's steps below, with its numbers.
        const qreal boxTop = barTop + barH + labelH + gap;
        const QString steps =
            LessonPainter::tr("denselayer%1: BN → ReLU → 1×1 convolution to bn_size × k = %2 channels "
                              "→ BN → ReLU → 3×3 convolution to k = %3 channels, %4 × %5 each.")
                .arg(l).arg(in.config.bnSize * k).arg(k).arg(info->height).arg(info->width);
        const QString cost = LessonPainter::tr("%1 parameters, %2 multiply-accumulates. The block's "
                                               "output has k0 + L·k = %3 + %4 × %5 = %6 channels.")
                                 .arg(humanCount(info->parameters), humanCount(info->macs))
                                 .arg(k0).arg(L).arg(k).arg(k0 + L * k);
        const QRectF box(r.left(), boxTop, r.width(), r.bottom() - boxTop);
        p.setPen(QPen(kQuiet, 1));
        p.setBrush(QColor(0xf3, 0xf5, 0xf8));
        p.drawRoundedRect(box, gap / 2, gap / 2);
        const QRectF inner = box.adjusted(gap, gap / 2, -gap, -gap / 2);
        const qreal h1 = std::min(inner.height() * 0.65, pg.need(inner.width(), steps, pg.body) + gap / 2);
        pg.text(QRectF(inner.left(), inner.top(), inner.width(), h1), steps, pg.body, pg.small);
        pg.text(QRectF(inner.left(), inner.top() + h1, inner.width(), inner.height() - h1), cost,
                pg.body, pg.small, Qt::AlignLeft | Qt::AlignTop, false, kQuiet);
    } else if (info->type == LayerType::DenseBlock || info->type == LayerType::Transition) {
        // A bar of the channels in, and what comes out: a block appends L parts of k, a
        // transition keeps θ of them at half the width and height.
        const bool block = info->type == LayerType::DenseBlock;
        const int L = block ? denseLayersInBlock(in.summary, info->block) : 0;
        const QString formula =
            block ? LessonPainter::tr("output: k0 + L·k = %1 + %2 × %3 = %4 channels")
                        .arg(info->inChannels).arg(L).arg(k).arg(info->outChannels)
                  : LessonPainter::tr("output: θ × C = %1 × %2 = %3 channels, %4 × %5")
                        .arg(in.config.compression).arg(info->inChannels).arg(info->outChannels)
                        .arg(info->height).arg(info->width);
        const qreal fh = pg.need(r.width(), formula, pg.body, true) + gap;
        pg.text(QRectF(r.left(), r.top(), r.width(), fh), formula, pg.body, pg.small,
                Qt::AlignHCenter | Qt::AlignTop, true);
        const qreal barH = r.height() * 0.13;
        const int widest = std::max(info->inChannels, info->outChannels);
        const qreal unit = r.width() / widest;
        const QFontMetricsF fm(pg.font(pg.small));
        qreal y = r.top() + fh + gap / 2;
        auto label = [&](const QString& text, qreal x, qreal top) {
            p.setFont(pg.font(pg.small));
            p.setPen(kInk);
            p.drawText(QPointF(std::min(x, r.right() - fm.horizontalAdvance(text)), top + fm.ascent()), text);
            pg.note(pg.small);
        };
        // In.
        const QRectF inBar(r.left(), y, info->inChannels * unit, barH);
        p.fillRect(inBar, block ? blockInputColor() : QColor(0x9a, 0x9a, 0x9a));
        label(LessonPainter::tr("in: %1 channels").arg(info->inChannels), r.left(), y + barH + 2);
        y += barH + fm.height() * 1.6;
        // Out.
        if (block) {
            qreal x = r.left();
            p.fillRect(QRectF(x, y, info->inChannels * unit, barH), blockInputColor());
            x += info->inChannels * unit;
            for (int l = 1; l <= L; ++l) {
                p.fillRect(QRectF(x, y, k * unit, barH), denseLayerColor(l, L));
                x += k * unit;
            }
        } else {
            p.fillRect(QRectF(r.left(), y, info->outChannels * unit, barH), QColor(0x6a, 0x7a, 0x8a));
        }
        label(LessonPainter::tr("out: %1 channels").arg(info->outChannels), r.left(), y + barH + 2);
        y += barH + fm.height() * 1.6;
        const QString steps =
            block ? LessonPainter::tr("Each of the %1 Dense Layers reads everything before it and "
                                      "adds k = %2 channels; nothing is overwritten. Maps stay %3 × %4.")
                        .arg(L).arg(k).arg(info->height).arg(info->width)
                  : LessonPainter::tr("BN → ReLU → 1×1 convolution to %1 channels → 2×2 average "
                                      "pooling: the maps halve to %2 × %3.")
                        .arg(info->outChannels).arg(info->height).arg(info->width);
        const QString cost = LessonPainter::tr("%1 parameters, %2 multiply-accumulates.")
                                 .arg(humanCount(info->parameters), humanCount(info->macs));
        const QRectF box(r.left(), y, r.width(), r.bottom() - y);
        p.setPen(QPen(kQuiet, 1));
        p.setBrush(QColor(0xf3, 0xf5, 0xf8));
        p.drawRoundedRect(box, gap / 2, gap / 2);
        const QRectF inner = box.adjusted(gap, gap / 2, -gap, -gap / 2);
        const qreal h1 = std::min(inner.height() * 0.7, pg.need(inner.width(), steps, pg.body) + gap / 2);
        pg.text(QRectF(inner.left(), inner.top(), inner.width(), h1), steps, pg.body, pg.small);
        pg.text(QRectF(inner.left(), inner.top() + h1, inner.width(), inner.height() - h1), cost,
                pg.body, pg.small, Qt::AlignLeft | Qt::AlignTop, false, kQuiet);
    } else {
        const QString what = LessonPainter::tr("%1: %2 channels in, %3 channels out, maps %4 × %5; "
                                               "%6 parameters, %7 multiply-accumulates.")
                                 .arg(in.step.layer)
                                 .arg(info->inChannels).arg(info->outChannels)
                                 .arg(info->height).arg(info->width)
                                 .arg(humanCount(info->parameters), humanCount(info->macs));
        pg.text(r, what, pg.body, pg.small, Qt::AlignHCenter | Qt::AlignVCenter);
    }
}

// Round ticks: about `count` steps over [0, max].
qreal niceStep(qreal max, int count) {
    const qreal raw = max / std::max(1, count);
    const qreal mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (qreal m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag) return m * mag;
    return 10 * mag;
}

void paintGrowth(const Page& pg, const QRectF& r, const LessonPaintInput& in) {
    QPainter& p = pg.p;
    const QVector<GrowthPoint> series = growthSeries(in.summary);
    if (series.isEmpty()) return;
    int maxC = 0, maxD = 0;
    for (const auto& pt : series) {
        maxC = std::max(maxC, pt.channels);
        maxD = std::max(maxD, pt.depth);
    }
    const QFont tickFont = pg.font(pg.small);
    const QFontMetricsF fm(tickFont);
    const QString yTitle = LessonPainter::tr("channels");
    const QString xTitle = LessonPainter::tr("depth (dense layers and transitions, in order)");
    const qreal yStep = std::max<qreal>(1, std::round(niceStep(maxC, int(r.height() / (fm.height() * 2.5)))));
    const qreal yMax = std::ceil(maxC / yStep) * yStep;
    const qreal labelW = fm.horizontalAdvance(QString::number(int(yMax))) + fm.averageCharWidth();
    const qreal titleH = fm.height() * 1.3;
    const QRectF plot(r.left() + labelW + titleH, r.top() + titleH, r.width() - labelW - titleH - fm.averageCharWidth() * 2,
                      r.height() - titleH * 2 - fm.height() * 1.3);
    auto X = [&](qreal d) { return plot.left() + plot.width() * d / std::max(1, maxD); };
    auto Y = [&](qreal c) { return plot.bottom() - plot.height() * c / yMax; };
    for (const BlockSpan& span : blockSpans(series)) {
        const QRectF shade(QPointF(X(span.firstDepth - 0.5), plot.top()), QPointF(X(span.lastDepth + 0.5), plot.bottom()));
        p.fillRect(shade.intersected(plot), blockShadeColor(span.block).darker(105));
        const QString label = LessonPainter::tr("Block %1").arg(span.block);
        const QString shortLabel = QString::number(span.block);
        const QString shown = fm.horizontalAdvance(label) < shade.width() - 4 ? label
                              : fm.horizontalAdvance(shortLabel) < shade.width() ? shortLabel : QString();
        if (!shown.isEmpty()) {
            p.setFont(tickFont);
            p.setPen(kQuiet);
            p.drawText(QRectF(shade.left(), plot.top() + 2, shade.width(), fm.height()), Qt::AlignHCenter, shown);
        }
    }
    p.setFont(tickFont);
    pg.note(pg.small);
    p.setPen(QPen(kQuiet, 1));
    for (qreal c = 0; c <= yMax + 0.5; c += yStep) {
        p.setPen(QPen(QColor(0xd0, 0xd4, 0xda), 1));
        p.drawLine(QPointF(plot.left(), Y(c)), QPointF(plot.right(), Y(c)));
        p.setPen(kInk);
        p.drawText(QRectF(plot.left() - labelW - 4, Y(c) - fm.height() / 2, labelW, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(int(c)));
    }
    const qreal xStep = std::max<qreal>(1, std::round(niceStep(maxD, int(plot.width() / (fm.horizontalAdvance(QString::number(maxD)) * 3)))));
    for (qreal dd = 0; dd <= maxD + 0.5; dd += xStep) {
        const QString t = QString::number(int(dd));
        const qreal w = fm.horizontalAdvance(t);
        p.drawText(QPointF(std::min(X(dd) - w / 2, r.right() - w), plot.bottom() + fm.ascent() + 3), t);
    }
    p.setPen(QPen(kInk, 1.5));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    // The line, coloured by the dense layers.
    QPainterPath path;
    for (int i = 0; i < series.size(); ++i) {
        const QPointF pt(X(series[i].depth), Y(series[i].channels));
        if (i == 0) path.moveTo(pt); else path.lineTo(pt);
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(kAccent, std::max(2.0, pg.height / 250.0)));
    p.drawPath(path);
    const qreal dot = std::max(2.0, pg.height / 220.0);
    for (const auto& pt : series) {
        QColor c = layerColor(in.summary, pt.layer);
        if (!c.isValid()) c = kInk;
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(QPointF(X(pt.depth), Y(pt.channels)), dot, dot);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    pg.text(QRectF(plot.left(), r.top(), plot.width(), titleH), yTitle, pg.small, pg.small,
            Qt::AlignLeft | Qt::AlignTop, false, kQuiet, false);
    pg.text(QRectF(plot.left(), r.bottom() - titleH, plot.width(), titleH), xTitle, pg.small, pg.small,
            Qt::AlignHCenter | Qt::AlignBottom, false, kQuiet, false);
}

// The channels a feature-maps step shows: one from each origin of a dense block's output (at
// most 8, spread), else 8 spread over the channels.
QVector<int> shownChannels(const LessonPaintInput& in, const FeatureMap& map) {
    QVector<int> out;
    const BlockLayout layout = blockLayout(in.summary, in.step.layer.toStdString());
    constexpr int kMax = 8;
    if (layout.valid() && layout.channels() == map.channels) {
        const int origins = layout.denseLayers + 1;
        const int n = std::min(kMax, origins);
        for (int i = 0; i < n; ++i) {
            const int origin = n == 1 ? 0 : int(std::lround(double(i) * (origins - 1) / (n - 1)));
            out << layout.firstChannel(origin);
        }
    } else {
        const int n = std::min(kMax, map.channels);
        for (int i = 0; i < n; ++i) out << int(std::lround(double(i) * (map.channels - 1) / std::max(1, n - 1)));
    }
    return out;
}

void paintChannelLarge(const Page& pg, const QRectF& r, const LessonPaintInput& in, FeatureMap& map,
                       int channel, LessonPaintReport* rep) {
    const qreal gap = pg.height / 30.0;
    const QString caption = [&] {
        const BlockLayout layout = blockLayout(in.summary, in.step.layer.toStdString());
        QString s = LessonPainter::tr("%1, channel %2").arg(stageName(in.step.layer)).arg(channel);
        if (layout.valid()) s += QStringLiteral(" · ") + originText(layout.originOf(channel));
        s += QStringLiteral(" · ") + LessonPainter::tr("highest value %1, mean %2")
                                         .arg(humanValue(map.channelMax[size_t(channel)]),
                                              humanValue(map.channelMean[size_t(channel)]));
        return s;
    }();
    const qreal capH = pg.need(r.width(), caption, pg.body) + gap / 2;
    const QRectF pics(r.left(), r.top(), r.width(), r.height() - capH);
    const QImage ch = channelImage(map, channel);
    const QRectF left(pics.left(), pics.top(), pics.width() / 2 - gap / 2, pics.height());
    const QRectF right(left.right() + gap, pics.top(), left.width(), pics.height());
    drawFit(pg.p, left, channelOverlay(in.data->input, ch));
    // The origin's frame is drawn on the picture's edge: inside the room, or the page's next
    // column (the notes strip) covers its outer half.
    const qreal frame = pg.height / 90.0;
    const QRectF at = drawFit(pg.p, right.adjusted(frame, frame, -frame, -frame), ch, false);
    const BlockLayout layout = blockLayout(in.summary, in.step.layer.toStdString());
    if (layout.valid()) {
        const int origin = layout.originOf(channel);
        drawBorder(pg.p, at, origin == 0 ? blockInputColor() : denseLayerColor(origin, layout.denseLayers),
                   frame);
    }
    pg.text(QRectF(r.left(), r.bottom() - capH, r.width(), capH), caption, pg.body, pg.small,
            Qt::AlignHCenter | Qt::AlignBottom);
    if (rep && in.data->map && in.step.kind == LessonStepKind::FeatureMaps)
        rep->hits << LessonHit{r, LessonHit::Back, -1};
}

void paintFeatureMaps(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    FeatureMap& map = const_cast<FeatureMap&>(*in.data->map);  // ensureBytes caches the 8-bit form
    if (in.view.focus >= 0 && in.view.focus < map.channels)
        return paintChannelLarge(pg, r, in, map, in.view.focus, rep);
    const QVector<int> channels = shownChannels(in, map);
    const BlockLayout layout = blockLayout(in.summary, in.step.layer.toStdString());
    const qreal gap = pg.height / 40.0;
    const QString head = LessonPainter::tr("%1: %2 channels of %3 × %4. %5 of them; the frame's colour says which part made each:")
                             .arg(stageName(in.step.layer)).arg(map.channels).arg(map.height).arg(map.width)
                             .arg(channels.size());
    const qreal headH = pg.need(r.width(), head, pg.body) + gap / 2;
    pg.text(QRectF(r.left(), r.top(), r.width(), headH), head, pg.body, pg.small);
    QStringList captions;
    for (int c : channels)
        captions << (layout.valid() ? LessonPainter::tr("channel %1").arg(c) + QLatin1Char('\n') +
                                          originText(layout.originOf(c))
                                    : LessonPainter::tr("channel %1").arg(c));
    qreal capH = 0;
    const QVector<QRectF> cells = captionGrid(pg, r.adjusted(0, headH, 0, 0), captions, gap, pg.small, &capH);
    for (int i = 0; i < cells.size(); ++i) {
        const int c = channels[i];
        const QRectF pic(cells[i].left(), cells[i].top(), cells[i].width(), cells[i].height() - capH);
        const qreal bw = std::max(3.0, pg.height / 120.0);
        const QRectF at = drawFit(pg.p, pic.adjusted(bw, bw, -bw, -bw), channelImage(map, c), false);
        if (layout.valid()) {
            const int origin = layout.originOf(c);
            drawBorder(pg.p, at, origin == 0 ? blockInputColor() : denseLayerColor(origin, layout.denseLayers), bw);
        }
        pg.text(QRectF(cells[i].left(), pic.bottom() + 2, cells[i].width(), capH - 2), captions[i],
                pg.small, pg.small, Qt::AlignHCenter | Qt::AlignTop);
        if (rep) rep->hits << LessonHit{cells[i], LessonHit::Channel, c};
    }
}

void paintChannel(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    FeatureMap& map = const_cast<FeatureMap&>(*in.data->map);
    paintChannelLarge(pg, r, in, map, std::clamp(in.step.channel, 0, map.channels - 1), rep);
}

void paintCam(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const CamResult& cam = *in.data->cam;
    const qreal gap = pg.height / 30.0;
    const QRectF left(r.left(), r.top(), r.width() * 0.55 - gap / 2, r.height());
    const QRectF right(left.right() + gap, r.top(), r.right() - left.right() - gap, r.height());
    drawFit(pg.p, left, camOverlay(in.data->input, cam.maps.front(), Colormap::Inferno, 0.5));
    const QString what = LessonPainter::tr("Where %1 looks for “%2” (%3): %4 at %5.")
                             .arg(QString::fromStdString(in.config.name),
                                  QString::fromStdString(cam.target.label), percent(cam.target.probability),
                                  QString::fromUtf8(camMethodName(cam.method)), stageName(in.step.layer));
    const qreal h = std::min(right.height() * 0.4, pg.need(right.width(), what, pg.body) + gap);
    pg.text(QRectF(right.left(), right.top(), right.width(), h), what, pg.body, pg.small);
    drawPredictions(pg, QRectF(right.left(), right.top() + h, right.width(), right.height() - h),
                    cam.top, cam.target.index, rep);
}

void paintCamStrip(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const CamResult& cam = *in.data->cam;
    const qreal gap = pg.height / 40.0;
    const QString head = LessonPainter::tr("Where it looks for “%1” (%2), from the stem to the last block:")
                             .arg(QString::fromStdString(cam.target.label), percent(cam.target.probability));
    const qreal headH = pg.need(r.width(), head, pg.body) + gap / 2;
    pg.text(QRectF(r.left(), r.top(), r.width(), headH), head, pg.body, pg.small);
    const QRectF room = r.adjusted(0, headH, 0, 0);
    const int n = int(cam.maps.size());
    if (in.view.focus >= 1 && in.view.focus <= n) {
        const CamMap& m = cam.maps[size_t(in.view.focus - 1)];
        const qreal capH = pg.lineHeight(pg.body) * 1.4;
        drawFit(pg.p, room.adjusted(0, 0, 0, -capH), camOverlay(in.data->input, m, Colormap::Inferno, 0.5));
        pg.text(QRectF(room.left(), room.bottom() - capH, room.width(), capH),
                LessonPainter::tr("%1 (%2 × %3 positions)").arg(stageName(QString::fromStdString(m.layer))).arg(m.height).arg(m.width),
                pg.body, pg.small, Qt::AlignHCenter | Qt::AlignBottom);
        if (rep) rep->hits << LessonHit{room, LessonHit::Back, -1};
        return;
    }
    QStringList captions;
    for (const CamMap& m : cam.maps)
        captions << QStringLiteral("%1\n%2 × %3").arg(stageName(QString::fromStdString(m.layer))).arg(m.height).arg(m.width);
    qreal capH = 0;
    const QVector<QRectF> cells = captionGrid(pg, room, captions, gap, pg.small, &capH);
    for (int i = 0; i < cells.size(); ++i) {
        const CamMap& m = cam.maps[size_t(i)];
        const QRectF pic(cells[i].left(), cells[i].top(), cells[i].width(), cells[i].height() - capH);
        drawFit(pg.p, pic, camOverlay(in.data->input, m, Colormap::Inferno, 0.5));
        pg.text(QRectF(cells[i].left(), pic.bottom() + 2, cells[i].width(), capH - 2),
                captions[i], pg.small, pg.small, Qt::AlignHCenter | Qt::AlignTop);
        if (rep) rep->hits << LessonHit{cells[i], LessonHit::Tile, i + 1};
    }
}

void paintHeatMap(const Page& pg, const QRectF& r, const BlockConnectivity& b, int blockNumber, bool large) {
    QPainter& p = pg.p;
    const QFont f = pg.font(pg.small);
    const QFontMetricsF fm(f);
    const QString title = LessonPainter::tr("Block %1").arg(blockNumber);
    const qreal titleH = fm.height() * 1.2;
    pg.text(QRectF(r.left(), r.top(), r.width(), titleH), title, pg.small, pg.small, Qt::AlignHCenter | Qt::AlignTop, true);
    const int rows = int(b.targets.size()), cols = int(b.sources.size());
    const qreal labelW = fm.horizontalAdvance(QStringLiteral("00")) + fm.averageCharWidth();
    const qreal axisH = fm.height() * 1.2;
    Q_UNUSED(large);
    const QRectF room(r.left() + labelW, r.top() + titleH, r.width() - labelW, r.height() - titleH - axisH);
    const qreal cell = std::min(room.width() / cols, room.height() / rows);
    const QRectF grid(room.left() + (room.width() - cell * cols) / 2, room.top(), cell * cols, cell * rows);
    double maxV = 0;
    for (const auto& row : b.values)
        for (const auto& v : row)
            if (v) maxV = std::max(maxV, *v);
    for (int t = 0; t < rows; ++t)
        for (int s = 0; s < cols; ++s) {
            const auto& v = b.values[size_t(t)][size_t(s)];
            const QRectF c(grid.left() + s * cell, grid.top() + t * cell, cell + 0.5, cell + 0.5);
            p.fillRect(c, v ? colorAt(Colormap::Viridis, maxV > 0 ? *v / maxV : 0) : QColor(0xee, 0xee, 0xee));
        }
    p.setFont(f);
    p.setPen(kInk);
    pg.note(pg.small);
    // Tick labels where they do not crowd: every n-th.
    const int every = std::max(1, int(std::ceil(fm.height() * 1.1 / cell)));
    for (int t = 0; t < rows; t += every) {
        const bool last = t == rows - 1;
        const QString label = last ? b.targets.back().substr(0, 5) == "trans" ? QStringLiteral("T") : QStringLiteral("C")
                                   : QString::number(t + 1);
        p.drawText(QRectF(grid.left() - labelW, grid.top() + t * cell + cell / 2 - fm.height() / 2, labelW - 3, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, label);
    }
    const int everyX = std::max(1, int(std::ceil(fm.horizontalAdvance(QStringLiteral("00")) * 1.4 / cell)));
    for (int s = 0; s < cols; s += everyX)
        p.drawText(QRectF(grid.left() + s * cell + cell / 2 - labelW, grid.bottom() + 2, labelW * 2, fm.height()),
                   Qt::AlignHCenter | Qt::AlignTop, QString::number(s));
}

void paintReuse(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const auto& blocks = in.data->reuse;
    const qreal gap = pg.height / 40.0;
    const QString head = LessonPainter::tr("How strongly each dense layer (row) uses what each earlier "
                                           "layer made (column): mean |weight|, bright = much.");
    const qreal headH = pg.need(r.width(), head, pg.body) + gap / 2;
    pg.text(QRectF(r.left(), r.top(), r.width(), headH), head, pg.body, pg.small);
    const QString axes = LessonPainter::tr("Rows: the reading layer (T: the transition, C: the "
                                           "classifier). Columns: the layer read (0: the block input).");
    const qreal axesH = pg.need(r.width(), axes, pg.small) + 2;
    pg.text(QRectF(r.left(), r.bottom() - axesH, r.width(), axesH), axes, pg.small, pg.small,
            Qt::AlignHCenter | Qt::AlignBottom, false, kQuiet);
    const QRectF room = r.adjusted(0, headH, 0, -axesH - gap / 2);
    int only = in.view.focus >= 1 ? in.view.focus : in.step.block;
    if (only >= 1 && only <= int(blocks.size())) {
        paintHeatMap(pg, room, blocks[size_t(only - 1)], only, true);
        if (rep && in.view.focus >= 1) rep->hits << LessonHit{room, LessonHit::Back, -1};
        return;
    }
    const int n = int(blocks.size());
    const qreal capH = 0;
    const QVector<QRectF> cells = grid(room, n, 0.9, capH, gap);
    for (int i = 0; i < cells.size(); ++i) {
        paintHeatMap(pg, cells[i], blocks[size_t(i)], i + 1, false);
        if (rep) rep->hits << LessonHit{cells[i], LessonHit::Block, i + 1};
    }
}

void paintTopImages(const Page& pg, const QRectF& r, const LessonPaintInput& in) {
    const StepData& d = *in.data;
    const qreal gap = pg.height / 40.0;
    const QString head = LessonPainter::tr("The %1 images of %2 (of %3) that excite %4, channel %5 most:")
                             .arg(d.topImages.size()).arg(QDir(in.step.folder).dirName()).arg(d.imagesScanned)
                             .arg(stageName(in.step.layer)).arg(in.step.channel);
    const qreal headH = pg.need(r.width(), head, pg.body) + gap / 2;
    pg.text(QRectF(r.left(), r.top(), r.width(), headH), head, pg.body, pg.small);
    QStringList captions;
    for (const TopImageHit& hit : d.topImages) captions << QStringLiteral("%1\n%2").arg(hit.name, humanValue(hit.value));
    qreal capH = 0;
    const QVector<QRectF> cells = captionGrid(pg, r.adjusted(0, headH, 0, 0), captions, gap, pg.small, &capH);
    for (int i = 0; i < cells.size(); ++i) {
        const TopImageHit& hit = d.topImages[size_t(i)];
        const QRectF pic(cells[i].left(), cells[i].top(), cells[i].width(), cells[i].height() - capH);
        drawFit(pg.p, pic, hit.thumb);
        pg.text(QRectF(cells[i].left(), pic.bottom() + 2, cells[i].width(), capH - 2),
                captions[i], pg.small, pg.small, Qt::AlignHCenter | Qt::AlignTop);
    }
}

void paintVisualize(const Page& pg, const QRectF& r, const LessonPaintInput& in) {
    const VisualizeResult& v = *in.data->visualization;
    const qreal gap = pg.height / 30.0;
    const QRectF left(r.left(), r.top(), r.width() * 0.55 - gap / 2, r.height());
    const QRectF right(left.right() + gap, r.top(), r.right() - left.right() - gap, r.height());
    drawFit(pg.p, left, toQImage(v.image));
    const QString text =
        LessonPainter::tr("An image made to excite %1, channel %2 as much as possible: %3 steps of "
                          "gradient ascent took the channel's mean from %4 to %5.")
            .arg(stageName(in.step.layer)).arg(in.step.channel).arg(v.objective.size())
            .arg(humanValue(v.objectiveStart), humanValue(v.objectiveEnd));
    pg.text(right, text, pg.body, pg.small, Qt::AlignLeft | Qt::AlignVCenter);
}

void paintTeach(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const qreal gap = pg.height / 30.0;
    const QString how = LessonPainter::tr("Teach: show the camera a few examples of each new class in "
                                          "the workbench's Teach tab (Esc to go there); the "
                                          "predictions here then come from the taught classes.");
    const qreal h = std::min(r.height() * 0.3, pg.need(r.width(), how, pg.body) + gap / 2);
    pg.text(QRectF(r.left(), r.top(), r.width(), h), how, pg.body, pg.small);
    paintImage(pg, r.adjusted(0, h, 0, 0), in, rep);
}

}  // namespace

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
