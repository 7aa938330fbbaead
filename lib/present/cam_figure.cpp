#include "cam_figure.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/image.h"
#include "human_format.h"

namespace ds::ui {

std::vector<float> upsampleCam(const CamMap& map, int size) {
    std::vector<float> out(size_t(size) * size, 0.f);
    if (map.width <= 0 || map.height <= 0 || map.values.size() != size_t(map.width) * map.height)
        return out;
    // Source coordinate of output pixel centre i: (i + 0.5) * in / out - 0.5, clamped.
    auto taps = [size](int in, std::vector<int>& lo, std::vector<int>& hi, std::vector<float>& f) {
        lo.resize(size_t(size));
        hi.resize(size_t(size));
        f.resize(size_t(size));
        const double scale = double(in) / size;
        for (int i = 0; i < size; ++i) {
            const double s = std::clamp((i + 0.5) * scale - 0.5, 0.0, double(in - 1));
            lo[size_t(i)] = int(std::floor(s));
            hi[size_t(i)] = std::min(lo[size_t(i)] + 1, in - 1);
            f[size_t(i)] = float(s - lo[size_t(i)]);
        }
    };
    std::vector<int> y0, y1, x0, x1;
    std::vector<float> fy, fx;
    taps(map.height, y0, y1, fy);
    taps(map.width, x0, x1, fx);
    const float* v = map.values.data();
    const int w = map.width;
    for (int y = 0; y < size; ++y) {
        const float* r0 = v + size_t(y0[size_t(y)]) * w;
        const float* r1 = v + size_t(y1[size_t(y)]) * w;
        const float b = fy[size_t(y)];
        for (int x = 0; x < size; ++x) {
            const float a = fx[size_t(x)];
            const float top = r0[x0[size_t(x)]] * (1 - a) + r0[x1[size_t(x)]] * a;
            const float bottom = r1[x0[size_t(x)]] * (1 - a) + r1[x1[size_t(x)]] * a;
            out[size_t(y) * size + x] = top * (1 - b) + bottom * b;
        }
    }
    return out;
}

std::vector<float> minMaxNormalized(std::vector<float> values) {
    if (values.empty()) return values;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const float low = *lo, range = *hi - *lo;
    for (auto& v : values) v = range > 0 ? (v - low) / range : 0.f;
    return values;
}

QImage camOverlay(const RgbImage& input224, const CamMap& map, Colormap colormap, double opacity) {
    constexpr int n = CamFigureLayout::kInput;
    if (input224.width != n || input224.height != n || !input224.valid())
        throw Error("The CAM overlay needs the 224x224 network input.");
    const auto t = minMaxNormalized(upsampleCam(map, n));
    const QVector<QRgb>& lut = colorTable(colormap);
    const double a = std::clamp(opacity, 0.0, 1.0);
    QImage out(n, n, QImage::Format_RGB32);
    for (int y = 0; y < n; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < n; ++x) {
            const size_t i = size_t(y) * n + x;
            const QRgb c = lut[std::clamp(int(std::lround(t[i] * 255.f)), 0, 255)];
            const uint8_t* p = input224.pixels.data() + 3 * i;
            auto mix = [a](int image, int colour) {
                return std::clamp(int(std::lround((1 - a) * image + a * colour)), 0, 255);
            };
            line[x] = qRgb(mix(p[0], qRed(c)), mix(p[1], qGreen(c)), mix(p[2], qBlue(c)));
        }
    }
    return out;
}

QImage camImage(const CamMap& map, Colormap colormap) {
    QImage out(std::max(1, map.width), std::max(1, map.height), QImage::Format_RGB32);
    out.fill(Qt::black);
    if (map.values.size() != size_t(map.width) * map.height) return out;
    const auto t = minMaxNormalized(map.values);
    const QVector<QRgb>& lut = colorTable(colormap);
    for (int y = 0; y < map.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < map.width; ++x)
            line[x] = lut[std::clamp(int(std::lround(t[size_t(y) * map.width + x] * 255.f)), 0, 255)];
    }
    return out;
}

QImage renderCamFigure(const RgbImage& input224, const CamMap& map, Colormap colormap,
                       double opacity) {
    using L = CamFigureLayout;
    QImage out(L::size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, camOverlay(input224, map, colormap, opacity));
    const QRect bar(L::kInput + L::kBarGap, 8, L::kBarWidth, L::kInput - 16);
    for (int y = 0; y < bar.height(); ++y) {
        p.setPen(colorAt(colormap, 1.0 - double(y) / std::max(1, bar.height() - 1)));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(Qt::black);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    float low = 0.f;
    if (!map.values.empty()) low = *std::min_element(map.values.begin(), map.values.end());
    QFont f;
    f.setPixelSize(11);
    p.setFont(f);
    p.setRenderHint(QPainter::TextAntialiasing);
    const int x = bar.right() + 5, w = L::kLabelWidth - 6;
    p.drawText(QRect(x, 0, w, 20), Qt::AlignLeft | Qt::AlignVCenter, humanValue(map.max));
    p.drawText(QRect(x, L::kInput - 20, w, 20), Qt::AlignLeft | Qt::AlignVCenter, humanValue(low));
    p.save();
    p.translate(x + 8, L::kInput / 2);
    p.rotate(-90);
    p.drawText(QRect(-80, -8, 160, 16), Qt::AlignCenter, QString::fromLatin1(map.layer.c_str()).section('.', -1));
    p.restore();
    return out;
}

}  // namespace ds::ui
