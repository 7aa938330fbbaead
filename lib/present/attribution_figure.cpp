#include "attribution_figure.h"

#include <algorithm>

#include "colormap.h"
#include "densescope/attribution.h"
#include "densescope/image.h"

namespace ds::ui {

QImage attributionOverlay(const RgbImage& input224, const AttributionResult& result) {
    const int w = result.width, h = result.height;
    QImage out(std::max(w, 1), std::max(h, 1), QImage::Format_RGB32);
    out.fill(qRgb(128, 128, 128));
    if (w <= 0 || h <= 0) return out;
    const std::vector<float> d = attributionDisplay(result);
    const bool hasInput = input224.valid() && input224.width == w && input224.height == h;
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const size_t i = size_t(y) * size_t(w) + size_t(x);
            double grey = 128;
            if (hasInput) {
                const uint8_t* p = &input224.pixels[i * 3];
                grey = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            }
            grey = 64 + 0.5 * grey;  // a dim grey input, so the heat stands out
            const double a = 0.85 * double(d[i]);
            const QColor c = colorAt(Colormap::Inferno, 0.25 + 0.75 * double(d[i]));
            auto mix = [&](int v) { return std::clamp(int((1 - a) * grey + a * v + 0.5), 0, 255); };
            line[x] = qRgb(mix(c.red()), mix(c.green()), mix(c.blue()));
        }
    }
    return out;
}

}  // namespace ds::ui
