#pragma once
// One CAM picture of the Where it looks tab (cam_panel.h) with a caption under it: the large
// map of the selected layer, and each tile of the strip through the network; clickable (the
// strip's tiles select their layer). Its least side follows the zoom; setSide() grows it with
// the room, never narrower than its caption.
#include <QImage>
#include <QString>
#include <QWidget>

namespace ds::ui {

class CamTile : public QWidget {
    Q_OBJECT
public:
    CamTile(int minSide, QWidget* parent = nullptr) : QWidget(parent), m_minSide(minSide) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }
    void set(const QImage& image, const QString& caption, bool selected);
    QString layer;
    // The picture's side at the least (follows the zoom).
    int leastSide() const { return m_minSide * fontMetrics().height() / 16; }
    // A side larger than the least, while the panel has the room (0: the least).
    void setSide(int side) {
        if (side == m_side) return;
        m_side = side;
        updateGeometry();
    }
    QSize minimumSizeHint() const override;
    // The caption as painted at the tile's width ("…" where it does not fit).
    QString shownCaption() const;
    QSize sizeHint() const override {
        return sizePolicy().horizontalPolicy() == QSizePolicy::Fixed ? minimumSizeHint()
                                                                     : minimumSizeHint() * 3 / 2;
    }

signals:
    void clicked(const QString& layer);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    int m_minSide;
    int m_side = 0;
    QImage m_image;
    QString m_caption;
    bool m_selected = false;
};

}  // namespace ds::ui
