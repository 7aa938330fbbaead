// A layer's class activation map from its activations A and gradients g (cam.cpp computes
// them): analysis.h's formula for each method, the channel-weighted sums and Eigen-CAM's
// projections alike, and the CamMap that CamResult holds.
//
// The arithmetic runs in double on the float32 A and g, so the result does not depend on the
// order of the sums.
#include "cam_internal.h"

namespace ds::internal {
namespace {

torch::Tensor channelSum(const torch::Tensor& weighted, bool eigenSmooth) {
    return eigenSmooth ? eigenProjection(weighted) : torch::relu(weighted.sum(0));
}

}  // namespace

torch::Tensor camOf(CamMethod method, const torch::Tensor& a32, const torch::Tensor& g32,
                    bool eigenSmooth, const torch::Tensor& weights) {
    const auto a = a32.to(torch::kDouble);
    const auto g = g32.defined() ? g32.to(torch::kDouble) : torch::Tensor();
    switch (method) {
        case CamMethod::GradCam: {
            const auto w = g.mean({1, 2}, /*keepdim=*/true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::GradCamPlusPlus: {
            const auto g2 = g * g;
            const auto g3 = g2 * g;
            const auto sumA = a.sum({1, 2}, /*keepdim=*/true);
            auto alpha = g2 / (2.0 * g2 + sumA * g3 + 1e-6);
            alpha = torch::where(g != 0, alpha, torch::zeros_like(alpha));
            const auto w = (torch::relu(g) * alpha).sum({1, 2}, /*keepdim=*/true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::LayerCam:
            return channelSum(torch::relu(g) * a, eigenSmooth);
        case CamMethod::HiResCam:
            return channelSum(g * a, eigenSmooth);
        case CamMethod::GradCamElementWise:
            return channelSum(torch::relu(g * a), eigenSmooth);
        case CamMethod::XGradCam: {
            const auto w = (g * a).sum({1, 2}, true) / (a.sum({1, 2}, true) + 1e-7);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::EigenCam:
            return eigenProjection(a);
        case CamMethod::EigenGradCam:
            return eigenProjection(g * a);
        case CamMethod::Fem: {
            const auto mean = a.mean({1, 2}, true);
            const auto sd = a.std({1, 2}, /*unbiased=*/false, /*keepdim=*/true);
            const auto w = (a > mean + 2.0 * sd).to(torch::kDouble).mean({1, 2}, true);
            return channelSum(w * a, eigenSmooth);
        }
        case CamMethod::ScoreCam:
        case CamMethod::AblationCam:
            return channelSum(weights.to(a.device()).view({-1, 1, 1}) * a, eigenSmooth);
    }
    throw std::logic_error("unknown CAM method");
}

CamMap camMap(const std::string& layer, const torch::Tensor& cam) {
    const auto host = cam.to(torch::kCPU, torch::kFloat).contiguous();
    CamMap m;
    m.layer = layer;
    m.height = int(host.size(0));
    m.width = int(host.size(1));
    const float* p = host.data_ptr<float>();
    m.values.assign(p, p + host.numel());
    for (size_t i = 0; i < m.values.size(); ++i)
        if (m.values[i] > m.max || i == 0) {
            m.max = m.values[i];
            m.argmaxY = int(i) / m.width;
            m.argmaxX = int(i) % m.width;
        }
    return m;
}

}  // namespace ds::internal
