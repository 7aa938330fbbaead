#include "feature_map_panel.h"
#include "retranslate.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

#include "channel_view.h"
#include "human_format.h"
#include "densescope/engine.h"
#include "layer_colors.h"
#include "densescope/module_names.h"

namespace ds::ui {

namespace {
QString shapeText(int c, int h, int w) {
    return QStringLiteral("%1 × %2 × %3").arg(c).arg(h).arg(w);
}
QString shortName(const std::string& name) {
    return QString::fromStdString(names::withoutFeatures(name));
}
}  // namespace

FeatureMapPanel::FeatureMapPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("featureMapPanel"));
    m_baseFontSize = font().pointSizeF();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    m_baseTile = 36;  // four rows of thumbnails in the default layout at 1280 x 720
    layout->addWidget(buildControls());

    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("originLegend"));
    m_legend->setWordWrap(true);
    // No height-for-width: a scroll area around the panel would then ask for the panel's
    // preferred height and scroll too early. resizeEvent() reserves the wrapped height.
    QSizePolicy legendPolicy = m_legend->sizePolicy();
    legendPolicy.setHeightForWidth(false);
    m_legend->setSizePolicy(legendPolicy);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setVisible(false);
    connect(m_legend, &QLabel::linkActivated, this, &FeatureMapPanel::layerSelected);
    layout->addWidget(m_legend);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_grid = new ThumbnailGrid;
    m_grid->setObjectName(QStringLiteral("thumbnailGrid"));
    m_grid->setToolTipProvider([this](int c) { return channelToolTip(c); });
    connect(m_grid, &ThumbnailGrid::channelClicked, this, [this](int c) {
        showChannel(c);
        emit channelSelected(c);
    });
    m_scroll = new QScrollArea;
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_grid);
    splitter->addWidget(m_scroll);
    splitter->addWidget(buildSideView());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400});  // proportions: the grid gets most of the width
    layout->addWidget(splitter, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();  // shown with a text (showStatus)
    layout->addWidget(m_status);
    clear();
    onLanguageChange(
        this, [this] { retranslateControls(); }, /*now=*/false);
}

void FeatureMapPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegend();
}

void FeatureMapPanel::fitLegend() {
    const int width = m_legend->width() > 0 ? m_legend->width() : this->width();
    // QLabel's heightForWidth() is never less than its minimum height: measured with the
    // minimum of before, the height of a zoomed legend stayed after Ctrl+0 (rows spread
    // around the legend). Measure without it.
    m_legend->setMinimumHeight(0);
    m_legend->setMinimumHeight(m_legend->isHidden() ? 0 : m_legend->heightForWidth(width));
}

void FeatureMapPanel::setSummary(const ds::ModelSummary& summary) {
    m_summary = summary;
    const QSignalBlocker block(m_layerCombo);
    m_layerCombo->clear();
    for (const auto& l : summary.layers) {
        if (l.type == ds::LayerType::Classifier) continue;
        const QString indent =
            l.type == ds::LayerType::DenseLayer ? QStringLiteral("    ") : QString();
        m_layerCombo->addItem(indent + shortName(l.name) + QStringLiteral("  (") +
                                  shapeText(l.outChannels, l.height, l.width) + ')',
                              QString::fromStdString(l.name));
    }
    if (m_map) {
        m_layout = ds::ui::blockLayout(m_summary, m_map->layer);
        m_layerCombo->setCurrentIndex(m_layerCombo->findData(QString::fromStdString(m_map->layer)));
        rebuildThumbnails();
    } else {
        m_layerCombo->setCurrentIndex(-1);
    }
}

void FeatureMapPanel::setFeatureMap(std::shared_ptr<const ds::FeatureMap> map,
                                    const QImage& networkInput) {
    if (!map) return clear();
    const bool sameLayer = m_map && m_map->layer == map->layer && m_map->channels == map->channels;
    m_map = std::move(map);
    m_input = networkInput;
    m_layout = ds::ui::blockLayout(m_summary, m_map->layer);
    m_view->setUnderlay(m_input);
    {
        const QSignalBlocker block(m_layerCombo);
        m_layerCombo->setCurrentIndex(m_layerCombo->findData(QString::fromStdString(m_map->layer)));
    }
    rebuildThumbnails();
    showChannel(sameLayer ? m_channel : -1);
    showStatus({}, false);
    requestBytesIfStale();
}

void FeatureMapPanel::clear() {
    m_map.reset();
    m_layout = {};
    m_grid->clear();
    m_view->clear();
    m_channel = -1;
    updateHeader();
    updateLegend();
    showChannel(-1);
}

