#pragma once
// A pixel attribution (densescope/attribution.h) as people are used to seeing it: per pixel the
// channels' absolute values summed, divided by their 99th percentile and clipped to [0, 1]
// (ds::attributionDisplay), coloured and laid over a grey copy of the network input. The
// app's Attributions tab and densescope-cli's `attribute --out FILE.png` both use it.
#include <QImage>

namespace ds {
struct AttributionResult;
struct RgbImage;
}  // namespace ds

namespace ds::ui {

// input224: the network input (networkInputImage()) of the same size as the attribution;
// empty or another size: a plain grey background. Format_RGB32, result.width x result.height.
QImage attributionOverlay(const RgbImage& input224, const AttributionResult& result);

}  // namespace ds::ui
