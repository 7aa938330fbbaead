#pragma once
// One tile of the Compare view (compare_panel.h): a method's picture with its name, its scores
// and its state under it; clickable.
#include <QFontMetrics>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QWidget>

namespace ds::ui {

class CompareTile : public QWidget {
    Q_OBJECT
public:
    explicit CompareTile(QWidget* parent = nullptr) : QWidget(parent) {
        setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        setCursor(Qt::PointingHandCursor);
    }
    void set(const QImage& image, const QString& name, const QString& line1, const QString& line2,
             const QString& tooltip) {
        m_image = image;
        m_name = name;
        m_line1 = line1;
        m_line2 = line2;
        setToolTip(tooltip);
        update();
    }
    void setSide(int side) {
        m_side = side;
        setFixedSize(side, side + 3 * fontMetrics().height() + 6);
    }
    int side() const { return m_side; }

signals:
    void clicked();

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const QRect pic(0, 0, m_side, m_side);
        if (m_image.isNull()) {
            p.fillRect(pic, palette().color(QPalette::AlternateBase));
        } else {
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(pic, m_image);
        }
        const int h = fontMetrics().height();
        QFont bold = font();
        bold.setBold(true);
        p.setPen(palette().color(QPalette::WindowText));
        p.setFont(bold);
        p.drawText(QRect(0, m_side + 2, width(), h), Qt::AlignHCenter,
                   QFontMetrics(bold).elidedText(m_name, Qt::ElideRight, width()));
        p.setFont(font());
        p.drawText(QRect(0, m_side + 2 + h, width(), h), Qt::AlignHCenter,
                   fontMetrics().elidedText(m_line1, Qt::ElideRight, width()));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(0, m_side + 2 + 2 * h, width(), h), Qt::AlignHCenter,
                   fontMetrics().elidedText(m_line2, Qt::ElideRight, width()));
    }
    void mousePressEvent(QMouseEvent* e) override {
        if (e->button() == Qt::LeftButton) emit clicked();
    }

private:
    QImage m_image;
    QString m_name, m_line1, m_line2;
    int m_side = 96;
};

}  // namespace ds::ui
