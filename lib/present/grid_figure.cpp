#include "grid_figure.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/feature_maps.h"
#include "human_format.h"

namespace ds::ui {

namespace {

// Font sizes in pixels follow the figure's width, so text reads the same on any slide.
int titlePixels(int width) { return std::max(18, width / 45); }
int textPixels(int width) { return std::max(12, width / 70); }

QFont fontOf(int pixels, bool bold) {
    QFont f;
    f.setPixelSize(pixels);
    f.setBold(bold);
    return f;
}

// The colour bar's end labels and the line under it that says what they mean.
struct BarText {
    QString low, high, mid, caption;
};

BarText barText(const FeatureMap& map) {
    BarText t;
    if (map.bytesScaling == MapScaling::Shared && map.channels > 0 &&
        int(map.channelMin.size()) == map.channels) {
        const ValueRange r = channelRange(map, 0, MapScaling::Shared, map.bytesSymmetric);
        t.low = humanValue(r.lo);
        t.high = humanValue(r.hi);
        if (map.bytesSymmetric) t.mid = QStringLiteral("0");
        t.caption = QCoreApplication::translate("GridFigure", "One scale for all channels");
        return t;
    }
    t.low = map.bytesSymmetric ? QCoreApplication::translate("GridFigure", "−largest |value|")
                               : QCoreApplication::translate("GridFigure", "min");
    t.high = map.bytesSymmetric ? QCoreApplication::translate("GridFigure", "+largest |value|")
                                : QCoreApplication::translate("GridFigure", "max");
    if (map.bytesSymmetric) t.mid = QStringLiteral("0");
    t.caption =
        QCoreApplication::translate(
            "GridFigure", "Each channel scaled to its own range; the layer's values: %1 … %2")
            .arg(humanValue(map.min()), humanValue(map.max()));
    return t;
}

void paintHeader(QPainter& p, const FeatureMap& map, const GridFigureOptions& o,
                 const GridFigureLayout& l) {
    const int titleSize = titlePixels(l.size.width()), textSize = textPixels(l.size.width());
    const QRect area = l.titleArea;
    p.setPen(Qt::black);
    p.setFont(fontOf(titleSize, true));
    p.drawText(QRect(area.left(), area.top(), area.width(), titleSize * 3 / 2),
               Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(map.layer));
    p.setFont(fontOf(textSize, false));
    const QString subtitle =
        QCoreApplication::translate("GridFigure", "%1 channels × %2 × %3 · colormap %4")
            .arg(map.channels)
            .arg(map.height)
            .arg(map.width)
            .arg(colormapName(o.colormap));
    p.drawText(QRect(area.left(), area.top() + titleSize * 3 / 2, area.width(), textSize * 3 / 2),
               Qt::AlignLeft | Qt::AlignVCenter, subtitle);

    const QRect bar = l.colorBar;
    for (int x = 0; x < bar.width(); ++x) {
        p.setPen(colorAt(o.colormap, double(x) / std::max(1, bar.width() - 1)));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(Qt::black);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    const BarText t = barText(map);
    const QRect labels(bar.left(), bar.bottom() + 4, bar.width(), textSize * 3 / 2);
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, t.low);
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop, t.high);
    if (!t.mid.isEmpty()) p.drawText(labels, Qt::AlignHCenter | Qt::AlignTop, t.mid);
    // Under the subtitle, left of the bar: the bar takes the right third of the header.
    p.drawText(QRect(area.left(), area.top() + titleSize * 3 / 2 + textSize * 3 / 2,
                     area.width() - bar.width() - textSize, textSize * 3 / 2),
               Qt::AlignLeft | Qt::AlignVCenter, t.caption);
}

}  // namespace

namespace {
// The middle of the run of tile pixels p with p * n / length == i (the nearest rule below).
int middleOf(int i, int n, int length) {
    const int64_t first = (int64_t(i) * length + n - 1) / n;
    const int64_t last = (int64_t(i + 1) * length + n - 1) / n - 1;
    return int((first + last) / 2);
}
}  // namespace

QPoint GridFigureLayout::pixelAt(int position, int x, int y) const {
    return tileAt(position) + QPoint(middleOf(x, mapSize.width(), tile.width()),
                                     middleOf(y, mapSize.height(), tile.height()));
}

