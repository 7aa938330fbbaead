#include "layer_colors.h"

#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <cmath>

#include "channel_origin.h"
#include "densescope/config.h"

namespace ds::ui {
namespace {

// matplotlib's turbo, 17 stops.
constexpr QRgb kTurbo[] = {0x30123b, 0x4040a2, 0x466be3, 0x4294ff, 0x28bceb, 0x18ddc2,
                           0x32f298, 0x6dfe62, 0xa4fc3c, 0xcdec34, 0xeecf3a, 0xfdac34,
                           0xfb7e21, 0xeb500e, 0xd02f05, 0xa91601, 0x7a0403};

QColor turbo(double t) {
    const double pos = std::clamp(t, 0.0, 1.0) * 16.0;
    const int a = std::min(int(pos), 15);
    const double f = pos - a;
    const QColor ca = QColor::fromRgb(kTurbo[a]), cb = QColor::fromRgb(kTurbo[a + 1]);
    return QColor(int(std::lround(ca.red() + (cb.red() - ca.red()) * f)),
                  int(std::lround(ca.green() + (cb.green() - ca.green()) * f)),
                  int(std::lround(ca.blue() + (cb.blue() - ca.blue()) * f)));
}

}  // namespace

QColor blockInputColor() { return QColor(0x9e, 0x9e, 0x9e); }

QColor denseLayerColor(int layer, int layersInBlock) {
    if (layer < 1) return blockInputColor();
    // Stay inside [0.08, 0.92]: turbo's ends are too dark to tell apart on small strips.
    const double t = layersInBlock <= 1 ? 0.5 : double(layer - 1) / double(layersInBlock - 1);
    return turbo(0.08 + 0.84 * t);
}

QColor layerColor(const ds::ModelSummary& summary, const ds::LayerInfo& info) {
    if (info.type != ds::LayerType::DenseLayer) return {};
    return denseLayerColor(info.layerIndex, denseLayersInBlock(summary, info.block));
}

QColor blockShadeColor(int block) {
    return block % 2 ? QColor(0x1f, 0x77, 0xb4, 28) : QColor(0x2c, 0xa0, 0x2c, 28);
}

QIcon colorSwatch(const QColor& color, int size) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    if (color.isValid()) {
        QPainter p(&pm);
        p.setPen(color.darker(140));
        p.setBrush(color);
        p.drawRect(0, 0, size - 1, size - 1);
    }
    return QIcon(pm);
}

}  // namespace ds::ui
