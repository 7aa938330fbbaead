// FeatureMapPanel: its controls, the side view and the exports (the rest is in
// feature_map_panel.cpp).
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "channel_view.h"
#include "dialog_folder.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "feature_export.h"
#include "feature_map_panel.h"
#include "flow_layout.h"
#include "grid_figure.h"
#include "human_format.h"

namespace ds::ui {

QWidget* FeatureMapPanel::buildControls() {
    // One flowing row: on a wide panel everything sits on one line; on a narrow one (a
    // 1280 x 720 screen, or zoomed in) the controls wrap instead of widening the window.
    auto* box = new QWidget(this);
    auto* flow = new FlowLayout(box);
    m_layerCombo = new QComboBox(box);
    m_layerCombo->setObjectName(QStringLiteral("layerCombo"));
    m_layerCombo->setToolTip(tr("Layer whose output is shown"));
    m_layerCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // It asks for its longest entry but may be narrower: the flow gives it the whole row
    // before cutting anything, and a zoomed font must not make the window wider than a screen.
    m_layerCombo->setMinimumWidth(m_layerCombo->fontMetrics().averageCharWidth() * 16);
    connect(m_layerCombo, &QComboBox::activated, this,
            [this](int index) { emit layerSelected(m_layerCombo->itemData(index).toString()); });
    m_info = new QLabel(box);
    m_info->setObjectName(QStringLiteral("mapInfo"));
    // A long layer name must not set the panel's minimum width; the flow gives it a row.
    m_info->setMinimumWidth(m_info->fontMetrics().averageCharWidth() * 12);
    flow->addWidget(m_layerCombo);
    flow->addWidget(m_info);
    addDisplayCombos(box, flow);
    addSizeSlider(box, flow);
    m_exportButton = buildExportButton(box);
    flow->addWidget(m_exportButton);
    return box;
}

namespace {
// A label and its control kept together on one line of the flow.
QHBoxLayout* pairIn(QWidget* box, QLayout* flow) {
    auto* pair = new QWidget(box);
    auto* row = new QHBoxLayout(pair);
    row->setContentsMargins(0, 0, 0, 0);
    flow->addWidget(pair);
    return row;
}
}  // namespace

void FeatureMapPanel::addDisplayCombos(QWidget* box, QLayout* flow) {
    auto addCombo = [&](const QString& label, const QString& name) {
        QHBoxLayout* row = pairIn(box, flow);
        auto* l = new QLabel(label);
        auto* combo = new QComboBox;
        combo->setObjectName(name);
        l->setBuddy(combo);
        row->addWidget(l);
        row->addWidget(combo);
        return combo;
    };
    m_cmapCombo = addCombo(tr("&Colormap"), QStringLiteral("colormapCombo"));
    m_cmapCombo->addItem(tr("auto"), -1);
    m_cmapCombo->setItemData(
        0, tr("viridis, or RdBu centred on 0 when the map has negative values"), Qt::ToolTipRole);
    for (Colormap c : allColormaps()) m_cmapCombo->addItem(colormapName(c), int(c));
    connect(m_cmapCombo, &QComboBox::activated, this, [this](int i) {
        const int v = m_cmapCombo->itemData(i).toInt();
        setColormap(v < 0 ? std::nullopt : std::optional<Colormap>(Colormap(v)));
    });
    m_scalingCombo = addCombo(tr("Sc&aling"), QStringLiteral("scalingCombo"));
    m_scalingCombo->addItem(tr("per channel"), int(ds::MapScaling::PerChannel));
    m_scalingCombo->addItem(tr("shared"), int(ds::MapScaling::Shared));
    m_scalingCombo->setToolTip(
        tr("Per channel: each thumbnail uses its own min..max.\n"
           "Shared: one range for the whole layer, so channels compare."));
    connect(m_scalingCombo, &QComboBox::activated, this,
            [this](int i) { setScaling(ds::MapScaling(m_scalingCombo->itemData(i).toInt())); });
    m_sortCombo = addCombo(tr("&Sort"), QStringLiteral("sortCombo"));
    m_sortCombo->addItem(tr("index / origin"), int(ChannelSort::Index));
    m_sortCombo->addItem(tr("mean, highest first"), int(ChannelSort::MeanDescending));
    m_sortCombo->addItem(tr("mean, lowest first"), int(ChannelSort::MeanAscending));
    connect(m_sortCombo, &QComboBox::activated, this,
            [this](int i) { setSort(ChannelSort(m_sortCombo->itemData(i).toInt())); });
}

void FeatureMapPanel::addSizeSlider(QWidget* box, QLayout* flow) {
    QHBoxLayout* row = pairIn(box, flow);
    auto* label = new QLabel(tr("&Thumbnails"));
    m_sizeSlider = new QSlider(Qt::Horizontal);
    m_sizeSlider->setObjectName(QStringLiteral("thumbnailSizeSlider"));
    m_sizeSlider->setRange(16, 160);
    m_sizeSlider->setValue(m_baseTile);
    m_sizeSlider->setToolTip(tr("Thumbnail size before zoom, in pixels"));
    // Never a stub of a handle: at least ten characters wide, whatever the zoom.
    m_sizeSlider->setMinimumWidth(label->fontMetrics().averageCharWidth() * 10);
    label->setBuddy(m_sizeSlider);
    auto* value = new QLabel;
    value->setObjectName(QStringLiteral("thumbnailSizeLabel"));
    const auto showValue = [value](int v) { value->setText(tr("%1 px").arg(v)); };
    showValue(m_baseTile);
    connect(m_sizeSlider, &QSlider::valueChanged, this, [this, showValue](int v) {
        showValue(v);
        m_baseTile = v;
        updateTileSize();
    });
    row->addWidget(label);
    row->addWidget(m_sizeSlider, 1);
    row->addWidget(value);
}

QToolButton* FeatureMapPanel::buildExportButton(QWidget* box) {
    auto* button = new QToolButton(box);
    button->setObjectName(QStringLiteral("exportButton"));
    button->setText(tr("Export"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    const QString png = tr("PNG image (*.png)"), npy = tr("NumPy array (*.npy)"),
                  csv = tr("CSV (*.csv)");
    menu->addAction(tr("Grid as PNG…"), this, [=] {
        runExport(QStringLiteral("grid"), png, QStringLiteral("png"),
                  [this](const QString& p) { exportGridPng(p); });
    });
    menu->addAction(tr("Layer values as .npy [C, H, W]…"), this, [=] {
        runExport(QStringLiteral("values"), npy, QStringLiteral("npy"),
                  [this](const QString& p) { exportMapNpy(p); });
    });
    menu->addAction(tr("Layer values as CSV (channel, y, x, value)…"), this, [=] {
        runExport(QStringLiteral("values"), csv, QStringLiteral("csv"),
                  [this](const QString& p) { exportMapCsv(p); });
    });
    menu->addAction(tr("Channel statistics as CSV…"), this, [=] {
        runExport(QStringLiteral("stats"), csv, QStringLiteral("csv"),
                  [this](const QString& p) { exportStatsCsv(p); });
    });
    menu->addSeparator();
    // Disabled until a channel is open (showChannel()); the tooltip says how to open one.
    menu->setToolTipsVisible(true);
    m_channelActions << menu->addAction(tr("Channel as PNG…"), this, [=] {
        runExport(QStringLiteral("c%1").arg(m_channel), png, QStringLiteral("png"),
                  [this](const QString& p) {
                      // At least 224 pixels on the short side, whole pixels per value.
                      const int side =
                          m_map ? std::max(1, std::min(m_map->height, m_map->width)) : 1;
                      exportChannelPng(m_channel, p, std::max(1, (224 + side - 1) / side));
                  });
    });
    m_channelActions << menu->addAction(tr("Channel as .npy [H, W]…"), this, [=] {
        runExport(QStringLiteral("c%1").arg(m_channel), npy, QStringLiteral("npy"),
                  [this](const QString& p) { exportChannelNpy(m_channel, p); });
    });
    m_channelActions << menu->addAction(tr("Channel as CSV (H rows of W values)…"), this, [=] {
        runExport(QStringLiteral("c%1").arg(m_channel), csv, QStringLiteral("csv"),
                  [this](const QString& p) { exportChannelCsv(m_channel, p); });
    });
    for (QAction* a : m_channelActions) {  // until showChannel() opens one
        a->setEnabled(false);
        a->setToolTip(tr("Click a channel in the grid first."));
    }
    button->setMenu(menu);
    return button;
}

QWidget* FeatureMapPanel::buildSideView() {
    auto* side = new QWidget(this);
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(4, 0, 0, 0);
    m_channelTitle = new QLabel(side);
    m_channelTitle->setObjectName(QStringLiteral("channelTitle"));
    connect(m_channelTitle, &QLabel::linkActivated, this, &FeatureMapPanel::layerSelected);
    layout->addWidget(m_channelTitle);
    m_view = new ChannelView(side);
    m_view->setObjectName(QStringLiteral("channelView"));
    layout->addWidget(m_view, 1);
    m_value = new QLabel(side);
    m_value->setObjectName(QStringLiteral("valueUnderCursor"));
    m_value->setMinimumHeight(m_value->fontMetrics().height());
    connect(m_view, &ChannelView::hovered, this, [this](int x, int y, float v) {
        m_value->setText(x < 0 ? QString()
                               : tr("x %1, y %2: <b>%3</b>").arg(x).arg(y).arg(humanValue(v, 4)));
    });
    layout->addWidget(m_value);
    auto* overlay = new QHBoxLayout;
    m_overlayCheck = new QCheckBox(tr("&Overlay on input"), side);
    m_overlayCheck->setObjectName(QStringLiteral("overlayCheck"));
    m_opacitySlider = new QSlider(Qt::Horizontal, side);
    m_opacitySlider->setObjectName(QStringLiteral("opacitySlider"));
    m_opacitySlider->setRange(0, 100);
    m_opacitySlider->setValue(60);
    m_opacitySlider->setToolTip(tr("Opacity of the map over the network input"));
    m_opacitySlider->setEnabled(false);
    connect(m_overlayCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_opacitySlider->setEnabled(on);
        m_view->setOverlayEnabled(on);
    });
    connect(m_opacitySlider, &QSlider::valueChanged, this,
            [this](int v) { m_view->setOpacity(v / 100.0); });
    overlay->addWidget(m_overlayCheck);
    overlay->addWidget(m_opacitySlider, 1);
    layout->addLayout(overlay);
    return side;
}

void FeatureMapPanel::setOverlay(bool on, double opacity) {
    m_opacitySlider->setValue(int(std::lround(std::clamp(opacity, 0.0, 1.0) * 100)));
    m_overlayCheck->setChecked(on);
}

QString FeatureMapPanel::statusText() const { return m_status->text(); }

void FeatureMapPanel::showStatus(const QString& text, bool error) {
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828") : QString());
    m_status->setText(text);
    // No empty line under the thumbnails while there is nothing to say (a row of them).
    m_status->setVisible(!text.isEmpty());
}

void FeatureMapPanel::runExport(const QString& what, const QString& filter, const QString& suffix,
                                const std::function<void(const QString&)>& write) {
    if (!m_map) return showStatus(tr("Nothing to export yet: pick a layer first."), true);
    QString layer = QString::fromStdString(m_map->layer);
    layer.replace('.', '_');
    const QString suggested = dialogStartPath(layer + '_' + what + '.' + suffix);
    QString path = QFileDialog::getSaveFileName(this, tr("Export"), suggested, filter);
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    if (QFileInfo(path).suffix().isEmpty()) path += '.' + suffix;
    try {
        write(path);
        showStatus(tr("Saved %1").arg(QDir::toNativeSeparators(path)), false);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
}

void FeatureMapPanel::exportGridPng(const QString& path) const {
    const ds::FeatureMap& map = requireMap();
    GridFigureOptions options;
    options.colormap = effectiveColormap();
    options.order = m_grid->order();
    if (m_layout.valid())
        for (int c = 0; c < map.channels; ++c) options.originColors << originColor(c);
    writeImage(renderGridFigure(map, options), path);
}

void FeatureMapPanel::exportChannelPng(int channel, const QString& path, int scale) const {
    if (!m_map || channel < 0 || channel >= m_map->channels)
        throw ds::Error("Channel " + std::to_string(channel) +
                        " is not available: click a channel first.");
    if (m_map->bytes.size() != m_map->data.size())
        throw ds::Error("The map's picture is not ready yet: try again in a moment.");
    const size_t plane = size_t(m_map->height) * size_t(m_map->width);
    QImage img = indexedToRgb(m_map->bytes.data() + size_t(channel) * plane, m_map->width,
                              m_map->height, effectiveColormap());
    if (scale > 1)
        img = img.scaled(img.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    writeImage(img, path);
}

const ds::FeatureMap& FeatureMapPanel::requireMap() const {
    if (!m_map) throw ds::Error("There is no feature map to export: pick a layer first.");
    return *m_map;
}

void FeatureMapPanel::exportMapNpy(const QString& path) const { writeMapNpy(requireMap(), path); }
void FeatureMapPanel::exportChannelNpy(int channel, const QString& path) const {
    writeChannelNpy(requireMap(), channel, path);
}
void FeatureMapPanel::exportChannelCsv(int channel, const QString& path) const {
    writeChannelCsv(requireMap(), channel, path);
}
void FeatureMapPanel::exportMapCsv(const QString& path) const { writeMapCsv(requireMap(), path); }
void FeatureMapPanel::exportStatsCsv(const QString& path) const {
    writeStatsCsv(requireMap(), m_layout, path);
}

void FeatureMapPanel::retranslateControls() {
    // The labels beside the controls are their buddies.
    const auto label = [this](QWidget* buddy, const QString& text) {
        for (QLabel* l : findChildren<QLabel*>())
            if (l->buddy() == buddy) l->setText(text);
    };
    m_layerCombo->setToolTip(tr("Layer whose output is shown"));
    label(m_cmapCombo, tr("&Colormap"));
    m_cmapCombo->setItemText(0, tr("auto"));
    for (int i = 1; i < m_cmapCombo->count(); ++i)
        m_cmapCombo->setItemText(i, colormapName(Colormap(m_cmapCombo->itemData(i).toInt())));
    m_cmapCombo->setItemData(
        0, tr("viridis, or RdBu centred on 0 when the map has negative values"), Qt::ToolTipRole);
    label(m_scalingCombo, tr("Sc&aling"));
    m_scalingCombo->setItemText(0, tr("per channel"));
    m_scalingCombo->setItemText(1, tr("shared"));
    m_scalingCombo->setToolTip(
        tr("Per channel: each thumbnail uses its own min..max.\n"
           "Shared: one range for the whole layer, so channels compare."));
    label(m_sortCombo, tr("&Sort"));
    m_sortCombo->setItemText(0, tr("index / origin"));
    m_sortCombo->setItemText(1, tr("mean, highest first"));
    m_sortCombo->setItemText(2, tr("mean, lowest first"));
    label(m_sizeSlider, tr("&Thumbnails"));
    m_sizeSlider->setToolTip(tr("Thumbnail size before zoom, in pixels"));
    if (auto* value = findChild<QLabel*>(QStringLiteral("thumbnailSizeLabel")))
        value->setText(tr("%1 px").arg(m_sizeSlider->value()));
    m_exportButton->setText(tr("Export"));
    if (QMenu* menu = m_exportButton->menu()) {
        const QStringList texts{tr("Grid as PNG…"),
                                tr("Layer values as .npy [C, H, W]…"),
                                tr("Layer values as CSV (channel, y, x, value)…"),
                                tr("Channel statistics as CSV…"),
                                tr("Channel as PNG…"),
                                tr("Channel as .npy [H, W]…"),
                                tr("Channel as CSV (H rows of W values)…")};
        int i = 0;
        for (QAction* a : menu->actions())
            if (!a->isSeparator() && i < texts.size()) a->setText(texts[i++]);
    }
    m_overlayCheck->setText(tr("&Overlay on input"));
    m_opacitySlider->setToolTip(tr("Opacity of the map over the network input"));
    // What the panel shows, worded again from its state.
    updateHeader();
    updateLegend();
    showChannel(m_channel);
}

}  // namespace ds::ui