void FeatureMapPanel::setScale(double scale) {
    m_scale = std::clamp(scale, 0.5, 4.0);
    QFont f = font();
    f.setPointSizeF((m_baseFontSize > 0 ? m_baseFontSize : QApplication::font().pointSizeF()) *
                    m_scale);
    setFont(f);
    // The size slider stays a usable control at any zoom (its width is in characters).
    m_sizeSlider->setMinimumWidth(fontMetrics().averageCharWidth() * 10);
    updateTileSize();
    fitLegend();
    // Again once laid out at the new type: the legend's width then is the one to wrap at (a
    // zoom undone would otherwise keep the zoomed legend's height).
    // (The label's rich text keeps the layout it had at the old type until its text is set.)
    QTimer::singleShot(0, this, [this] {
        const QString text = m_legend->text();
        m_legend->clear();
        m_legend->setText(text);
        fitLegend();
    });
}

void FeatureMapPanel::setColormap(std::optional<Colormap> map) {
    m_cmap = map;
    const QSignalBlocker block(m_cmapCombo);
    m_cmapCombo->setCurrentIndex(map ? m_cmapCombo->findData(int(*map)) : 0);
    rebuildThumbnails();
    showChannel(m_channel);
    requestBytesIfStale();
}

Colormap FeatureMapPanel::effectiveColormap() const {
    if (m_cmap) return *m_cmap;
    return (m_map && ds::prefersSymmetric(*m_map)) ? Colormap::Diverging : Colormap::Viridis;
}

std::optional<bool> FeatureMapPanel::wantedSymmetric() const {
    if (!m_cmap) return std::nullopt;
    return isDiverging(*m_cmap);
}

bool FeatureMapPanel::bytesUpToDate() const {
    if (!m_map) return true;
    const bool symmetric = wantedSymmetric().value_or(ds::prefersSymmetric(*m_map));
    return m_map->bytes.size() == m_map->data.size() && m_map->bytesScaling == m_scaling &&
           m_map->bytesSymmetric == symmetric;
}

void FeatureMapPanel::requestBytesIfStale() {
    if (!bytesUpToDate()) emit bytesWanted(m_scaling, wantedSymmetric());
}

ds::ValueRange FeatureMapPanel::shownRange(int channel) const {
    return ds::channelRange(*m_map, channel, m_map->bytesScaling, m_map->bytesSymmetric);
}

void FeatureMapPanel::setScaling(ds::MapScaling scaling) {
    m_scaling = scaling;
    const QSignalBlocker block(m_scalingCombo);
    m_scalingCombo->setCurrentIndex(m_scalingCombo->findData(int(scaling)));
    requestBytesIfStale();
}

void FeatureMapPanel::setSort(ChannelSort sort) {
    m_sort = sort;
    const QSignalBlocker block(m_sortCombo);
    m_sortCombo->setCurrentIndex(m_sortCombo->findData(int(sort)));
    applyOrder();
}

void FeatureMapPanel::setTileSize(int pixels) {
    m_baseTile = pixels;
    const QSignalBlocker block(m_sizeSlider);
    m_sizeSlider->setValue(pixels);
    if (auto* value = findChild<QLabel*>(QStringLiteral("thumbnailSizeLabel")))
        value->setText(tr("%1 px").arg(pixels));
    updateTileSize();
}

void FeatureMapPanel::updateTileSize() {
    m_grid->setTileSize(int(std::lround(m_baseTile * m_scale)));
}

void FeatureMapPanel::selectChannel(int channel) { showChannel(channel); }

int FeatureMapPanel::thumbnailCount() const { return m_grid->count(); }

QColor FeatureMapPanel::originColor(int channel) const {
    const int origin = m_layout.originOf(channel);
    return origin < 0 ? QColor() : denseLayerColor(origin, m_layout.denseLayers);
}

void FeatureMapPanel::rebuildThumbnails() {
    updateHeader();
    updateLegend();
    const size_t values = m_map ? size_t(m_map->channels) * m_map->height * m_map->width : 0;
    if (!m_map || m_map->data.size() != values || m_map->bytes.size() != values) {
        m_grid->clear();
        return;
    }
    const Colormap cmap = effectiveColormap();
    const size_t plane = size_t(m_map->height) * size_t(m_map->width);
    QVector<QImage> images(m_map->channels);
    QVector<QColor> colors;
    for (int c = 0; c < m_map->channels; ++c)
        images[c] = indexedToRgb(m_map->bytes.data() + size_t(c) * plane, m_map->width,
                                 m_map->height, cmap);
    if (m_layout.valid() && m_layout.channels() == m_map->channels) {
        colors.resize(m_map->channels);
        for (int c = 0; c < m_map->channels; ++c) colors[c] = originColor(c);
    }
    m_grid->setThumbnails(std::move(images), std::move(colors));
    applyOrder();
}

