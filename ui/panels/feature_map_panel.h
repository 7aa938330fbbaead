#pragma once
// The feature-map browser: every channel of the selected module's output as a grid of
// thumbnails (colormap, shared or per-channel scaling, sorting by mean), a large view
// of the clicked channel (colorbar, value under the cursor, overlay on the network input),
// the origin of each channel of a dense block's output (colour strip + legend, in the
// palette of layer_colors.h) and exports (PNG, .npy, CSV; see feature_export.h).
//
// The panel never quantises: it paints the map's 8-bit form (FeatureMap::bytes, made by
// core) through the colormap's colour table. When the user picks another scaling or colormap
// it emits bytesWanted(); whoever owns the maps (the inference worker) answers with the same
// map in that scaling through setFeatureMap(). Until then the pixels, the colour bar and the
// exports keep describing the bytes the panel has, so they never disagree.
#include <QImage>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

#include "channel_origin.h"
#include "colormap.h"
#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/feature_maps.h"
#include "thumbnail_grid.h"

class QAction;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLayout;
class QLabel;
class QScrollArea;
class QSlider;
class QToolButton;

namespace ds {
struct FeatureMap;
}

namespace ds::ui {
class ChannelView;
}

namespace ds::ui {

class FeatureMapPanel : public QWidget {
    Q_OBJECT
public:
    explicit FeatureMapPanel(QWidget* parent = nullptr);

    // The model's structure: fills the layer chooser and gives dense blocks their layout.
    void setSummary(const ds::ModelSummary& summary);
    // Shows `map` (all channels, from map->bytes); `networkInput` is the 224x224 image the
    // network saw, used for the overlay. Keeps the selected channel when it still exists.
    void setFeatureMap(std::shared_ptr<const ds::FeatureMap> map, const QImage& networkInput);
    void clear();
    // Presentation scale (1 = normal): thumbnails and fonts grow for a classroom.
    void setScale(double scale);

    // Colormap: nullopt = automatic (viridis, or the diverging map when the map has negatives).
    void setColormap(std::optional<ds::ui::Colormap> map);
    ds::ui::Colormap effectiveColormap() const;
    void setScaling(ds::MapScaling scaling);
    ds::MapScaling scaling() const { return m_scaling; }
    // Whether the bytes should be symmetric around zero: yes for a diverging colormap, no for
    // others, nullopt when the colormap is automatic (ds::prefersSymmetric decides per map).
    std::optional<bool> wantedSymmetric() const;
    // Whether the shown map's bytes are in the scaling the controls ask for.
    bool bytesUpToDate() const;
    void setSort(ds::ui::ChannelSort sort);
    void setTileSize(int pixels);  // before scaling
    // Opens channel `channel` in the large view (-1 closes it). Does not emit.
    void selectChannel(int channel);
    void setOverlay(bool on, double opacity);

    std::shared_ptr<const ds::FeatureMap> featureMap() const { return m_map; }
    const QImage& networkInput() const { return m_input; }
    int thumbnailCount() const;
    int selectedChannel() const { return m_channel; }
    // Origin of each channel when the map is a dense block's output (invalid otherwise).
    ds::ui::BlockLayout blockLayout() const { return m_layout; }
    int channelOrigin(int channel) const { return m_layout.originOf(channel); }
    QString legendText() const;
    ds::ui::ThumbnailGrid* grid() const { return m_grid; }
    ds::ui::ChannelView* channelView() const { return m_view; }
    QString statusText() const;

    // Exports for the current map with the current colormap and normalisation. They throw
    // ds::Error with a message for a person; the menu actions catch it and show it in place.
    // The grid in the order shown, as a titled figure with a colour bar (grid_figure.h).
    void exportGridPng(const QString& path) const;
    void exportChannelPng(int channel, const QString& path,
                          int scale = 1) const;                     // W*scale x H*scale
    void exportMapNpy(const QString& path) const;                   // [C, H, W] float32
    void exportChannelNpy(int channel, const QString& path) const;  // [H, W] float32
    void exportChannelCsv(int channel, const QString& path) const;  // H lines of W values
    void exportMapCsv(const QString& path) const;                   // channel,y,x,value
    void exportStatsCsv(const QString& path) const;                 // channel,origin,min,max,mean

signals:
    // The user picked a layer here (layer chooser, legend or a channel's origin link).
    void layerSelected(const QString& layer);
    void channelSelected(int channel);
    // The controls ask for another 8-bit form of the current map (see the top of this file).
    void bytesWanted(ds::MapScaling scaling, std::optional<bool> symmetric);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitLegend();  // the legend's wrapped height at the current width
    QWidget* buildControls();  // feature_map_panel_controls.cpp, with the three below
    void retranslateControls();  // on QEvent::LanguageChange (retranslate.h): texts again
    void addDisplayCombos(QWidget* box, QLayout* flow);
    void addSizeSlider(QWidget* box, QLayout* flow);
    QToolButton* buildExportButton(QWidget* box);
    QWidget* buildSideView();
    void rebuildThumbnails();
    void requestBytesIfStale();
    ds::ValueRange shownRange(int channel) const;  // the range the shown bytes were made with
    void applyOrder();
    void showChannel(int channel);
    void updateHeader();
    void updateLegend();
    void updateTileSize();
    QString channelToolTip(int channel) const;
    QColor originColor(int channel) const;
    void runExport(const QString& what, const QString& filter, const QString& suffix,
                   const std::function<void(const QString&)>& write);
    void showStatus(const QString& text, bool error);
    const ds::FeatureMap& requireMap() const;  // throws ds::Error when there is none

    ds::ModelSummary m_summary;
    std::shared_ptr<const ds::FeatureMap> m_map;
    QImage m_input;
    ds::ui::BlockLayout m_layout;
    std::optional<ds::ui::Colormap> m_cmap;
    ds::MapScaling m_scaling = ds::MapScaling::PerChannel;
    ds::ui::ChannelSort m_sort = ds::ui::ChannelSort::Index;
    int m_channel = -1;
    int m_baseTile = 48;
    double m_scale = 1.0;
    double m_baseFontSize = 0;
    bool m_silent = false;

    QComboBox* m_layerCombo = nullptr;
    QLabel* m_info = nullptr;
    QComboBox* m_cmapCombo = nullptr;
    QComboBox* m_scalingCombo = nullptr;
    QComboBox* m_sortCombo = nullptr;
    QSlider* m_sizeSlider = nullptr;
    QToolButton* m_exportButton = nullptr;
    QList<QAction*> m_channelActions;  // the "Channel as …" exports: need an open channel
    QLabel* m_legend = nullptr;
    QScrollArea* m_scroll = nullptr;
    ds::ui::ThumbnailGrid* m_grid = nullptr;
    QLabel* m_channelTitle = nullptr;
    ds::ui::ChannelView* m_view = nullptr;
    QLabel* m_value = nullptr;
    QCheckBox* m_overlayCheck = nullptr;
    QSlider* m_opacitySlider = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace ds::ui
