#include "thumbnail_grid.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "densescope/engine.h"

namespace ds::ui {

QVector<int> channelOrder(const ds::FeatureMap& map, ChannelSort sort) {
    QVector<int> order(map.channels);
    std::iota(order.begin(), order.end(), 0);
    if (sort == ChannelSort::Index || int(map.channelMean.size()) != map.channels) return order;
    const auto& mean = map.channelMean;
    if (sort == ChannelSort::MeanDescending)
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return mean[a] > mean[b]; });
    else
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return mean[a] < mean[b]; });
    return order;
}

ThumbnailGrid::ThumbnailGrid(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ThumbnailGrid::setThumbnails(QVector<QImage> images, QVector<QColor> originColors) {
    m_images = std::move(images);
    m_originColors =
        originColors.size() == m_images.size() ? std::move(originColors) : QVector<QColor>{};
    if (m_order.size() != m_images.size()) setOrder({});
    if (m_selected >= m_images.size()) m_selected = -1;
    updateGeometry();
    update();
}

void ThumbnailGrid::clear() {
    m_images.clear();
    m_originColors.clear();
    m_order.clear();
    m_selected = -1;
    updateGeometry();
    update();
}

void ThumbnailGrid::setOrder(QVector<int> order) {
    if (order.size() != m_images.size()) {
        order.resize(m_images.size());
        std::iota(order.begin(), order.end(), 0);
    }
    m_order = std::move(order);
    update();
}

void ThumbnailGrid::setTileSize(int pixels) {
    m_tile = std::clamp(pixels, 8, 512);
    updateGeometry();
    update();
}

void ThumbnailGrid::setSelectedChannel(int channel) {
    m_selected = (channel >= 0 && channel < count()) ? channel : -1;
    update();
}

void ThumbnailGrid::setHighlightedRange(int first, int count) {
    m_highlightFirst = std::max(0, first);
    m_highlightCount = std::max(0, count);
    update();
}

void ThumbnailGrid::setToolTipProvider(std::function<QString(int)> provider) {
    m_toolTip = std::move(provider);
}

int ThumbnailGrid::stripHeight() const {
    return m_originColors.isEmpty() ? 0 : std::max(3, m_tile / 10);
}

int ThumbnailGrid::columns() const { return std::max(1, (width() - kSpacing) / cellWidth()); }

QRect ThumbnailGrid::tileRect(int position) const {
    const int cols = columns();
    return QRect(kSpacing + (position % cols) * cellWidth(),
                 kSpacing + (position / cols) * cellHeight(), m_tile, m_tile + stripHeight());
}

int ThumbnailGrid::channelAt(const QPoint& pos) const {
    const int col = (pos.x() - kSpacing) / cellWidth();
    const int row = (pos.y() - kSpacing) / cellHeight();
    if (pos.x() < kSpacing || pos.y() < kSpacing || col >= columns()) return -1;
    const int position = row * columns() + col;
    if (position < 0 || position >= m_order.size() || !tileRect(position).contains(pos)) return -1;
    return m_order[position];
}

QSize ThumbnailGrid::sizeHint() const {
    const int cols = std::max(1, int(std::ceil(std::sqrt(double(std::max(1, count()))))));
    const int w = kSpacing + std::min(cols, 12) * cellWidth();
    return {w, heightForWidth(w)};
}

int ThumbnailGrid::heightForWidth(int width) const {
    const int cols = std::max(1, (width - kSpacing) / cellWidth());
    const int rows = (count() + cols - 1) / cols;
    return kSpacing + rows * cellHeight();
}

void ThumbnailGrid::paintTile(QPainter& p, const QRect& cell, int channel,
                              bool showSelection) const {
    const QImage& img = m_images[channel];
    const QRect box(cell.topLeft(), QSize(m_tile, m_tile));
    QSize fitted = img.size().scaled(box.size(), Qt::KeepAspectRatio);
    const QRect target(box.x() + (box.width() - fitted.width()) / 2,
                       box.y() + (box.height() - fitted.height()) / 2, fitted.width(),
                       fitted.height());
    p.drawImage(target, img);
    if (!m_originColors.isEmpty())
        p.fillRect(QRect(cell.left(), box.bottom() + 1, m_tile, stripHeight()),
                   m_originColors[channel]);
    if (channel >= m_highlightFirst && channel < m_highlightFirst + m_highlightCount) {
        QColor tint = palette().color(QPalette::Highlight);
        p.setPen(QPen(tint, 2, Qt::DashLine));
        tint.setAlpha(60);
        p.setBrush(tint);
        p.drawRect(cell.adjusted(-1, -1, 0, 0));
    }
    if (showSelection && channel == m_selected) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cell.adjusted(-2, -2, 1, 1));
    }
}

void ThumbnailGrid::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(event->rect(), palette().color(QPalette::Base));
    if (m_images.isEmpty()) return;
    const int cols = columns();
    const int firstRow = std::max(0, (event->rect().top() - kSpacing) / cellHeight());
    const int lastRow = (event->rect().bottom() - kSpacing) / cellHeight();
    for (int row = firstRow; row <= lastRow; ++row)
        for (int col = 0; col < cols; ++col) {
            const int position = row * cols + col;
            if (position >= m_order.size()) return;
            paintTile(p, tileRect(position), m_order[position], true);
        }
}

void ThumbnailGrid::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const int channel = channelAt(event->position().toPoint());
    if (channel < 0) return;
    setSelectedChannel(channel);
    emit channelClicked(channel);
}

bool ThumbnailGrid::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int channel = channelAt(help->pos());
        const int position = int(m_order.indexOf(channel));
        if (channel >= 0 && m_toolTip)
            QToolTip::showText(help->globalPos(), m_toolTip(channel), this, tileRect(position));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

QImage ThumbnailGrid::renderImage(int cols) const {
    if (cols <= 0) cols = std::max(1, int(std::ceil(std::sqrt(double(std::max(1, count()))))));
    const int rows = std::max(1, (count() + cols - 1) / cols);
    QImage out(kSpacing + cols * cellWidth(), kSpacing + rows * cellHeight(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    for (int position = 0; position < m_order.size(); ++position) {
        const QRect cell(kSpacing + (position % cols) * cellWidth(),
                         kSpacing + (position / cols) * cellHeight(), m_tile,
                         m_tile + stripHeight());
        paintTile(p, cell, m_order[position], false);
    }
    return out;
}

}  // namespace ds::ui
