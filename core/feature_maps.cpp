#include "feature_maps.h"

#include <algorithm>
#include <cmath>

namespace ds {

void computeChannelStats(FeatureMap& map) {
    const size_t plane = size_t(map.height) * size_t(map.width);
    map.channelMin.assign(size_t(map.channels), 0.f);
    map.channelMax.assign(size_t(map.channels), 0.f);
    map.channelMean.assign(size_t(map.channels), 0.f);
    if (plane == 0) return;
    for (int c = 0; c < map.channels; ++c) {
        const float* p = map.channel(c);
        float lo = p[0], hi = p[0];
        double sum = 0;
        for (size_t i = 0; i < plane; ++i) {
            lo = std::min(lo, p[i]);
            hi = std::max(hi, p[i]);
            sum += p[i];
        }
        map.channelMin[size_t(c)] = lo;
        map.channelMax[size_t(c)] = hi;
        map.channelMean[size_t(c)] = float(sum / double(plane));
    }
}

void mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric, uint8_t* out) {
    const size_t plane = size_t(map.height) * size_t(map.width);
    const bool haveStats = map.channelMin.size() == size_t(map.channels);
    const float sharedLo = map.min(), sharedHi = map.max();
    for (int c = 0; c < map.channels; ++c) {
        float lo = 0.f, hi = 0.f;
        if (haveStats) {
            lo = scaling == MapScaling::Shared ? sharedLo : map.channelMin[size_t(c)];
            hi = scaling == MapScaling::Shared ? sharedHi : map.channelMax[size_t(c)];
        }
        if (symmetric) {
            const float m = std::max(std::abs(lo), std::abs(hi));
            lo = -m;
            hi = m;
        }
        const float* p = map.channel(c);
        uint8_t* o = out + size_t(c) * plane;
        if (!(hi > lo)) {
            std::fill(o, o + plane, uint8_t(symmetric ? 128 : 0));
            continue;
        }
        // Same arithmetic as quantizeValue, written branch-free so it vectorises.
        const float range = hi - lo;
        for (size_t i = 0; i < plane; ++i) {
            float t = (p[i] - lo) / range * 255.f;
            t = t > 0.f ? t : 0.f;  // NaN -> 0
            t = t < 255.f ? t : 255.f;
            o[i] = uint8_t(t + 0.5f);
        }
    }
}

std::vector<uint8_t> mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric) {
    std::vector<uint8_t> out(map.data.size());
    mapToBytes(map, scaling, symmetric, out.data());
    return out;
}

}  // namespace ds
