#pragma once
// Feature maps as 8-bit pictures: the float -> byte step behind every thumbnail, done for all
// channels of a map in one pass. No LibTorch or Qt types: the UI calls this on the
// FeatureMap it received, or asks the engine for the bytes directly (EngineOptions::mapBytes),
// which on CUDA computes them on the device.
#include <cstdint>
#include <vector>

#include "engine.h"

namespace ds {

enum class MapScaling {
    PerChannel,  // each channel's own [min, max] -> [0, 255]
    Shared,      // the whole map's [min, max] -> [0, 255]
};

// Fills map.channelMin / channelMax / channelMean from map.data (one pass per channel).
void computeChannelStats(FeatureMap& map);

// Index = round(255 * (v - lo) / (hi - lo)), clamped to [0, 255], with [lo, hi] chosen by
// `scaling` from the map's statistics (computeChannelStats must have run). symmetric: the
// range is [-m, m] with m the largest magnitude, so 0 maps to the middle (diverging
// colormaps). A constant channel (hi <= lo) gives 0, or 128 when symmetric; NaN gives 0.
// `out` receives channels * height * width bytes, channel-major like map.data.
void mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric, uint8_t* out);
std::vector<uint8_t> mapToBytes(const FeatureMap& map, MapScaling scaling = MapScaling::PerChannel,
                                bool symmetric = false);

// The quantisation above for one channel of n values with its range [lo, hi] already chosen
// (symmetric only decides the constant-channel value). Vectorised; mapToBytes uses it.
void quantizeChannel(const float* values, size_t n, float lo, float hi, bool symmetric,
                     uint8_t* out);

// The quantisation above for one value, for callers that draw single channels themselves.
inline uint8_t quantizeValue(float v, float lo, float hi, bool symmetric) {
    if (!(hi > lo)) return symmetric ? 128 : 0;
    const float t = (v - lo) / (hi - lo) * 255.f;
    if (!(t > 0.f)) return 0;
    if (t >= 255.f) return 255;
    return uint8_t(t + 0.5f);
}

}  // namespace ds
