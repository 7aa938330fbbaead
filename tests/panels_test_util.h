#pragma once
// Shared helpers of the panel tests: small summaries and hand-made feature maps.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "feature_map_panel.h"
#include "densescope/feature_maps.h"

namespace panels_test {

inline ds::DenseNetConfig custom(int k, std::vector<int> blocks, int init, double theta = 0.5) {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = k;
    c.blockConfig = std::move(blocks);
    c.initFeatures = init;
    c.compression = theta;
    return c;
}

// k = 4, blocks 2-3, init 8, input 64: pool0 8x16x16, denseblock1 16x16x16, transition1 8x8x8,
// denseblock2 20x8x8.
inline ds::ModelSummary tinySummary() { return ds::summarize(custom(4, {2, 3}, 8), 64); }
inline ds::ModelSummary variantSummary(const char* name) {
    return ds::summarize(ds::DenseNetConfig::variant(name));
}

// A [C, H, W] map whose value at (c, y, x) is f(c, y, x), with its per-channel statistics.
template <typename F>
std::shared_ptr<ds::FeatureMap> makeMap(const std::string& layer, int C, int H, int W, F f) {
    auto m = std::make_shared<ds::FeatureMap>();
    m->layer = layer;
    m->channels = C;
    m->height = H;
    m->width = W;
    for (int c = 0; c < C; ++c) {
        float lo = INFINITY, hi = -INFINITY;
        double sum = 0;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const float v = f(c, y, x);
                m->data.push_back(v);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                sum += v;
            }
        m->channelMin.push_back(lo);
        m->channelMax.push_back(hi);
        m->channelMean.push_back(float(sum / (H * W)));
    }
    ds::ensureBytes(*m, ds::MapScaling::PerChannel, false);  // what the engine delivers
    return m;
}

// Answers the panel's bytesWanted() the way the inference worker does (a copy of the map in
// the asked scaling, through core's ensureBytes), at once, so tests need no worker.
inline void answerBytesRequests(ds::ui::FeatureMapPanel& panel) {
    QObject::connect(&panel, &ds::ui::FeatureMapPanel::bytesWanted, &panel,
                     [&panel](ds::MapScaling scaling, std::optional<bool> symmetric) {
                         auto map = std::make_shared<ds::FeatureMap>(*panel.featureMap());
                         ds::ensureBytes(*map, scaling, symmetric);
                         panel.setFeatureMap(map, panel.networkInput());
                     });
}

}  // namespace panels_test
