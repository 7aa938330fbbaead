#include "cpu_densenet.h"

#include <atomic>

#include "densescope/errors.h"
#include "densescope/module_names.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ds {
namespace {

constexpr auto kChannelsLast = torch::MemoryFormat::ChannelsLast;

// conv -> BN folded into one conv: W' = W * scale (per output channel), b' = shift.
std::pair<torch::Tensor, torch::Tensor> foldBatchNorm(const torch::Tensor& weight,
                                                      const ChannelAffine& bn) {
    // In double per element, as (W.double() * scale.double()).float(), in a plain loop.
    torch::Tensor keep;
    const float* w = floatData(weight, keep);
    const float* scale = bn.scale.data_ptr<float>();
    auto folded = torch::empty(weight.sizes(), torch::kFloat);
    float* out = folded.data_ptr<float>();
    const int64_t outChannels = weight.size(0), perChannel = weight.numel() / outChannels;
    for (int64_t o = 0; o < outChannels; ++o)
        for (int64_t i = 0; i < perChannel; ++i)
            out[o * perChannel + i] = float(double(w[o * perChannel + i]) * double(scale[o]));
    return {folded, bn.shift.clone()};
}

// Takes a module tensor's storage over, leaving the module an empty tensor: the caller then
// owns the only reference, and packing it frees it, so two copies of a weight never coexist.
torch::Tensor take(torch::Tensor& moduleTensor) {
    auto t = moduleTensor.detach();
    moduleTensor.set_data(torch::empty({0}, t.options()));
    return t;
}

int64_t convOut(int64_t size, int64_t kernel, int64_t stride, int64_t padding) {
    return (size + 2 * padding - kernel) / stride + 1;
}

}  // namespace

namespace {
std::atomic<bool> g_trimHeap{false};  // set by keepFreedMemory(): the program chose it
}  // namespace

void trimHeap() {
#if defined(__GLIBC__)
    if (g_trimHeap.load(std::memory_order_relaxed)) malloc_trim(0);
#endif
}

void keepFreedMemory() {
#if defined(__GLIBC__)
    static const bool done = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's largest allowed value
        mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
        return true;
    }();
    (void)done;
#endif
    g_trimHeap.store(true, std::memory_order_relaxed);
}

CpuDenseNet::CpuDenseNet(DenseNetImpl& model, std::vector<int64_t> inputSize,
                         const std::function<bool()>& cancelled) {
    torch::NoGradGuard noGrad;
    TORCH_CHECK(inputSize.size() == 4, "CpuDenseNet: inputSize must be [N, C, H, W]");
    auto& f = *model.features;
    const int64_t n = inputSize[0];
    int64_t h = inputSize[2], w = inputSize[3];

    m_norm0 = ChannelAffine::fromBatchNorm(*f.norm0);
    auto conv0 = take(f.conv0->weight);
    auto [w0, b0] = foldBatchNorm(conv0, m_norm0);
    m_stemFused =
        PackedConv(std::move(w0), b0, /*stride=*/2, /*padding=*/3, /*relu=*/true, inputSize);
    m_conv0 =
        PackedConv(std::move(conv0), {}, /*stride=*/2, /*padding=*/3, /*relu=*/false, inputSize);
    h = convOut(convOut(h, 7, 2, 3), 3, 2, 1);
    w = convOut(convOut(w, 7, 2, 3), 3, 2, 1);

    for (size_t bi = 0; bi < f.blocks.size(); ++bi) {
        auto& src = *f.blocks[bi];
        Block b;
        b.inChannels = src.inChannels;
        b.growthRate = src.growthRate;
        b.layerNames = src.layerNames;
        b.name = names::denseBlock(int(bi) + 1);
        for (size_t l = 0; l < src.layers.size(); ++l) {
            auto& layer = *src.layers[l];
            const int64_t in = b.inChannels + int64_t(l) * b.growthRate;
            Layer out;
            out.norm1 = ChannelAffine::fromBatchNorm(*layer.norm1);
            auto [w1, b1] = foldBatchNorm(take(layer.conv1->weight),
                                          ChannelAffine::fromBatchNorm(*layer.norm2));
            const int64_t bottleneck = w1.size(0);
            out.conv1 = PackedConv(std::move(w1), b1, /*stride=*/1, /*padding=*/0, /*relu=*/true,
                                   {n, in, h, w});
            out.conv2 = PackedConv(take(layer.conv2->weight), {}, /*stride=*/1, /*padding=*/1,
                                   /*relu=*/false, {n, bottleneck, h, w});
            b.layers.push_back(std::move(out));
            trimHeap();  // this layer's module weights and probes are freed: keep the peak low
            if (cancelled && cancelled()) throw Cancelled("Loading the model was cancelled.");
        }
        const int64_t channels = b.inChannels + int64_t(src.layers.size()) * b.growthRate;
        m_blocks.push_back(std::move(b));
        if (bi < f.transitions.size()) {
            auto& t = *f.transitions[bi];
            Transition out;
            out.name = names::transition(int(bi) + 1);
            out.norm = ChannelAffine::fromBatchNorm(*t.norm);
            h /= 2;
            w /= 2;
            out.conv = PackedConv(take(t.conv->weight), {}, /*stride=*/1, /*padding=*/0,
                                  /*relu=*/false, {n, channels, h, w});
            m_transitions.push_back(std::move(out));
        }
    }
    m_norm5 = ChannelAffine::fromBatchNorm(*f.norm5);
    m_classifierWeight = model.classifier->weight.detach();
    m_classifierBias = model.classifier->bias.detach();
}