QPoint GridFigureLayout::tileAt(int position) const {
    return gridOrigin + QPoint((position % columns) * cellWidth, (position / columns) * cellHeight);
}

GridFigureLayout gridFigureLayout(const FeatureMap& map, const GridFigureOptions& o) {
    GridFigureLayout l;
    const int width = std::max(GridFigureLayout::kMinWidth, o.width);
    const int margin = width / 60;
    const int count = std::max(1, map.channels);
    l.columns = std::max(1, int(std::ceil(std::sqrt(double(count)))));
    const int rows = (count + l.columns - 1) / l.columns;
    const int w = std::max(1, map.width), h = std::max(1, map.height);
    // Tiles fill the width, with gaps of about 1/16 of a tile; never smaller than the map.
    const int perTile = (width - 2 * margin) / l.columns;
    l.mapSize = QSize(w, h);
    l.tile.setWidth(std::max(w, perTile * 15 / 16));
    l.tile.setHeight(std::max(h, int(std::lround(double(l.tile.width()) * h / w))));
    const int gap = std::max(2, l.tile.width() / 16);
    const int strip = o.originColors.isEmpty() ? 0 : std::max(3, l.tile.height() / 10);
    l.cellWidth = l.tile.width() + gap;
    l.cellHeight = l.tile.height() + strip + gap;

    const int titleSize = titlePixels(width), textSize = textPixels(width);
    // Title, subtitle and caption lines on the left; the bar and its labels fit beside them.
    const int headerHeight = titleSize * 3 / 2 + textSize * 3;
    const int gridWidth = l.columns * l.cellWidth - gap;
    l.size = QSize(std::max(width, gridWidth + 2 * margin),
                   margin + headerHeight + margin + rows * l.cellHeight - gap + margin);
    l.titleArea = QRect(margin, margin, l.size.width() - 2 * margin, headerHeight);
    const int barWidth = l.size.width() / 3;
    l.colorBar =
        QRect(l.titleArea.right() + 1 - barWidth, margin + titleSize / 4, barWidth, titleSize);
    l.gridOrigin = QPoint(margin, margin + headerHeight + margin);
    return l;
}

QImage renderGridFigure(const FeatureMap& map, const GridFigureOptions& o) {
    const size_t plane = size_t(map.height) * size_t(map.width);
    if (map.bytes.size() != plane * size_t(map.channels))
        throw Error("The feature map of " + map.layer +
                    " has no picture yet: run the image again.");
    const GridFigureLayout l = gridFigureLayout(map, o);
    QImage out(l.size, QImage::Format_RGB32);
    if (out.isNull()) throw Error("The channel grid of " + map.layer + " is too large to draw.");
    out.fill(Qt::white);
    const QVector<QRgb>& lut = colorTable(o.colormap);
    const int tileW = l.tile.width(), tileH = l.tile.height();
    const int strip = l.cellHeight - tileH - (l.cellWidth - tileW);
    // Source column of each figure column (nearest), the same for every row and tile.
    std::vector<int> column(static_cast<size_t>(tileW));
    for (int x = 0; x < tileW; ++x) column[size_t(x)] = int(int64_t(x) * map.width / tileW);
    for (int position = 0; position < map.channels; ++position) {
        const int c = position < o.order.size() ? o.order[position] : position;
        if (c < 0 || c >= map.channels) continue;
        const uint8_t* bytes = map.bytes.data() + size_t(c) * plane;
        const QPoint at = l.tileAt(position);
        for (int y = 0; y < tileH; ++y) {
            auto* line = reinterpret_cast<QRgb*>(out.scanLine(at.y() + y)) + at.x();
            const uint8_t* src = bytes + size_t(int64_t(y) * map.height / tileH) * size_t(map.width);
            for (int x = 0; x < tileW; ++x) line[x] = lut[src[column[size_t(x)]]];
        }
        if (strip > 0 && c < o.originColors.size()) {
            const QRgb rgb = o.originColors[c].rgb();
            for (int y = tileH; y < tileH + strip; ++y) {
                auto* line = reinterpret_cast<QRgb*>(out.scanLine(at.y() + y)) + at.x();
                std::fill(line, line + tileW, rgb);
            }
        }
    }
    QPainter p(&out);
    p.setRenderHint(QPainter::TextAntialiasing);
    paintHeader(p, map, o, l);
    return out;
}

}  // namespace ds::ui
