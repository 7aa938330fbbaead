// Feature visualisation: the Lucid/Lucent recipe (Olah et al., "Feature Visualization",
// Distill 2017; Lucent's render_vis with its defaults), on the plain module.
//
//   image   = sigmoid(decorrelate(irfft2(scale * spectrum) / 4))        [1, 3, 224, 224]
//   spectrum: [1, 3, 224, 113] complex, N(0, 0.01^2) at the start; scale = 1 / max(|f|, 1/224)
//   decorrelate: Lucent's color_correlation_svd_sqrt divided by its largest column norm
//   each step: pad 12 (0.5), jitter 8, scale from {0.90, 0.92, ..., 1.10}, rotate from
//   {-10..10 degrees, 0 five times more}, jitter 4; ImageNet normalisation; the module's output;
//   ascent on the channel's mean with Adam (lr 0.05).
//
// The geometric transforms are one bilinear resampling (affine_grid + grid_sample) of the
// padded image, composed from the same parameters as Lucent's chain (its upsample, warp_affine
// and translate each resample; one resampling is cheaper and blurs less). Outside the padded
// image the samples are 0, as Lucent's zero-filled warps.
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "analysis_internal.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"
#include "torch_errors.h"

namespace ds {
namespace {

constexpr int kSize = kCropSize;  // the image synthesised: 224 x 224
constexpr int kPad = 12;
constexpr int kJitter1 = 8, kJitter2 = 4;
constexpr double kPi = 3.14159265358979323846;

// Where the channel is computed: the module whose output holds it, and its index there. A
// dense block's output is the concatenation of its input and its dense layers' outputs, so a
// block's channel is exactly one dense layer's channel (or one of the block input's): the
// forward and backward stop at that dense layer (or at the module before the block), and the
// layers after it, which cannot change the channel, are never computed.
struct Target {
    std::string module;
    int channel = 0;
};

Target narrowTarget(const DenseNetImpl& model, const std::string& layer, int channel) {
    const auto& f = *model.features;
    for (size_t b = 0; b < f.blocks.size(); ++b) {
        if (layer != names::denseBlock(int(b) + 1)) continue;
        const auto& block = *f.blocks[b];
        const int k0 = int(block.inChannels), k = int(block.growthRate);
        if (channel >= k0) {
            const int l = (channel - k0) / k;
            return {block.layerNames[size_t(l)], (channel - k0) % k};
        }
        return {b == 0 ? std::string(names::kPool0) : names::transition(int(b)), channel};
    }
    return {layer, channel};
}

int channelsOf(Engine& engine, const std::string& layer) {
    std::vector<std::string> known;
    for (const auto& info : engine.summary().layers) {
        if (info.name == layer) return info.outChannels;
        known.push_back(info.name);
    }
    names::checkLayerNames({layer}, known);  // throws: the same message as everywhere
    throw LayerError("Unknown layer '" + layer + "'.");
}

void checkChannel(Engine& engine, const std::string& layer, int channel) {
    const int channels = channelsOf(engine, layer);
    if (channel < 0 || channel >= channels)
        throw ConfigError("Channel " + std::to_string(channel) + " does not exist: " + layer +
                          " has " + std::to_string(channels) + " channels, 0.." +
                          std::to_string(channels - 1) + ".");
}

// ToTensor + Normalize on [1, 3, H, W] values in [0, 1], as torchvision computes it.
torch::Tensor normalize(const torch::Tensor& x) {
    const auto opts = x.options().requires_grad(false);
    const auto mean = torch::tensor({kImageNetMean[0], kImageNetMean[1], kImageNetMean[2]},
                                    torch::kFloat).to(opts.device()).view({1, 3, 1, 1});
    const auto std = torch::tensor({kImageNetStd[0], kImageNetStd[1], kImageNetStd[2]},
                                   torch::kFloat).to(opts.device()).view({1, 3, 1, 1});
    return (x - mean) / std;
}

RgbImage toRgb(const torch::Tensor& image01) {  // [1, 3, H, W] in [0, 1]
    const auto hwc = image01.detach()[0].permute({1, 2, 0}).mul(255.0).round().clamp(0, 255)
                         .to(torch::kCPU, torch::kUInt8).contiguous();
    RgbImage out;
    out.height = int(hwc.size(0));
    out.width = int(hwc.size(1));
    out.pixels.assign(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
    return out;
}

// The Fourier parameterisation (Lucent's fft_image) and colour decorrelation.
class FourierImage {
public:
    FourierImage(uint64_t seed, torch::Device device) {
        // rfft2d_freqs(224, 224): sqrt(fx^2 + fy^2) with numpy's fftfreq.
        const int wHalf = kSize / 2 + 1;
        auto freq = [](int i, int n) { return double(i < (n + 1) / 2 ? i : i - n) / n; };
        auto scale = torch::empty({kSize, wHalf}, torch::kFloat);
        auto s = scale.accessor<float, 2>();
        for (int y = 0; y < kSize; ++y)
            for (int x = 0; x < wHalf; ++x) {
                const double fy = freq(y, kSize), fx = freq(x, kSize);
                s[y][x] = float(1.0 / std::max(std::sqrt(fx * fx + fy * fy), 1.0 / kSize));
            }
        scale_ = scale.view({1, 1, kSize, wHalf, 1}).to(device);
        auto gen = at::detail::createCPUGenerator(seed);
        spectrum_ = (torch::randn({1, 3, kSize, wHalf, 2}, gen, torch::kFloat) * 0.01)
                        .to(device)
                        .requires_grad_(true);
        // Lucent's color_correlation_svd_sqrt, normalised by its largest column norm.
        const float m[3][3] = {{0.26f, 0.09f, 0.02f}, {0.27f, 0.00f, -0.05f}, {0.27f, -0.09f, 0.03f}};
        float maxNorm = 0.f;
        for (int c = 0; c < 3; ++c)
            maxNorm = std::max(maxNorm, std::sqrt(m[0][c] * m[0][c] + m[1][c] * m[1][c] +
                                                  m[2][c] * m[2][c]));
        auto color = torch::empty({3, 3}, torch::kFloat);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) color[r][c] = m[r][c] / maxNorm;
        color_ = color.to(device);
    }
    torch::Tensor& parameter() { return spectrum_; }
    // [1, 3, 224, 224] in (0, 1).
    torch::Tensor image() const {
        auto spectrum = torch::view_as_complex(scale_ * spectrum_);
        auto raw = torch::fft::irfftn(spectrum, c10::IntArrayRef{kSize, kSize},
                                      c10::IntArrayRef{2, 3}, "ortho") / 4.0;
        // out[c] = sum_k color[c][k] * raw[k]
        auto mixed = torch::matmul(color_, raw.view({3, kSize * kSize})).view({1, 3, kSize, kSize});
        return torch::sigmoid(mixed);
    }

private:
    torch::Tensor scale_, spectrum_, color_;
};

// One draw of Lucent's standard_transforms, as one affine map from the output's pixels to the
// padded image's pixels.
struct Transform {
    int outSize = 0;
    torch::Tensor grid;  // [1, outSize, outSize, 2] for grid_sample (align_corners)
};

using Mat3 = std::array<std::array<double, 3>, 3>;
Mat3 mul(const Mat3& a, const Mat3& b) {
    Mat3 r{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k) r[i][j] += a[i][k] * b[k][j];
    return r;
}
Mat3 affine(double a, double b, double c, double d, double e, double f) {
    return {{{a, b, c}, {d, e, f}, {0, 0, 1}}};
}
Mat3 inverse(const Mat3& m) {  // of an affine map
    const double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    const double a = m[1][1] / det, b = -m[0][1] / det, d = -m[1][0] / det, e = m[0][0] / det;
    return affine(a, b, -(a * m[0][2] + b * m[1][2]), d, e, -(d * m[0][2] + e * m[1][2]));
}

class TransformSampler {
public:
    explicit TransformSampler(uint64_t seed) : rng_(seed) {}
    Transform next(torch::Device device) {
        const int in = kSize + 2 * kPad;  // 248
        // jitter(8): translate by (dx, dy), each from 0..7
        const double dx1 = pick(kJitter1), dy1 = pick(kJitter1);
        // random_scale([1 + (i - 5) / 50 for i in range(11)]): bilinear resize (align_corners)
        // to ceil(s * 248), zero-padded back to at least 248 when smaller.
        const double s = 1.0 + (int(pick(11)) - 5) / 50.0;
        const int scaled = int(std::ceil(s * in - 1e-9));
        const int padBack = std::max(0, int(std::ceil((in - scaled) / 2.0)));
        const int out = scaled + 2 * padBack;
        // random_rotate(list(range(-10, 11)) + 5 * [0]) degrees, about the centre.
        const int angleIndex = int(pick(26));
        const double degrees = angleIndex < 21 ? angleIndex - 10 : 0;
        // jitter(4)
        const double dx2 = pick(kJitter2), dy2 = pick(kJitter2);

        const double k = double(scaled - 1) / (in - 1);
        const double c = (out - 1) / 2.0;
        const double a = std::cos(degrees * kPi / 180), b = std::sin(degrees * kPi / 180);
        // cv2/kornia rotation matrix: [[a, b, (1-a)cx - b cy], [-b, a, b cx + (1-a) cy]]
        const Mat3 rotate = affine(a, b, (1 - a) * c - b * c, -b, a, b * c + (1 - a) * c);
        const Mat3 forward = mul(affine(1, 0, dx2, 0, 1, dy2),
                                 mul(rotate, mul(affine(k, 0, padBack, 0, k, padBack),
                                                 affine(1, 0, dx1, 0, 1, dy1))));
        // grid_sample's normalised coordinates (align_corners): pixel = (u + 1) / 2 * (n - 1)
        const Mat3 fromOut = affine((out - 1) / 2.0, 0, (out - 1) / 2.0, 0, (out - 1) / 2.0,
                                    (out - 1) / 2.0);
        const Mat3 toIn = affine(2.0 / (in - 1), 0, -1, 0, 2.0 / (in - 1), -1);
        const Mat3 theta = mul(toIn, mul(inverse(forward), fromOut));
        auto t = torch::tensor({theta[0][0], theta[0][1], theta[0][2], theta[1][0], theta[1][1],
                                theta[1][2]},
                               torch::kFloat)
                     .view({1, 2, 3})
                     .to(device);
        return {out, torch::affine_grid_generator(t, {1, 3, out, out}, /*align_corners=*/true)};
    }

private:
    uint64_t pick(uint64_t n) { return rng_() % n; }
    std::mt19937_64 rng_;
};

float objectiveOf(DenseNetImpl& model, const torch::Tensor& input, const Target& target) {
    torch::NoGradGuard noGrad;
    const auto out = internal::walk(model, input, {}, target.module);
    return out.select(1, target.channel).mean().item<float>();
}

torch::Tensor imageTensor(const RgbImage& image, torch::Device device) {
    auto hwc = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()),
                                {image.height, image.width, 3}, torch::kUInt8);
    // (v / 255 - mean) / std in float, as torchvision's ToTensor + Normalize.
    auto x = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat).div(255.0f);
    return normalize(x).contiguous().to(device);
}

