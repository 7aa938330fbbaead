// CamPanel's strip through the network (cam_panel.h): a tile per strip layer (features.pool0,
// each dense block and each transition) with the map of the last pass and a short caption, the
// tiles as large as the panel has room for, and the strip's width at the least. The controls,
// the large map and the requests are in cam_panel.cpp.
#include <QScrollArea>

#include <algorithm>

#include "cam_figure.h"
#include "cam_panel.h"
#include "cam_panel_internal.h"
#include "cam_tile.h"
#include "densescope/module_names.h"
#include "flow_layout.h"
#include "human_format.h"

namespace ds::ui {

namespace cam_panel_internal {

// A strip layer's name in a few letters, for the tiles' captions.
QString shortName(const QString& layer) {
    const auto m = names::parseModule(layer.toStdString());
    if (m.rest.empty() && m.kind == names::ModulePath::Kind::DenseBlock)
        return CamPanel::tr("block %1").arg(m.block);
    if (m.rest.empty() && m.kind == names::ModulePath::Kind::Transition)
        return CamPanel::tr("trans. %1").arg(m.block);
    if (layer == QLatin1String(names::kPool0)) return CamPanel::tr("stem");
    return layer.section(QLatin1Char('.'), -1);
}

}  // namespace cam_panel_internal

using cam_panel_internal::shortName;

void CamPanel::buildStrip() {
    qDeleteAll(m_tiles);
    m_tiles.clear();
    for (const auto& l : m_stripLayers) {
        auto* tile = new CamTile(64);
        tile->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        tile->layer = l;
        connect(tile, &CamTile::clicked, this, &AnalysisPanel::layerRequested);
        m_stripRow->addWidget(tile);
        m_tiles << tile;
    }
    fitStripTiles();
}

void CamPanel::repaintStrip(double opacity, const CamMap* map) {
    for (auto* tile : m_tiles) {
        const CamMap* found = nullptr;
        if (m_result)
            for (const auto& m : m_result->maps)
                if (QString::fromStdString(m.layer) == tile->layer) found = &m;
        const QImage image = found && m_input ? camOverlay(*m_input, *found, Colormap::Inferno, opacity) : QImage();
        const QString caption = shortName(tile->layer);
        tile->setToolTip(found ? tr("%1: %2×%3, max %4").arg(tile->layer).arg(found->height).arg(found->width).arg(humanValue(found->max))
                               : tile->layer);
        tile->set(image, caption, map && found == map);
    }
}

void CamPanel::fitStripTiles() {
    // The strip's tiles grow with the room (a maximised panel): as large as the strip's width
    // allows in as few rows as keep them at least their least size, and no taller than half
    // the panel's height per row.
    if (m_tiles.isEmpty() || !m_stripScroll) return;
    const int n = int(m_tiles.size());
    const int least = m_tiles.first()->leastSide();
    const int width = m_stripScroll->viewport()->width() - 12;  // the flow layout's margins
    const int gap = 6, caption = fontMetrics().height() + 4;
    int side = least;
    for (int rows = 1; rows <= n; ++rows) {
        const int perRow = (n + rows - 1) / rows;
        const int wide = (width - gap * (perRow - 1)) / perRow;
        if (wide >= least || rows == n) {
            // The room the panel is shown in (its dock's viewport), not the panel's own
            // height, which follows the tiles' size.
            const QWidget* room = parentWidget() ? parentWidget() : this;
            const int tall = room->height() / 2 / rows - caption - gap;
            side = std::max(least, std::min(wide, tall));
            break;
        }
    }
    // Grow only past a fifth more than the least: a panel at its usual size keeps its tiles.
    if (side < least * 6 / 5) side = 0;
    for (CamTile* tile : m_tiles) tile->setSide(side);
}

int CamPanel::stripTileWidth() const {
    return m_tiles.isEmpty() ? 0 : m_tiles.first()->width();
}

QStringList CamPanel::stripCaptions() const {
    QStringList out;
    for (const CamTile* tile : m_tiles) out << tile->shownCaption();
    return out;
}

void CamPanel::fitStripWidth() {
    // The strip's title wraps at its width: at least about six Japanese characters (or a
    // dozen Latin letters) a line, never "ネッ / トワ / ーク" down the panel, and still room
    // for the controls and the large map beside it in the default layout at 1280×720.
    if (auto* scroll = findChild<QWidget*>(QStringLiteral("camStripScroll")))
        scroll->setMinimumWidth(fontMetrics().height() * 6);
}

}  // namespace ds::ui
