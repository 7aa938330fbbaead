#include "chart_items.h"

#include <QFontMetrics>

#include <cmath>
#include <utility>

namespace ds::ui {

SpanLabel::SpanLabel(QCustomPlot* plot, double first, double last, QString longText,
                     QString shortText)
    : QCPItemText(plot),
      m_first(first),
      m_last(last),
      m_long(std::move(longText)),
      m_short(std::move(shortText)) {
    setText(m_long);
}

void SpanLabel::draw(QCPPainter* painter) {
    QCPAxis* x = position->keyAxis();
    const double width = x ? std::abs(x->coordToPixel(m_last) - x->coordToPixel(m_first)) : 0;
    const QFontMetrics metrics(mainFont());
    const int room = int(width) - padding().left() - padding().right() - 2;
    m_shown = metrics.horizontalAdvance(m_long) <= room    ? m_long
              : metrics.horizontalAdvance(m_short) <= room ? m_short
                                                          : QString();
    if (m_shown.isEmpty()) return;
    setText(m_shown);
    QCPItemText::draw(painter);
}

QRect UnclippedGraph::clipRect() const {
    return mParentPlot ? mParentPlot->viewport() : QCPGraph::clipRect();
}

}  // namespace ds::ui
