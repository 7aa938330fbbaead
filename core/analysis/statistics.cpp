// Statistics of one channel of a feature map (densescope/analysis.h). Plain C++ on the host
// map; the histogram bins values exactly as numpy.histogram(values, bins, range=(min, max))
// does in double precision, so the counts can be compared one for one.
#include <algorithm>
#include <cmath>
#include <string>

#include "densescope/analysis.h"
#include "densescope/errors.h"

namespace ds {

ChannelStatistics channelStatistics(const FeatureMap& map, int channel, int bins) {
    if (channel < 0 || channel >= map.channels)
        throw ConfigError("Channel " + std::to_string(channel) + " does not exist in " + map.layer +
                          ": it has channels 0 to " + std::to_string(map.channels - 1) + ".");
    if (bins < 1 || bins > 100000)
        throw ConfigError("The histogram needs 1 to 100000 bins, got " + std::to_string(bins) + ".");
    const size_t n = size_t(map.height) * size_t(map.width);
    if (n == 0 || map.data.size() < size_t(map.channels) * n)
        throw ConfigError("The map of " + map.layer + " holds no values.");
    const float* v = map.channel(channel);

    ChannelStatistics s;
    s.min = *std::min_element(v, v + n);
    s.max = *std::max_element(v, v + n);
    double sum = 0;
    size_t nonPositive = 0;
    for (size_t i = 0; i < n; ++i) {
        sum += v[i];
        nonPositive += v[i] <= 0.f;
    }
    s.mean = sum / double(n);
    double squares = 0;  // two passes: no cancellation for large means
    for (size_t i = 0; i < n; ++i) squares += (v[i] - s.mean) * (v[i] - s.mean);
    s.stddev = std::sqrt(squares / double(n));
    s.fractionNonPositive = double(nonPositive) / double(n);

    s.histogram.assign(size_t(bins), 0);
    const double lo = s.min, hi = s.max;
    if (!(hi > lo)) {  // a constant channel: every value in the first bin
        s.histogram[0] = int64_t(n);
        return s;
    }
    // numpy's uniform-bin path: edges i * step + lo (the last one exactly hi), a first guess
    // from the scaled value, then corrected against those edges.
    const double step = (hi - lo) / bins, norm = bins / (hi - lo);
    auto edge = [&](int i) { return i == bins ? hi : i * step + lo; };
    for (size_t i = 0; i < n; ++i) {
        const double x = v[i];
        int b = int((x - lo) * norm);
        b = std::clamp(b, 0, bins - 1);
        if (x < edge(b)) --b;
        if (b != bins - 1 && x >= edge(b + 1)) ++b;
        s.histogram[size_t(b)] += 1;
    }
    return s;
}

std::vector<double> histogramEdges(const ChannelStatistics& stats) {
    const int bins = int(stats.histogram.size());
    const double lo = stats.min, hi = stats.max;
    const double step = hi > lo ? (hi - lo) / bins : 1.0;
    std::vector<double> edges(size_t(bins) + 1);
    for (int i = 0; i <= bins; ++i) edges[size_t(i)] = i * step + lo;
    if (hi > lo) edges.back() = hi;
    return edges;
}

}  // namespace ds
