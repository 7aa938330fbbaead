#include "densescope/feature_maps.h"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

ValueRange channelRange(const FeatureMap& map, int channel, MapScaling scaling, bool symmetric) {
    float lo = 0.f, hi = 0.f;
    if (scaling == MapScaling::Shared) {
        lo = map.min();
        hi = map.max();
    } else if (channel >= 0 && size_t(channel) < map.channelMin.size() &&
               size_t(channel) < map.channelMax.size()) {
        lo = map.channelMin[size_t(channel)];
        hi = map.channelMax[size_t(channel)];
    }
    if (symmetric) {
        const float m = std::max(std::abs(lo), std::abs(hi));
        return {-m, m};
    }
    return {lo, hi};
}

bool prefersSymmetric(const FeatureMap& map) { return map.min() < 0.f; }

void mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric, uint8_t* out) {
    const size_t plane = size_t(map.height) * size_t(map.width);
    for (int c = 0; c < map.channels; ++c)
        quantizeChannel(map.channel(c), plane, channelRange(map, c, scaling, symmetric), symmetric,
                        out + size_t(c) * plane);
}

void ensureBytes(FeatureMap& map, MapScaling scaling, std::optional<bool> wanted) {
    const bool symmetric = wanted.value_or(prefersSymmetric(map));
    if (map.bytes.size() == map.data.size() && map.bytesScaling == scaling &&
        map.bytesSymmetric == symmetric)
        return;
    map.bytes.resize(map.data.size());
    mapToBytes(map, scaling, symmetric, map.bytes.data());
    map.bytesScaling = scaling;
    map.bytesSymmetric = symmetric;
}

void quantizeChannel(const float* p, size_t n, ValueRange r, bool symmetric, uint8_t* o) {
    const float lo = r.lo, hi = r.hi;
    if (!(hi > lo)) {
        std::fill(o, o + n, uint8_t(symmetric ? 128 : 0));
        return;
    }
    // Same arithmetic as quantizeValue. The compiler does not vectorise the NaN-safe clamps
    // (trapping math), so on x86 16 values at a time: maxps(t, 0) returns 0 for NaN, as
    // `t > 0 ? t : 0` does, and cvttps truncates as the cast does: bit-identical results.
    const float range = hi - lo;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128 vlo = _mm_set1_ps(lo), vrange = _mm_set1_ps(range), v255 = _mm_set1_ps(255.f);
    const __m128 zero = _mm_setzero_ps(), half = _mm_set1_ps(0.5f);
    for (; i + 16 <= n; i += 16) {
        __m128i q[4];
        for (int k = 0; k < 4; ++k) {
            __m128 t = _mm_loadu_ps(p + i + 4 * k);
            t = _mm_mul_ps(_mm_div_ps(_mm_sub_ps(t, vlo), vrange), v255);
            t = _mm_min_ps(_mm_max_ps(t, zero), v255);
            q[k] = _mm_cvttps_epi32(_mm_add_ps(t, half));
        }
        const __m128i words = _mm_packus_epi16(_mm_packs_epi32(q[0], q[1]), _mm_packs_epi32(q[2], q[3]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o + i), words);
    }
#endif
    for (; i < n; ++i) {
        float t = (p[i] - lo) / range * 255.f;
        t = t > 0.f ? t : 0.f;  // NaN -> 0
        t = t < 255.f ? t : 255.f;
        o[i] = uint8_t(t + 0.5f);
    }
}

std::vector<uint8_t> mapToBytes(const FeatureMap& map, MapScaling scaling, bool symmetric) {
    std::vector<uint8_t> out(map.data.size());
    mapToBytes(map, scaling, symmetric, out.data());
    return out;
}

}  // namespace ds