torch::Tensor CpuDenseNet::stem(torch::Tensor x, const Request& request) const {
    auto emit = [&request](const char* name, const torch::Tensor& t) {
        if (request.capture) request.capture(name, t);
    };
    torch::Tensor relu0;
    if (request.stem) {
        const auto conv0 = m_conv0(x);
        x.reset();
        emit(names::kConv0, conv0);
        const auto norm0 = scaleShift(conv0, m_norm0, /*relu=*/false);
        emit(names::kNorm0, norm0);
        relu0 = torch::relu(norm0);
    } else {
        relu0 = m_stemFused(x);
        x.reset();
    }
    emit(names::kRelu0, relu0);
    auto pool0 = torch::max_pool2d(relu0, /*kernel_size=*/3, /*stride=*/2, /*padding=*/1);
    emit(names::kPool0, pool0);
    return pool0;
}

torch::Tensor CpuDenseNet::block(const Block& b, torch::Tensor x,
                                 const CaptureFn& capture) const {
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
    const int64_t k = b.growthRate;
    const int64_t total = b.inChannels + int64_t(b.layers.size()) * k;
    // concat(x0, x1, ..., xL) in one buffer: layer l reads channels [0, offset) and writes its k
    // channels right after them.
    auto buffer = torch::empty({n, total, h, w}, x.options().memory_format(kChannelsLast));
    buffer.narrow(1, 0, b.inChannels).copy_(x);
    const auto options = x.options();
    x.reset();
    // One scratch for every layer's BN-ReLU'd input (contiguous, as oneDNN needs).
    auto scratch = torch::empty({n * h * w * (total - k)}, options);
    for (size_t l = 0; l < b.layers.size(); ++l) {
        const Layer& layer = b.layers[l];
        const int64_t offset = b.inChannels + int64_t(l) * k;
        auto input =
            scratch.narrow(0, 0, n * h * w * offset).view({n, h, w, offset}).permute({0, 3, 1, 2});
        scaleShift(buffer.narrow(1, 0, offset), layer.norm1, /*relu=*/true, input);
        auto slot = buffer.narrow(1, offset, k);
        slot.copy_(layer.conv2(layer.conv1(input)));
        if (capture) capture(b.layerNames[l], slot);
    }
    return buffer;
}

torch::Tensor CpuDenseNet::forward(torch::Tensor input, const Request& request) const {
    TORCH_CHECK(input.dim() == 4 && input.size(1) == 3, "CpuDenseNet: input must be [N, 3, H, W]");
    input = input.to(torch::kFloat).contiguous(kChannelsLast);
    auto x = stem(std::move(input), request);
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        x = block(m_blocks[i], std::move(x), request.capture);
        if (request.capture) request.capture(m_blocks[i].name, x);
        if (i < m_transitions.size()) {
            const auto& t = m_transitions[i];
            x = t.conv(scaleShiftReluPool2(x, t.norm));
            if (request.capture) request.capture(t.name, x);
        }
    }
    torch::Tensor pooled;
    if (request.norm5) {
        const auto norm5 = scaleShift(x, m_norm5, /*relu=*/false);
        if (request.capture) request.capture(names::kNorm5, norm5);
        pooled = torch::relu(norm5).mean({2, 3});
    } else {
        pooled = scaleShiftReluMean(x, m_norm5);
    }
    return linearHead(pooled, m_classifierWeight, m_classifierBias);
}

}  // namespace ds
