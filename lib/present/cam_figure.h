#pragma once
// A class activation map (densescope/analysis.h) as a picture over the 224x224 network input:
// upsampled bilinearly to 224x224, min-max normalised, coloured and blended over the input.
// The app's "Where it looks" view and densescope-cli's `cam --out FILE.png` both use these.
#include <QImage>
#include <QString>

#include <vector>

#include "colormap.h"

namespace ds {
struct CamMap;
struct RgbImage;
}  // namespace ds

namespace ds::ui {

// The raw CAM resized to size x size with bilinear interpolation (pixel centres aligned as in
// torch's interpolate(align_corners=False) and OpenCV's resize), row-major.
std::vector<float> upsampleCam(const CamMap& map, int size);
// Values scaled to [0, 1] by their own min and max (all 0 when they are all equal).
std::vector<float> minMaxNormalized(std::vector<float> values);

// The network input (224x224 RGB, networkInputImage()) with the CAM over it:
// (1 - opacity) * input + opacity * colour(normalised CAM). opacity in [0, 1].
QImage camOverlay(const RgbImage& input224, const CamMap& map, Colormap colormap, double opacity);
// The CAM alone, coloured, at the module's resolution (for small strip tiles, nearest-enlarged
// by the painter).
QImage camImage(const CamMap& map, Colormap colormap);

// The exported figure: the overlay at exactly (0, 0)-(223, 223), and on its right a vertical
// colour bar labelled with the CAM's raw minimum and maximum. Text needs a QGuiApplication.
struct CamFigureLayout {
    static constexpr int kInput = 224;
    static constexpr int kBarGap = 8, kBarWidth = 14, kLabelWidth = 64;
    static QSize size() { return {kInput + kBarGap + kBarWidth + kLabelWidth, kInput}; }
};
QImage renderCamFigure(const RgbImage& input224, const CamMap& map, Colormap colormap,
                       double opacity = 0.5);

}  // namespace ds::ui
