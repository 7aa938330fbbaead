#include "flow_layout.h"

#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace ds::ui {

FlowLayout::FlowLayout(QWidget* parent, int hSpacing, int vSpacing)
    : QLayout(parent), m_hSpace(hSpacing), m_vSpace(vSpacing) {
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() { qDeleteAll(m_items); }

void FlowLayout::addItem(QLayoutItem* item) { m_items.append(item); }

QLayoutItem* FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

QSize FlowLayout::minimumSize() const {
    QSize size;
    for (const QLayoutItem* item : m_items) size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
    int width = 0, height = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty()) continue;
        width += item->sizeHint().width() + (width > 0 ? spacing(Qt::Horizontal) : 0);
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return {width + m.left() + m.right(), height + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect& rect) {
    QLayout::setGeometry(rect);
    const int needed = doLayout(rect, false);
    // The rows this width needs become the widget's minimum height: the layouts above then
    // make room on their next pass.
    QWidget* w = parentWidget();
    if (w && needed != w->minimumHeight()) w->setMinimumHeight(needed);
}

int FlowLayout::spacing(Qt::Orientation o) const {
    const int own = o == Qt::Horizontal ? m_hSpace : m_vSpace;
    if (own >= 0) return own;
    const QWidget* w = parentWidget();
    if (!w) return 6;
    return w->style()->pixelMetric(o == Qt::Horizontal ? QStyle::PM_LayoutHorizontalSpacing
                                                       : QStyle::PM_LayoutVerticalSpacing,
                                   nullptr, w);
}

int FlowLayout::doLayout(const QRect& rect, bool testOnly) const {
    const QRect r = rect.marginsRemoved(contentsMargins());
    const int hSpace = std::max(0, spacing(Qt::Horizontal));
    const int vSpace = std::max(0, spacing(Qt::Vertical));
    int x = r.x(), y = r.y(), rowHeight = 0;
    for (QLayoutItem* item : m_items) {
        if (item->isEmpty()) continue;
        const QSize hint = item->sizeHint().boundedTo(QSize(r.width(), QWIDGETSIZE_MAX))
                               .expandedTo(item->minimumSize());
        if (x > r.x() && x + hint.width() > r.right() + 1) {  // wrap
            x = r.x();
            y += rowHeight + vSpace;
            rowHeight = 0;
        }
        if (!testOnly) item->setGeometry(QRect(QPoint(x, y), hint));
        x += hint.width() + hSpace;
        rowHeight = std::max(rowHeight, hint.height());
    }
    const QMargins m = contentsMargins();
    return y + rowHeight - rect.y() + m.bottom();
}

}  // namespace ds::ui
