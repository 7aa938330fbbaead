// CamTile (cam_tile.h): its size from the zoom, the room and the caption, and its painting.
#include "cam_tile.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ds::ui {

void CamTile::set(const QImage& image, const QString& caption, bool selected) {
    m_image = image;
    const bool relayout = caption != m_caption;
    m_caption = caption;
    m_selected = selected;
    if (relayout) updateGeometry();  // as wide as the caption (another language, layer)
    update();
}

QSize CamTile::minimumSizeHint() const {
    const int side = std::max(leastSide(), m_side);  // follows the zoom and the room
    // Never narrower than the caption: "ブロック 1" and "Transition 1" whole, not "ブロ… 1".
    const int caption = fontMetrics().horizontalAdvance(m_caption) + 4;
    return {std::max(side, caption), side + fontMetrics().height() + 4};
}

QString CamTile::shownCaption() const {
    return fontMetrics().elidedText(m_caption, Qt::ElideMiddle, width());
}

void CamTile::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int text = fontMetrics().height() + 4;
    const int side = std::max(1, std::min(width(), height() - text));
    const QRect pic((width() - side) / 2, 0, side, side);
    if (m_image.isNull()) {
        p.fillRect(pic, palette().color(QPalette::AlternateBase));
    } else {
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(pic, m_image);
    }
    if (m_selected) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.drawRect(pic.adjusted(1, 1, -2, -2));
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, side + 2, width(), text - 2), Qt::AlignHCenter | Qt::AlignTop,
               shownCaption());
}

void CamTile::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && !layer.isEmpty()) emit clicked(layer);
}

}  // namespace ds::ui