template <typename F>
auto wrapTorchErrors(const char* what, F&& f) {
    try {
        return f();
    } catch (const c10::Error& e) {
        if (isOutOfMemory(e))
            throw Error(std::string("Out of memory while ") + what +
                        ". Close other programs or use a smaller model.");
        throw Error(std::string(what) + " failed: " + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw Error(std::string("Out of memory while ") + what +
                    ". Close other programs or use a smaller model.");
    }
}

}  // namespace

float channelObjective(Engine& engine, const RgbImage& image224, const std::string& layer,
                       int channel) {
    auto& model = internal::EngineAccess::plainModel(engine);
    internal::checkLayerNames(model, {layer});
    checkChannel(engine, layer, channel);
    if (!image224.valid() || image224.width != kSize || image224.height != kSize)
        throw ImageError("The image to score must be 224 x 224 RGB (the network input), got " +
                         std::to_string(image224.width) + " x " + std::to_string(image224.height) +
                         ".");
    return wrapTorchErrors("scoring the channel", [&] {
        c10::InferenceMode inference(false);
        const auto device = internal::EngineAccess::device(engine);
        return objectiveOf(model, imageTensor(image224, device),
                           narrowTarget(model, layer, channel));
    });
}

struct ChannelVisualizer::State {
    State(Engine& e, const std::string& l, int c, const VisualizeOptions& o)
        : engine(e),
          layer(l),
          channel(c),
          options(o),
          device(internal::EngineAccess::device(e)),
          param(o.seed, device),
          sampler(o.seed),
          adam({param.parameter()}, torch::optim::AdamOptions(o.learningRate)) {}
    Engine& engine;
    std::string layer;
    int channel;
    VisualizeOptions options;
    torch::Device device;
    Target target;
    FourierImage param;
    TransformSampler sampler;
    torch::optim::Adam adam;
    float objectiveStart = 0.f;
    std::vector<float> objective;
};

