#pragma once
// A one-line label that gives way: it asks for its whole text (sizeHint) but accepts as little
// as an ellipsis (minimumSizeHint), and paints what fits with "…" at the end. The status bar
// squeezes its permanent widgets below their minimum when the window is narrow or zoomed in,
// and plain QLabels then paint over each other; these never do. The whole text stays in the
// tooltip when it is cut.
#include <QLabel>

namespace ds::ui {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    // The full text (QLabel::text() is the same); what is painted may be shorter.
    void setFullText(const QString& text);
    // The text as painted at the current width ("" when not even "…" fits).
    QString shownText() const;
    bool isElided() const { return shownText() != text(); }
    // A tooltip of its own; the full text is appended to it while the text is cut.
    void setBaseToolTip(const QString& tip);

    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateToolTip();
    QString m_baseToolTip;
};

}  // namespace ds::ui
