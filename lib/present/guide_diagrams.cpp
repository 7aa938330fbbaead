#include "guide_diagrams.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "densescope/module_names.h"
#include "layer_colors.h"

namespace ds::ui {

namespace {

QImage canvas(QSizeF size, qreal dpr) {
    QImage image((size * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::white);  // the guide is black text on white, in any desktop theme
    return image;
}

// One step of the network profile.
struct Stage {
    enum Kind { Stem, Block, Transition, Head } kind;
    QString label;     // "stem", "block 2", ...
    QString channels;  // "64", "64 → 256"
    QString size;      // "56×56"
    int inChannels = 0;
    int outChannels = 0;
    int block = 0;
    int layers = 0;
};

QVector<Stage> stagesOf(const ds::ModelSummary& s) {
    QVector<Stage> out;
    auto size = [](const ds::LayerInfo& l) {
        return QStringLiteral("%1×%2").arg(l.height).arg(l.width);
    };
    for (const ds::LayerInfo& l : s.layers) {
        switch (l.type) {
            case ds::LayerType::Pool:
                out.push_back({Stage::Stem, GuideDiagrams::tr("stem"),
                               QString::number(l.outChannels), size(l), l.outChannels,
                               l.outChannels});
                break;
            case ds::LayerType::DenseBlock: {
                int layers = 0;
                for (const ds::LayerInfo& d : s.layers)
                    if (d.type == ds::LayerType::DenseLayer && d.block == l.block) ++layers;
                out.push_back({Stage::Block, GuideDiagrams::tr("block %1").arg(l.block),
                               QStringLiteral("%1 → %2").arg(l.inChannels).arg(l.outChannels),
                               size(l), l.inChannels, l.outChannels, l.block, layers});
                break;
            }
            case ds::LayerType::Transition:
                out.push_back({Stage::Transition, GuideDiagrams::tr("trans. %1").arg(l.block),
                               QStringLiteral("→ %1").arg(l.outChannels), size(l), l.inChannels,
                               l.outChannels, l.block});
                break;
            case ds::LayerType::Classifier:
                out.push_back({Stage::Head, GuideDiagrams::tr("classifier"),
                               GuideDiagrams::tr("%1 classes").arg(l.outChannels),
                               QStringLiteral("1×1"), l.inChannels, l.inChannels});
                break;
            default:
                break;
        }
    }
    return out;
}

void arrow(QPainter& p, QPointF from, QPointF to, qreal head) {
    p.drawLine(from, to);
    const QPointF d = (to - from) / std::max(1.0, std::hypot(to.x() - from.x(), to.y() - from.y()));
    const QPointF n(-d.y(), d.x());
    QPolygonF tip{to, to - d * head + n * head * 0.5, to - d * head - n * head * 0.5};
    p.setBrush(p.pen().color());
    p.drawPolygon(tip);
}

}  // namespace

QImage GuideDiagrams::network(const ds::ModelSummary& summary, const QFont& font, qreal dpr) {
    const QVector<Stage> stages = stagesOf(summary);
    const QFontMetricsF fm(font);
    const qreal line = fm.height(), em = fm.averageCharWidth();
    qreal column = 0;
    for (const Stage& s : stages)
        column = std::max({column, fm.horizontalAdvance(s.label), fm.horizontalAdvance(s.channels),
                           fm.horizontalAdvance(s.size)});
    column += 1.5 * em;
    const qreal gap = 1.6 * em;
    int maxChannels = 1;
    for (const Stage& s : stages)
        maxChannels = std::max({maxChannels, s.inChannels, s.outChannels});
    const qreal maxH = 7 * line, minH = 0.6 * line;
    auto height = [&](int c) { return minH + (maxH - minH) * c / maxChannels; };
    const qreal mid = 0.5 * line + maxH / 2;
    const QSizeF size(em + stages.size() * column + (stages.size() - 1) * gap + em,
                      maxH + 4.5 * line);
    QImage image = canvas(size, dpr);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font);
    const QColor ink(0x30, 0x30, 0x30);
    qreal x = em;
    for (int i = 0; i < stages.size(); ++i) {
        const Stage& s = stages[i];
        const qreal left = x + 0.75 * em, right = x + column - 0.75 * em;
        const qreal hIn = height(s.inChannels), hOut = height(s.outChannels);
        QPolygonF shape{{left, mid - hIn / 2},
                        {right, mid - hOut / 2},
                        {right, mid + hOut / 2},
                        {left, mid + hIn / 2}};
        QColor fill;
        switch (s.kind) {
            case Stage::Stem:
                fill = blockInputColor();
                break;
            case Stage::Block:
                fill = blockShadeColor(s.block).darker(115);
                break;
            case Stage::Transition:
                fill = QColor(0xf4, 0xc0, 0x7a);
                break;
            case Stage::Head:
                fill = QColor(0xb8, 0xd8, 0xb0);
                break;
        }
        p.setPen(QPen(ink, 1));
        p.setBrush(fill);
        p.drawPolygon(shape);
        if (s.kind == Stage::Block && s.layers > 0) {
            // One thin line per dense layer: each adds k channels, so the shape widens.
            p.setPen(QPen(denseLayerColor(s.layers, s.layers).darker(130), 0.6));
            const int lines = std::min(s.layers, 48);
            for (int l = 1; l < lines; ++l) {
                const qreal t = qreal(l) / lines;
                const qreal lx = left + t * (right - left), h = hIn + t * (hOut - hIn);
                p.drawLine(QPointF(lx, mid - h / 2), QPointF(lx, mid + h / 2));
            }
        }
        p.setPen(ink);
        const qreal textTop = 0.5 * line + maxH + 0.5 * line;
        const QRectF labelBox(x, textTop, column, line);
        QFont bold = font;
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(labelBox, Qt::AlignHCenter | Qt::AlignVCenter, s.label);
        p.setFont(font);
        p.drawText(labelBox.translated(0, line), Qt::AlignHCenter | Qt::AlignVCenter, s.channels);
        p.drawText(labelBox.translated(0, 2 * line), Qt::AlignHCenter | Qt::AlignVCenter, s.size);
        if (i + 1 < stages.size()) {
            p.setPen(QPen(ink, 1.2));
            arrow(p, QPointF(right + 0.2 * em, mid), QPointF(x + column + gap + 0.55 * em, mid),
                  0.7 * em);
        }
        x += column + gap;
    }
    return image;
}

QImage GuideDiagrams::concatenation(const ds::ModelSummary& summary, const QFont& font, qreal dpr) {
    const ds::LayerInfo* block = summary.find(ds::names::denseBlock(1));
    const ds::LayerInfo* first = summary.find(ds::names::denseLayer(1, 1));
    if (!block || !first) return {};
    const int k0 = block->inChannels, k = first->outChannels;
    const int total = (block->outChannels - k0) / std::max(1, k);
    const int shown = std::min(total, 4);
    const QFontMetricsF fm(font);
    const qreal line = fm.height(), em = fm.averageCharWidth();
    qreal labelWidth = fm.horizontalAdvance(tr("block output"));
    for (int l = 1; l <= shown; ++l)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(tr("dense layer %1").arg(l)));
    labelWidth += 1.5 * em;
    const qreal barMax = 34 * em;
    const qreal perChannel = barMax / (k0 + shown * k);
    const qreal stepWidth = fm.horizontalAdvance(QStringLiteral("BN-ReLU-Conv")) + 3 * em;
    QString widest;
    for (int l = 1; l <= shown; ++l) {
        const QString t = tr("%1 in, %2 new").arg(k0 + (l - 1) * k).arg(k);
        if (t.size() > widest.size()) widest = t;
    }
    const qreal noteWidth = fm.horizontalAdvance(widest) + 2 * em;
    const qreal rowH = 2.0 * line;
    const QSizeF size(em + labelWidth + barMax + stepWidth + k * perChannel + noteWidth + em,
                      (shown + 1) * rowH + 1.6 * line);
    QImage image = canvas(size, dpr);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font);
    const QColor ink(0x30, 0x30, 0x30);
    // Segment `origin` (0 = block input) of a bar, with its name when it fits.
    auto segment = [&](qreal x, qreal y, int origin) {
        const int channels = origin == 0 ? k0 : k;
        const QRectF r(x, y, channels * perChannel, line * 1.2);
        p.setPen(QPen(Qt::white, 1));
        const QColor fill = origin == 0 ? blockInputColor() : denseLayerColor(origin, total);
        p.setBrush(fill);
        p.drawRect(r);
        const QString name = QStringLiteral("x%1").arg(origin);
        if (fm.horizontalAdvance(name) + 0.4 * em < r.width()) {
            p.setPen(qGray(fill.rgb()) > 150 ? ink : QColor(Qt::white));
            p.drawText(r, Qt::AlignCenter, name);
        }
        return x + r.width();
    };
    qreal y = 0.4 * line;
    const qreal barLeft = em + labelWidth;
    for (int l = 1; l <= shown; ++l) {
        p.setPen(ink);
        p.drawText(QRectF(em, y, labelWidth, line * 1.2), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("dense layer %1").arg(l));
        qreal x = barLeft;
        for (int origin = 0; origin < l; ++origin) x = segment(x, y, origin);
        // The layer's own step, then the k channels it makes.
        const qreal stepLeft = barLeft + barMax + 0.5 * em;
        p.setPen(QPen(ink, 1));
        arrow(p, QPointF(x + 0.3 * em, y + 0.6 * line),
              QPointF(stepLeft + stepWidth - em, y + 0.6 * line), 0.6 * em);
        p.setPen(ink);
        p.drawText(QRectF(stepLeft, y - 0.45 * line, stepWidth - em, line),
                   Qt::AlignHCenter | Qt::AlignVCenter, QStringLiteral("BN-ReLU-Conv"));
        const qreal outLeft = stepLeft + stepWidth - 0.5 * em;
        segment(outLeft, y, l);
        p.setPen(ink);
        p.drawText(QRectF(outLeft + k * perChannel + em, y, noteWidth, line * 1.2),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   tr("%1 in, %2 new").arg(k0 + (l - 1) * k).arg(k));
        y += rowH;
    }
    p.setPen(ink);
    QFont bold = font;
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(em, y, labelWidth, line * 1.2), Qt::AlignLeft | Qt::AlignVCenter,
               tr("block output"));
    p.setFont(font);
    qreal x = barLeft;
    for (int origin = 0; origin <= shown; ++origin) x = segment(x, y, origin);
    p.setPen(ink);
    const QString note = shown < total ? tr("… %1 channels after %2 of %3 dense layers")
                                             .arg(k0 + shown * k)
                                             .arg(shown)
                                             .arg(total)
                                       : tr("%1 channels").arg(k0 + shown * k);
    // Under the bar: the widest line of the picture could not hold it beside the bar.
    p.drawText(QRectF(barLeft, y + 1.3 * line, size.width() - barLeft, line),
               Qt::AlignLeft | Qt::AlignVCenter, note);
    return image;
}

}  // namespace ds::ui