ChannelVisualizer::ChannelVisualizer(Engine& engine, const std::string& layer, int channel,
                                     const VisualizeOptions& options) {
    auto& model = internal::EngineAccess::plainModel(engine);
    internal::checkLayerNames(model, {layer});
    checkChannel(engine, layer, channel);
    if (options.steps < 1 || options.steps > 100000)
        throw ConfigError("The number of steps must be 1..100000, got " +
                          std::to_string(options.steps) + ".");
    if (!(options.learningRate > 0) || !std::isfinite(options.learningRate))
        throw ConfigError("The learning rate must be a positive number.");
    wrapTorchErrors("feature visualisation", [&] {
        c10::InferenceMode inference(false);
        d = std::make_unique<State>(engine, layer, channel, options);
        d->target = narrowTarget(model, layer, channel);
        d->objective.reserve(size_t(options.steps));
        torch::NoGradGuard noGrad;
        const RgbImage start = toRgb(d->param.image());
        d->objectiveStart = objectiveOf(model, imageTensor(start, d->device), d->target);
        return 0;
    });
}

ChannelVisualizer::~ChannelVisualizer() = default;

int ChannelVisualizer::run(int count) {
    auto& model = internal::EngineAccess::plainModel(d->engine);
    return wrapTorchErrors("feature visualisation", [&] {
        c10::InferenceMode inference(false);
        torch::AutoGradMode grad(true);
        for (int i = 0; i < count && !finished(); ++i) {
            d->adam.zero_grad();
            const Transform t = d->sampler.next(d->device);
            auto padded = torch::constant_pad_nd(d->param.image(), {kPad, kPad, kPad, kPad}, 0.5);
            auto x = torch::grid_sampler(padded, t.grid, /*bilinear*/ 0, /*zeros*/ 0,
                                         /*align_corners=*/true);
            // Channels-last: oneDNN's convolutions run without reordering (densenet121, a
            // denseblock3 channel, 1 thread: 5.3 s per 32 steps against 9.0 s NCHW).
            auto input = normalize(x).contiguous(torch::MemoryFormat::ChannelsLast);
            auto out = internal::walk(model, input, {}, d->target.module);
            auto objective = out.select(1, d->target.channel).mean();
            (-objective).backward();
            d->adam.step();
            d->objective.push_back(objective.item<float>());
        }
        return stepsDone();
    });
}

