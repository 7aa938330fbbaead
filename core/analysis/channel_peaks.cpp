// Each channel's spatial maximum and its first position (analysis.h): what "top images per
// channel" ranks by. Uses the engine's ordinary fast forward pass with that one capture.
#include <cmath>
#include <limits>

#include "densescope/analysis.h"

namespace ds {

ChannelPeaks channelPeaks(const FeatureMap& map) {
    ChannelPeaks out;
    out.layer = map.layer;
    out.channels = map.channels;
    out.height = map.height;
    out.width = map.width;
    const size_t plane = size_t(map.height) * size_t(map.width);
    out.max.assign(size_t(map.channels), std::numeric_limits<float>::quiet_NaN());
    out.argmax.assign(size_t(map.channels), 0);
    if (plane == 0 || map.data.size() < plane * size_t(map.channels)) return out;
    for (int c = 0; c < map.channels; ++c) {
        const float* v = map.channel(c);
        // First maximum in row-major order; NaN values are passed over (a channel of NaN
        // only keeps max = NaN, position 0).
        size_t best = plane;
        for (size_t i = 0; i < plane; ++i)
            if (!std::isnan(v[i]) && (best == plane || v[i] > v[best])) best = i;
        if (best == plane) continue;
        out.max[size_t(c)] = v[best];
        out.argmax[size_t(c)] = int(best);
    }
    return out;
}

ChannelPeaks channelPeaks(Engine& engine, const RgbImage& image, const std::string& layer) {
    ClassifyResult r = engine.classify(image, 1, {layer});
    return channelPeaks(r.maps.at(0));
}

}  // namespace ds