void FeatureMapPanel::applyOrder() {
    if (m_map) m_grid->setOrder(channelOrder(*m_map, m_sort));
}

void FeatureMapPanel::showChannel(int channel) {
    m_channel = (m_map && channel >= 0 && channel < m_map->channels) ? channel : -1;
    for (QAction* a : m_channelActions) {
        a->setEnabled(m_channel >= 0);
        a->setToolTip(m_channel >= 0 ? QString() : tr("Click a channel in the grid first."));
    }
    m_grid->setSelectedChannel(m_channel);
    m_value->clear();
    if (m_channel < 0) {
        m_view->clear();
        m_channelTitle->setText(m_map ? tr("Click a thumbnail to open its channel.") : QString());
        return;
    }
    if (m_map->bytes.size() != m_map->data.size()) {
        m_view->clear();
        return;
    }
    const size_t plane = size_t(m_map->height) * size_t(m_map->width);
    m_view->setChannel(m_map->channel(m_channel), m_map->bytes.data() + size_t(m_channel) * plane,
                       m_map->width, m_map->height, shownRange(m_channel), effectiveColormap());
    QString title = tr("<b>channel %1</b> of %2").arg(m_channel).arg(m_map->channels);
    const int origin = m_layout.originOf(m_channel);
    if (origin > 0)
        title += tr(" · from <a href=\"%1\">denselayer%2</a>")
                     .arg(QString::fromStdString(ds::names::denseLayer(m_layout.block, origin)))
                     .arg(origin);
    else if (origin == 0)
        title += tr(" · from the block input");
    if (m_channel < int(m_map->channelMean.size()))
        title += tr("<br>min %1 · mean %2 · max %3")
                     .arg(humanValue(m_map->channelMin[m_channel]),
                          humanValue(m_map->channelMean[m_channel]),
                          humanValue(m_map->channelMax[m_channel]));
    m_channelTitle->setText(title);
}

void FeatureMapPanel::updateHeader() {
    if (!m_map) {
        m_info->setText(tr("No feature map yet: pick a layer and an image."));
        return;
    }
    const auto& m = *m_map;
    m_info->setText(tr("<b>%1</b> &nbsp; %2 &nbsp; values %3 … %4")
                        .arg(QString::fromStdString(m.layer),
                             shapeText(m.channels, m.height, m.width), humanValue(m.min()),
                             humanValue(m.max())));
}

QString FeatureMapPanel::legendText() const {
    return m_legend->isHidden() ? QString() : m_legend->text();
}

void FeatureMapPanel::updateLegend() {
    if (!m_map || !m_layout.valid() || m_layout.channels() != m_map->channels) {
        m_legend->setVisible(false);
        m_legend->clear();
        return;
    }
    auto chip = [&](int origin, const QString& label, const QString& link) {
        const int first = m_layout.firstChannel(origin);
        const QString range =
            QStringLiteral("%1–%2").arg(first).arg(first + m_layout.channelCount(origin) - 1);
        const QString square = QStringLiteral("<span style=\"color:%1; font-size:large\">■</span>")
                                   .arg(originColor(first).name());
        const QString text =
            link.isEmpty() ? label : QStringLiteral("<a href=\"%1\">%2</a>").arg(link, label);
        return QStringLiteral("<span title=\"channels %1\">%2&nbsp;%3</span>")
            .arg(range, square, text);
    };
    QStringList parts{tr("Channel origin in denseblock%1 (k0 = %2, k = %3):")
                          .arg(m_layout.block)
                          .arg(m_layout.inputChannels)
                          .arg(m_layout.growthRate),
                      chip(0, tr("input 0–%1").arg(m_layout.inputChannels - 1), {})};
    for (int l = 1; l <= m_layout.denseLayers; ++l)
        parts << chip(
            l, QStringLiteral("L%1").arg(l),
            QString::fromStdString(ds::names::denseLayer(m_layout.block, l)));
    m_legend->setText(parts.join(QStringLiteral(" &nbsp; ")));
    m_legend->setVisible(true);
    fitLegend();
}

QString FeatureMapPanel::channelToolTip(int c) const {
    if (!m_map) return {};
    QString text = tr("channel %1").arg(c);
    const int origin = m_layout.originOf(c);
    if (origin >= 0)
        text += tr(" · %1 (channels %2–%3)")
                    .arg(originName(origin))
                    .arg(m_layout.firstChannel(origin))
                    .arg(m_layout.firstChannel(origin) + m_layout.channelCount(origin) - 1);
    if (c < int(m_map->channelMean.size()))
        text += tr("\nmean %1 · min %2 · max %3")
                    .arg(humanValue(m_map->channelMean[c]), humanValue(m_map->channelMin[c]),
                         humanValue(m_map->channelMax[c]));
    return text;
}

}  // namespace ds::ui
