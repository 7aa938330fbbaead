// The lesson steps that show pictures (lesson_paint_internal.h): the image and its predictions,
// feature maps and one channel large, where the model looks (CAM, one or a strip over the
// stages), the feature reuse heat maps, the top images of a channel, a visualised channel and
// the teach step.
#include <QDir>

#include <algorithm>
#include <cmath>

#include "cam_figure.h"
#include "channel_origin.h"
#include "colormap.h"
#include "densescope/feature_maps.h"
#include "human_format.h"
#include "image_io.h"
#include "layer_colors.h"
#include "lesson_paint_internal.h"

namespace ds::ui::lesson_internal {

namespace {

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

}  // namespace

void paintImage(const Page& pg, const QRectF& r, const LessonPaintInput& in, LessonPaintReport* rep) {
    const StepData& d = *in.data;
    const qreal gap = pg.height / 30.0;
    const QRectF left(r.left(), r.top(), r.width() * 0.5 - gap / 2, r.height());
    const QRectF right(left.right() + gap, r.top(), r.right() - left.right() - gap, r.height());
    drawFit(pg.p, left, toQImage(d.image));
    drawPredictions(pg, right.adjusted(0, r.height() * 0.05, 0, -r.height() * 0.05), d.top,
                    in.view.markedClass, rep);
}

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace ds::ui::lesson_internal
