#include "device_maps.h"

#include <vector>

namespace ds {
namespace {

// round(255 (v - lo) / (hi - lo)) clamped, as feature_maps.h's quantizeValue, per channel.
torch::Tensor quantizeChannels(const torch::Tensor& flat, const torch::Tensor& lo,
                               const torch::Tensor& hi) {
    const auto l = lo.unsqueeze(1), h = hi.unsqueeze(1);
    auto q = (flat - l).div_(h - l).mul_(255.f);
    q.masked_fill_((h <= l).expand_as(q), 0.f);
    return q.nan_to_num_(0.f, 255.f, 0.f).clamp_(0.f, 255.f).add_(0.5f).to(torch::kUInt8);
}

}  // namespace

FeatureMap packedMapToHost(const std::string& name, const torch::Tensor& output, bool bytes) {
    const auto t = output[0].to(torch::kFloat).contiguous();
    const int64_t channels = t.size(0), plane = t.size(1) * t.size(2);
    const auto flat = t.view({channels, plane});
    std::vector<torch::Tensor> parts{flat.view(-1), flat.amin(1), flat.amax(1), flat.mean(1)};
    int64_t nbytes = 0;
    if (bytes) {
        // Pack the bytes as float words so one contiguous tensor crosses the bus.
        const auto q = quantizeChannels(flat, parts[1], parts[2]).view(-1);
        nbytes = q.numel();
        auto padded = torch::zeros({(nbytes + 3) / 4 * 4}, q.options());
        padded.narrow(0, 0, nbytes).copy_(q);
        parts.push_back(padded.view(torch::kFloat));
    }
    const auto host = torch::cat(parts).to(torch::kCPU);
    int64_t offset = 0;
    for (auto& part : parts) {
        const int64_t n = part.numel();
        part = host.narrow(0, offset, n);
        offset += n;
    }
    FeatureMap map;
    map.layer = name;
    map.channels = int(channels);
    map.height = int(t.size(1));
    map.width = int(t.size(2));
    map.data = hostValues<float>(parts[0]);
    map.channelMin = hostValues<float>(parts[1]);
    map.channelMax = hostValues<float>(parts[2]);
    map.channelMean = hostValues<float>(parts[3]);
    if (bytes) map.bytes = hostValues<uint8_t>(parts[4].view(torch::kUInt8).narrow(0, 0, nbytes));
    return map;
}

}  // namespace ds
