#pragma once
// Feature maps as 8-bit pictures: the float -> byte step behind every thumbnail, the large
// channel view and the PNG exports, for the app and the CLI alike. This is the one
// implementation: the engine's fused host copy (cpu_kernels) calls quantizeChannel, the
// device path (device_maps) does the same arithmetic as ATen ops and is tested bit-equal to
// it, and the UI only paints the resulting bytes through a colour table.
// No LibTorch or Qt types.
#include <cstdint>
#include <optional>
#include <vector>

#include "densescope/engine.h"

namespace ds {

// The values that map to the indices 0 and 255.
struct ValueRange {
    float lo = 0.f;
    float hi = 1.f;
};

// Fills map.channelMin / channelMax / channelMean from map.data (one pass per channel).
void computeChannelStats(FeatureMap& map);

// The range for channel `channel` (computeChannelStats must have run): that channel's
// [min, max] (PerChannel) or the whole map's (Shared). symmetric: [-m, m] with m the largest
// magnitude, so 0 maps to the middle index (for diverging colormaps).
ValueRange channelRange(const FeatureMap& map, int channel, MapScaling scaling, bool symmetric);

// The rule for "automatic": a map with negative values is shown symmetric around zero.
bool prefersSymmetric(const FeatureMap& map);

// Index = round(255 * (v - lo) / (hi - lo)), clamped to [0, 255]; NaN gives 0. A constant
// channel (hi <= lo) gives 0, or 128 when symmetric (its value is the middle colour).
inline uint8_t quantizeValue(float v, ValueRange r, bool symmetric) {
    if (!(r.hi > r.lo)) return symmetric ? 128 : 0;
    const float t = (v - r.lo) / (r.hi - r.lo) * 255.f;
    if (!(t > 0.f)) return 0;
    if (t >= 255.f) return 255;
    return uint8_t(t + 0.5f);
}

// quantizeValue over n values, vectorised (bit-identical results).
void quantizeChannel(const float* values, size_t n, ValueRange r, bool symmetric, uint8_t* out);

// Every channel with the range channelRange chooses. `out` receives channels * height * width
// bytes, channel-major like map.data.
void mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric, uint8_t* out);
std::vector<uint8_t> mapToBytes(const FeatureMap& map, MapScaling scaling = MapScaling::PerChannel,
                                bool symmetric = false);

// Makes map.bytes hold the given scaling (no work when it already does; the engine's bytes
// are PerChannel and not symmetric). symmetric nullopt: automatic (prefersSymmetric). The
// app's worker and the benchmark's app path call this on every map they deliver.
void ensureBytes(FeatureMap& map, MapScaling scaling, std::optional<bool> symmetric);

}  // namespace ds
