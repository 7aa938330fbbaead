// The pixel attributions that average input gradients over many inputs (attribution.h):
// Integrated Gradients on the straight path from a black baseline (Gauss-Legendre nodes) and
// SmoothGrad over noisy copies of the input.
//
// Their inputs run in batches: the network's BatchNorm is in eval mode, so the batch elements
// are independent and d(sum of the batch's logits)/d(input) is each element's own gradient.
#include <algorithm>
#include <cmath>

#include <ATen/CPUGeneratorImpl.h>

#include "attribution_internal.h"

namespace ds::internal {
namespace {

// Gauss-Legendre nodes and weights on [-1, 1] (as numpy.polynomial.legendre.leggauss): Newton
// on P_m from Chebyshev guesses, in double.
void gaussLegendre(int m, std::vector<double>& nodes, std::vector<double>& weights) {
    nodes.assign(size_t(m), 0.0);
    weights.assign(size_t(m), 0.0);
    const double pi = std::acos(-1.0);
    for (int i = 0; i < m; ++i) {
        double x = std::cos(pi * (i + 0.75) / (m + 0.5));
        double dp = 1.0;
        for (int iter = 0; iter < 100; ++iter) {
            double p0 = 1.0, p1 = x;
            for (int k = 2; k <= m; ++k) {
                const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = m * (x * p1 - p0) / (x * x - 1.0);
            const double dx = p1 / dp;
            x -= dx;
            if (std::abs(dx) < 1e-16) break;
        }
        // recompute the derivative at the converged root
        double p0 = 1.0, p1 = x;
        for (int k = 2; k <= m; ++k) {
            const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        dp = m * (x * p1 - p0) / (x * x - 1.0);
        nodes[size_t(m - 1 - i)] = x;  // ascending, as numpy
        weights[size_t(m - 1 - i)] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
}

// Inputs per batch of the gradient passes: 8 at 224 x 224 (fewer for larger inputs), which
// keeps densenet121's recorded forward near a gigabyte.
int64_t gradientBatch(int64_t height, int64_t width) {
    return std::max<int64_t>(1, (8 * 224 * 224) / std::max<int64_t>(1, height * width));
}

}  // namespace

torch::Tensor integratedGradients(AttributionRun& run, const torch::Tensor& x, int steps,
                                  AttributionResult& result) {
    run.what = "Integrated Gradients";
    int target = 0;
    {
        torch::NoGradGuard noGrad;
        const auto ends = torch::cat({x, torch::zeros_like(x)}, 0);
        const auto logits = run.logits(ends, {}, {});
        target = run.predict(result, logits[0]);
        result.logitInput = double(logits[0][target].item<float>());
        result.logitBaseline = double(logits[1][target].item<float>());
    }
    const int64_t H = x.size(2), W = x.size(3);
    std::vector<double> t, w;
    gaussLegendre(steps, t, w);
    const int m = steps;
    const int64_t batch = gradientBatch(H, W);
    auto total = torch::zeros({3, H, W}, x.options().dtype(torch::kDouble));
    run.step(0, m);
    for (int first = 0; first < m; first += int(batch)) {
        const int n = int(std::min<int64_t>(batch, m - first));
        std::vector<float> alphas(static_cast<size_t>(n));
        std::vector<double> om(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) {
            alphas[size_t(i)] = float((t[size_t(first + i)] + 1.0) / 2.0);
            om[size_t(i)] = w[size_t(first + i)] / 2.0;
        }
        const auto a = torch::tensor(alphas).to(run.device).view({n, 1, 1, 1});
        const auto g = inputGradient(run, a * x, target, {});
        const auto o = torch::tensor(om, torch::kDouble).to(run.device).view({n, 1, 1, 1});
        total += (g.to(torch::kDouble) * o).sum(0);
        result.forwards += n;
        run.step(first + n, m);
    }
    const auto ig = x[0].to(torch::kDouble) * total;
    result.forwards += 2;
    const double sum = ig.sum().item<double>();
    result.completenessGap = std::abs(sum - (*result.logitInput - *result.logitBaseline));
    return ig.to(torch::kFloat);
}

torch::Tensor smoothGrad(AttributionRun& run, const torch::Tensor& x, int samples, uint64_t seed,
                         AttributionResult& result) {
    run.what = "SmoothGrad";
    int target = 0;
    {
        torch::NoGradGuard noGrad;
        const auto logits = run.fastLogits(x);
        target = run.predict(result, logits[0]);
    }
    const int64_t H = x.size(2), W = x.size(3);
    const int s = samples;
    auto generator = at::detail::createCPUGenerator(seed);
    const auto noise = torch::randn({s, 3, H, W}, generator, torch::kFloat);
    const double sigma = 0.15 * (x.max().item<double>() - x.min().item<double>());
    const int64_t batch = gradientBatch(H, W);
    auto total = torch::zeros({3, H, W}, x.options().dtype(torch::kDouble));
    run.step(0, s);
    for (int first = 0; first < s; first += int(batch)) {
        const int n = int(std::min<int64_t>(batch, s - first));
        const auto noisy = x + float(sigma) * noise.narrow(0, first, n).to(run.device);
        const auto g = inputGradient(run, noisy, target, {});
        total += g.abs().to(torch::kDouble).sum(0);
        result.forwards += n;
        run.step(first + n, s);
    }
    result.forwards += 1;
    return (total / double(s)).to(torch::kFloat);
}

}  // namespace ds::internal
