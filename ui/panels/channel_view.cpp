#include "channel_view.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

#include "human_format.h"

namespace ds::ui {
namespace {
constexpr int kBarWidth = 14;
constexpr int kMargin = 6;
}  // namespace

ChannelView::ChannelView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ChannelView::setChannel(const float* values, const uint8_t* bytes, int width, int height,
                             ds::ValueRange range, Colormap cmap) {
    m_values.assign(values, values + size_t(width) * height);
    m_width = width;
    m_height = height;
    m_range = range;
    m_cmap = cmap;
    m_image = indexedToRgb(bytes, width, height, cmap);
    update();
}

void ChannelView::clear() {
    m_values.clear();
    m_width = m_height = 0;
    m_image = QImage();
    update();
}

void ChannelView::setUnderlay(const QImage& image) {
    m_underlay = image;
    update();
}

void ChannelView::setOverlayEnabled(bool on) {
    m_overlay = on;
    update();
}

void ChannelView::setOpacity(double opacity) {
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

float ChannelView::valueAt(int x, int y) const {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height)
        return std::numeric_limits<float>::quiet_NaN();
    return m_values[size_t(y) * m_width + x];
}

int ChannelView::colorbarSpace() const {
    // Bar, tick marks and the widest tick label.
    return kBarWidth + 6 + fontMetrics().horizontalAdvance(QStringLiteral("-0.000e+00"));
}

QRect ChannelView::imageRect() const {
    if (!hasChannel()) return {};
    const int textHeight = fontMetrics().height();
    const QRect area(kMargin, kMargin + textHeight / 2, width() - 3 * kMargin - colorbarSpace(),
                     height() - 2 * kMargin - textHeight);
    const QSize fitted = QSize(m_width, m_height).scaled(area.size(), Qt::KeepAspectRatio);
    // The image and its colorbar are centred together.
    const int group = fitted.width() + kMargin + colorbarSpace();
    return QRect(std::max(kMargin, (width() - group) / 2),
                 area.y() + (area.height() - fitted.height()) / 2, fitted.width(), fitted.height());
}

QRect ChannelView::colorbarRect() const {
    const QRect image = imageRect();
    return QRect(image.right() + 1 + kMargin * 2, image.y(), kBarWidth, image.height());
}

QPoint ChannelView::mapPosition(const QPoint& pos) const {
    const QRect r = imageRect();
    if (!r.contains(pos) || r.isEmpty()) return {-1, -1};
    return {std::min(m_width - 1, (pos.x() - r.x()) * m_width / r.width()),
            std::min(m_height - 1, (pos.y() - r.y()) * m_height / r.height())};
}

void ChannelView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (!hasChannel()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Click a channel to see it here"));
        return;
    }
    const QRect r = imageRect();
    if (m_overlay && !m_underlay.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(r, m_underlay);
        p.setOpacity(m_opacity);
        p.drawImage(r, m_image);  // smooth: a blurred heat map reads better over a photo
        p.setOpacity(1.0);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    } else {
        p.drawImage(r, m_image);  // nearest neighbour: one square per value
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r.adjusted(0, 0, -1, -1));
    paintColorbar(p);
}

void ChannelView::paintColorbar(QPainter& p) const {
    const QRect bar = colorbarRect();
    const QVector<QRgb>& table = colorTable(m_cmap);
    for (int y = 0; y < bar.height(); ++y) {
        const int index = 255 - int(std::lround(255.0 * y / std::max(1, bar.height() - 1)));
        p.fillRect(QRect(bar.x(), bar.y() + y, bar.width(), 1), QColor::fromRgb(table[index]));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    const int ticks = 5;
    const int textHeight = fontMetrics().height();
    for (int i = 0; i < ticks; ++i) {
        const double t = double(i) / (ticks - 1);
        double value = m_range.hi - t * (m_range.hi - m_range.lo);
        // A tick that should be 0 comes out as 1e-9 after the subtraction.
        if (std::abs(value) < 1e-6 * std::abs(m_range.hi - m_range.lo)) value = 0;
        const int y = bar.y() + int(std::lround(t * (bar.height() - 1)));
        p.drawLine(bar.right() + 1, y, bar.right() + 4, y);
        p.drawText(
            QRect(bar.right() + 6, y - textHeight / 2, width() - bar.right() - 6, textHeight),
            Qt::AlignLeft | Qt::AlignVCenter, humanValue(value));
    }
}

void ChannelView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint at = mapPosition(event->position().toPoint());
    emit hovered(at.x(), at.y(), valueAt(at.x(), at.y()));
}

void ChannelView::leaveEvent(QEvent*) {
    emit hovered(-1, -1, std::numeric_limits<float>::quiet_NaN());
}

}  // namespace ds::ui
