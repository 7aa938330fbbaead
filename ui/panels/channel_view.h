#pragma once
// One channel of a feature map, large: the coloured map (pixels as squares, or smoothly
// blended over the network input image), a painted colorbar with its value range, and the
// value under the mouse cursor.
#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

#include "colormap.h"
#include "densescope/feature_maps.h"

namespace ds::ui {

class ChannelView : public QWidget {
    Q_OBJECT
public:
    explicit ChannelView(QWidget* parent = nullptr);

    // Copies the [height, width] plane: its values (shown under the cursor) and its 8-bit form
    // (painted through cmap's colour table), which was made with `range` (the colour bar).
    void setChannel(const float* values, const uint8_t* bytes, int width, int height,
                    ds::ValueRange range, Colormap cmap);
    void clear();
    bool hasChannel() const { return !m_values.empty(); }
    // The 224x224 network input shown under the map when the overlay is on.
    void setUnderlay(const QImage& image);
    void setOverlayEnabled(bool on);
    void setOpacity(double opacity);  // of the map over the underlay, 0..1
    bool overlayEnabled() const { return m_overlay; }
    double opacity() const { return m_opacity; }
    const QImage& image() const { return m_image; }  // the map in colour, one pixel per value
    // Value at map coordinates (x, y); NaN outside.
    float valueAt(int x, int y) const;
    // The map coordinates under widget position `pos`, or (-1, -1).
    QPoint mapPosition(const QPoint& pos) const;

    QSize sizeHint() const override { return {320, 280}; }
    // Small enough for a 1280 x 720 window; the splitter gives it more when there is room.
    QSize minimumSizeHint() const override { return {120, 90}; }

signals:
    // Map coordinates and value under the cursor; x = y = -1 when the cursor left the map.
    void hovered(int x, int y, float value);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect imageRect() const;
    QRect colorbarRect() const;
    int colorbarSpace() const;
    void paintColorbar(QPainter& p) const;

    std::vector<float> m_values;
    int m_width = 0;
    int m_height = 0;
    ds::ValueRange m_range;
    Colormap m_cmap = Colormap::Viridis;
    QImage m_image;
    QImage m_underlay;
    bool m_overlay = false;
    double m_opacity = 0.6;
};

}  // namespace ds::ui
