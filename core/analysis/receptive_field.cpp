// Receptive fields of the capturable modules: pure arithmetic on the config (analysis.h).
//
// Conventions. Input pixel i covers [i, i + 1) and has its centre at i + 0.5 (the half-pixel
// convention), so the network input's own "receptive field" is size 1, jump 1, start 0.5.
// A layer with kernel k, stride s and padding p applied to a map whose positions have field
// (size, jump, start) gives
//     size' = size + (k - 1) * jump,  jump' = jump * s,  start' = start + ((k - 1) / 2 - p) * jump.
// Output position (y, x) then sees the input square centred at start + (y, x) * jump with side
// size: [centre - size / 2, centre + size / 2). centre - size / 2 changes by -p * jump per layer
// (an integer), so every box edge is a whole pixel.
//
// The modules, in forward order: conv0 (7x7, s2, p3; norm0 and relu0 keep its field), pool0
// (3x3, s2, p1), then per dense block: dense layer l is BN-ReLU-conv1 (1x1) -BN-ReLU-conv2 (3x3,
// p1) on the concatenation of the block input and layers 1..l-1, so its deepest path runs
// through every earlier layer's 3x3 and its field is the block input's grown by 2 * l * jump.
// The block's output (the concatenation) is given its last layer's field, the largest of its
// channels (the block input's own channels see less). A transition is a 1x1 conv and a 2x2
// average pool with stride 2. norm5 keeps the last block's field.
#include <algorithm>
#include <cmath>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"

namespace ds {
namespace {

struct Field {
    int64_t size = 1, jump = 1;
    int64_t offset = 0;  // centre of position 0 minus size / 2 (always an integer)
    void layer(int k, int s, int p) {
        offset -= int64_t(p) * jump;
        size += int64_t(k - 1) * jump;
        jump *= s;
    }
    ReceptiveField result() const {
        ReceptiveField rf;
        rf.size = int(size);
        rf.jump = int(jump);
        rf.start = double(offset) + double(size) / 2.0;
        return rf;
    }
};

}  // namespace

ReceptiveField receptiveField(const DenseNetConfig& config, const std::string& layer) {
    config.validate();
    Field f;
    f.layer(7, 2, 3);  // conv0
    if (layer == names::kConv0 || layer == names::kNorm0 || layer == names::kRelu0)
        return f.result();
    f.layer(3, 2, 1);  // pool0
    if (layer == names::kPool0) return f.result();
    const int blocks = int(config.blockConfig.size());
    for (int b = 1; b <= blocks; ++b) {
        for (int l = 1; l <= config.blockConfig[size_t(b - 1)]; ++l) {
            f.layer(3, 1, 1);  // this dense layer's 3x3, on top of the previous one's
            if (layer == names::denseLayer(b, l)) return f.result();
        }
        if (layer == names::denseBlock(b)) return f.result();
        if (b < blocks) {
            f.layer(2, 2, 0);  // the transition's 1x1 conv keeps the field; its 2x2 pool
            if (layer == names::transition(b)) return f.result();
        }
    }
    if (layer == names::kNorm5) return f.result();
    throw LayerError("No receptive field for '" + layer +
                     "': it is not a capturable layer of this model (e.g. " + names::kPool0 +
                     ", " + names::denseLayer(1, 1) + ", " + names::denseBlock(1) + ", " +
                     names::kNorm5 + ").");
}

std::array<int, 4> receptiveBox(const ReceptiveField& rf, int y, int x, int inputSize) {
    auto span = [&](int i) {
        const double lo = rf.start - rf.size / 2.0 + double(i) * rf.jump;
        const auto first = int64_t(std::llround(lo));
        const int64_t last = first + rf.size;  // exclusive
        return std::pair<int, int>(int(std::clamp<int64_t>(first, 0, inputSize)),
                                   int(std::clamp<int64_t>(last, 0, inputSize)));
    };
    const auto [x0, x1] = span(x);
    const auto [y0, y1] = span(y);
    return {x0, y0, x1, y1};
}

}  // namespace ds
