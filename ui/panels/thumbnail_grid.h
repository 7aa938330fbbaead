#pragma once
// All channels of a feature map as one custom-painted grid of thumbnails (no widget per
// channel: thousands of channels paint in milliseconds). Lives inside a QScrollArea with
// widgetResizable; the height follows the width (heightForWidth).
#include <QColor>
#include <QPair>
#include <QImage>
#include <QVector>
#include <QWidget>

#include <functional>

namespace ds {
struct FeatureMap;
}

namespace ds::ui {

enum class ChannelSort { Index, MeanDescending, MeanAscending };

// Display order of the channels: Index keeps 0..C-1 (which is also origin order for a dense
// block); the mean sorts are stable, so ties stay in index order.
QVector<int> channelOrder(const ds::FeatureMap& map, ChannelSort sort);

class ThumbnailGrid : public QWidget {
    Q_OBJECT
public:
    explicit ThumbnailGrid(QWidget* parent = nullptr);

    // images[c] is channel c. originColors is empty or one colour per channel (drawn as a
    // strip under each thumbnail).
    void setThumbnails(QVector<QImage> images, QVector<QColor> originColors = {});
    void clear();
    void setOrder(QVector<int> order);  // channel indices in display order; empty = 0..C-1
    void setTileSize(int pixels);
    void setSelectedChannel(int channel);  // -1 = none; does not emit
    // Channels [first, first + count) drawn with a tinted frame (the Feature reuse tab's
    // source); count 0 clears.
    void setHighlightedRange(int first, int count);
    QPair<int, int> highlightedRange() const { return {m_highlightFirst, m_highlightCount}; }
    void setToolTipProvider(std::function<QString(int channel)> provider);

    int count() const { return m_images.size(); }
    const QImage& thumbnail(int channel) const { return m_images.at(channel); }
    int tileSize() const { return m_tile; }
    int selectedChannel() const { return m_selected; }
    const QVector<int>& order() const { return m_order; }
    int columns() const;
    int channelAt(const QPoint& pos) const;  // -1 when pos is between or outside tiles
    QRect tileRect(int position) const;      // position in display order
    // The whole grid as one image with `columns` columns (0 = ceil(sqrt(count))).
    QImage renderImage(int columns = 0) const;

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

signals:
    void channelClicked(int channel);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    int stripHeight() const;
    int cellWidth() const { return m_tile + kSpacing; }
    int cellHeight() const { return m_tile + stripHeight() + kSpacing; }
    void paintTile(QPainter& p, const QRect& cell, int channel, bool showSelection) const;
    static constexpr int kSpacing = 4;

    QVector<QImage> m_images;
    QVector<QColor> m_originColors;
    QVector<int> m_order;
    int m_tile = 48;
    int m_selected = -1;
    int m_highlightFirst = 0, m_highlightCount = 0;
    std::function<QString(int)> m_toolTip;
};

}  // namespace ds::ui
