// The lesson steps about the network itself, drawn from its summary (lesson_paint_internal.h):
// the architecture as a row of stages, one node (a dense layer's concatenation, a block's or a
// transition's channels in and out) and the growth of the channels over the depth.
#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "channel_origin.h"
#include "growth_series.h"
#include "human_format.h"
#include "layer_colors.h"
#include "lesson_paint_internal.h"

namespace ds::ui::lesson_internal {

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

namespace {

// Under a node step's bars: what the layer, block or transition does (`steps`) in a rounded box,
// and what it costs below in the quiet colour; the steps take at most `stepsShare` of the
// box's inner height.
void drawStepsBox(const Page& pg, const QRectF& box, qreal gap, const QString& steps,
                  const QString& cost, qreal stepsShare) {
    QPainter& p = pg.p;
    p.setPen(QPen(kQuiet, 1));
    p.setBrush(QColor(0xf3, 0xf5, 0xf8));
    p.drawRoundedRect(box, gap / 2, gap / 2);
    const QRectF inner = box.adjusted(gap, gap / 2, -gap, -gap / 2);
    const qreal h1 =
        std::min(inner.height() * stepsShare, pg.need(inner.width(), steps, pg.body) + gap / 2);
    pg.text(QRectF(inner.left(), inner.top(), inner.width(), h1), steps, pg.body, pg.small);
    pg.text(QRectF(inner.left(), inner.top() + h1, inner.width(), inner.height() - h1), cost,
            pg.body, pg.small, Qt::AlignLeft | Qt::AlignTop, false, kQuiet);
}

}  // namespace

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
        drawStepsBox(pg, QRectF(r.left(), boxTop, r.width(), r.bottom() - boxTop), gap, steps, cost,
                     0.65);
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
        drawStepsBox(pg, QRectF(r.left(), y, r.width(), r.bottom() - y), gap, steps, cost, 0.7);
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

namespace {

// Round ticks: about `count` steps over [0, max].
qreal niceStep(qreal max, int count) {
    const qreal raw = max / std::max(1, count);
    const qreal mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (qreal m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag) return m * mag;
    return 10 * mag;
}

}  // namespace

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

}  // namespace ds::ui::lesson_internal
