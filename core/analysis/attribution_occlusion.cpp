// Occlusion (attribution.h): the class's logit with each 16 x 16 window of the input set to 0,
// every 8 pixels, on the engine's fast forward in batches; a pixel's value is the mean drop of
// the logit over the windows that cover it. Forwards only, no gradients.
#include <algorithm>

#include "attribution_internal.h"

namespace ds::internal {

torch::Tensor occlusion(AttributionRun& run, const torch::Tensor& x, AttributionResult& result) {
    run.what = "Occlusion";
    torch::NoGradGuard noGrad;
    const auto base = run.fastLogits(x);
    const int target = run.predict(result, base[0]);
    const double y = double(base[0][target].item<float>());
    const int64_t H = x.size(2), W = x.size(3);
    const int64_t ny = (H - kOcclusionWindow) / kOcclusionStride + 1;
    const int64_t nx = (W - kOcclusionWindow) / kOcclusionStride + 1;
    const int total = int(ny * nx);
    std::vector<double> sum(size_t(H * W), 0.0), count(size_t(H * W), 0.0);
    const int64_t batch = std::max<int64_t>(1, (32 * 224 * 224) / (H * W));
    run.step(0, total);
    for (int first = 0; first < total; first += int(batch)) {
        const int n = int(std::min<int64_t>(batch, total - first));
        auto occluded = x.expand({n, 3, H, W}).clone();
        for (int i = 0; i < n; ++i) {
            const int64_t wy = (first + i) / nx * kOcclusionStride;
            const int64_t wx = (first + i) % nx * kOcclusionStride;
            occluded[i]
                .narrow(1, wy, kOcclusionWindow)
                .narrow(2, wx, kOcclusionWindow)
                .zero_();
        }
        const auto logits = run.fastLogits(occluded).select(1, target).to(torch::kDouble).contiguous();
        const double* yo = logits.data_ptr<double>();
        for (int i = 0; i < n; ++i) {
            const int64_t wy = (first + i) / nx * kOcclusionStride;
            const int64_t wx = (first + i) % nx * kOcclusionStride;
            const double d = y - yo[i];
            for (int64_t r = wy; r < wy + kOcclusionWindow; ++r)
                for (int64_t c = wx; c < wx + kOcclusionWindow; ++c) {
                    sum[size_t(r * W + c)] += d;
                    count[size_t(r * W + c)] += 1.0;
                }
        }
        result.forwards += n;
        run.step(first + n, total);
    }
    result.forwards += 1;
    auto plane = torch::zeros({H, W}, torch::kDouble);
    double* p = plane.data_ptr<double>();
    for (size_t i = 0; i < sum.size(); ++i)
        p[i] = count[i] > 0 ? sum[i] / count[i] : 0.0;
    return plane.to(torch::kFloat).unsqueeze(0).expand({3, H, W});
}

}  // namespace ds::internal
