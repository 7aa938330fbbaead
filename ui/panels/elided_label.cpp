#include "elided_label.h"

#include <QPainter>
#include <QStyle>

namespace ds::ui {

ElidedLabel::ElidedLabel(QWidget* parent) : QLabel(parent) {
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    // Shrinks below its hint, down to its minimum; never wider than the hint.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ElidedLabel::setFullText(const QString& text) {
    setText(text);
    updateToolTip();
    update();
}

QString ElidedLabel::shownText() const {
    const int room = contentsRect().width() - 2 * margin();
    return fontMetrics().elidedText(text(), Qt::ElideRight, std::max(0, room));
}

void ElidedLabel::setBaseToolTip(const QString& tip) {
    m_baseToolTip = tip;
    updateToolTip();
}

QSize ElidedLabel::minimumSizeHint() const {
    // Room for "…" and a line: the label may give up its text, never its height.
    const QSize full = QLabel::minimumSizeHint();
    const int ellipsis = fontMetrics().horizontalAdvance(QChar(0x2026));
    const QMargins m = contentsMargins();
    return {std::min(full.width(), ellipsis + m.left() + m.right() + 2 * margin()), full.height()};
}

void ElidedLabel::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRect r = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
    style()->drawItemText(&painter, r, int(alignment()) | Qt::TextSingleLine, palette(),
                          isEnabled(), shownText(), foregroundRole());
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    updateToolTip();
}

void ElidedLabel::updateToolTip() {
    QString tip = m_baseToolTip;
    if (isElided() && !text().isEmpty()) tip = tip.isEmpty() ? text() : tip + '\n' + text();
    if (tip != toolTip()) setToolTip(tip);
}

}  // namespace ds::ui