int ChannelVisualizer::stepsDone() const { return int(d->objective.size()); }
int ChannelVisualizer::steps() const { return d->options.steps; }
const std::vector<float>& ChannelVisualizer::objective() const { return d->objective; }
float ChannelVisualizer::objectiveStart() const { return d->objectiveStart; }

RgbImage ChannelVisualizer::currentImage() const {
    return wrapTorchErrors("feature visualisation", [&] {
        c10::InferenceMode inference(false);
        torch::NoGradGuard noGrad;
        return toRgb(d->param.image());
    });
}

VisualizeResult ChannelVisualizer::result() {
    if (!finished())
        throw std::logic_error("ChannelVisualizer::result() called before the last step");
    auto& model = internal::EngineAccess::plainModel(d->engine);
    VisualizeResult r;
    r.layer = d->layer;
    r.channel = d->channel;
    r.objectiveStart = d->objectiveStart;
    r.objective = d->objective;
    r.image = currentImage();
    r.objectiveEnd = wrapTorchErrors("feature visualisation", [&] {
        c10::InferenceMode inference(false);
        return objectiveOf(model, imageTensor(r.image, d->device), d->target);
    });
    return r;
}

VisualizeResult visualizeChannel(Engine& engine, const std::string& layer, int channel,
                                 const VisualizeOptions& options, const ProgressFn& progress) {
    ChannelVisualizer visualizer(engine, layer, channel, options);
    while (!visualizer.finished()) {
        const int done = visualizer.run(1);
        if (progress && !progress(done, visualizer.steps()))
            throw Cancelled("Feature visualisation of " + layer + " channel " +
                            std::to_string(channel) + " was cancelled.");
    }
    return visualizer.result();
}

}  // namespace ds
