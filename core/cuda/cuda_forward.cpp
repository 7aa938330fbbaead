#include "cuda_forward.h"

#include <cstdlib>

// CUDA-only headers exist in Debian's CPU LibTorch too, so the build system decides:
// DENSESCOPE_WITH_CUDA is defined only when find_package(Torch) found a CUDA LibTorch.
#if defined(DENSESCOPE_WITH_CUDA) && defined(__has_include)
#if __has_include(<ATen/cuda/CUDAGraph.h>) && __has_include(<cuda_runtime_api.h>)
#define DS_CUDA_GRAPHS 1
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif
#endif
#ifndef DS_CUDA_GRAPHS
#define DS_CUDA_GRAPHS 0
#endif

namespace ds {

struct CudaForward::Graph {
#if DS_CUDA_GRAPHS
    at::cuda::CUDAGraph graph;
#endif
    torch::Tensor input, logits;                                 // static input and output
    std::vector<std::pair<std::string, torch::Tensor>> outputs;  // every capturable module output
    bool failed = false;                                         // capture failed: run eagerly
};

namespace {
bool envOff(const char* name) {
    const char* v = std::getenv(name);
    return v && *v && std::string(v) != "0";
}
}  // namespace

bool CudaForward::graphsCompiled() { return DS_CUDA_GRAPHS != 0; }

CudaForward::CudaForward(DenseNet model, Precision precision, bool graphs)
    : m_model(std::move(model)), m_precision(precision) {
    torch::NoGradGuard noGrad;
    // cuDNN tries its algorithms once per shape and keeps the fastest.
    at::globalContext().setBenchmarkCuDNN(true);
    m_dtype = precision == Precision::Fp16   ? torch::kHalf
              : precision == Precision::Bf16 ? torch::kBFloat16
                                             : torch::kFloat;
    m_model->to(m_device, m_dtype);
    // channels_last weights: cuDNN's NHWC kernels (tensor cores) without per-call transposes.
    for (auto& p : m_model->parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    m_graphs = graphs && graphsCompiled() && !envOff("DENSESCOPE_NO_CUDA_GRAPHS");
}

CudaForward::~CudaForward() = default;

torch::Tensor CudaForward::prepare(const torch::Tensor& input) const {
    return input.to(m_device, m_dtype).contiguous(torch::MemoryFormat::ChannelsLast);
}

CudaForward::Graph* CudaForward::graphFor(const torch::Tensor& x) {
    const auto key = std::make_tuple(x.size(0), x.size(2), x.size(3));
    auto it = m_cache.find(key);
    if (it != m_cache.end()) return it->second->failed ? nullptr : it->second.get();
    auto g = std::make_unique<Graph>();
#if DS_CUDA_GRAPHS
    try {
        g->input = x.clone();
        Graph* raw = g.get();
        const CaptureFn keep = [raw](const std::string& name, const torch::Tensor& t) {
            raw->outputs.emplace_back(name, t);
        };
        c10::cuda::getCurrentCUDAStream().synchronize();
        // Graphs are captured on a side stream; the warm-up runs there too, so cuDNN's
        // autotuning (not capturable) is done before the capture starts.
        auto side = c10::cuda::getStreamFromPool();
        {
            c10::cuda::CUDAStreamGuard guard(side);
            for (int i = 0; i < 3; ++i) {
                m_model->forward(g->input, keep);
                g->outputs.clear();
            }
            side.synchronize();
            g->graph.capture_begin();
            g->logits = m_model->forward(g->input, keep);
            g->graph.capture_end();
        }
        side.synchronize();
    } catch (const c10::Error& e) {
        TORCH_WARN("CUDA graph capture failed, running eagerly: ", e.what_without_backtrace());
        g = std::make_unique<Graph>();
        g->failed = true;
    }
#else
    g->failed = true;
#endif
    Graph* result = g->failed ? nullptr : g.get();
    m_cache[key] = std::move(g);
    return result;
}

torch::Tensor CudaForward::forward(const torch::Tensor& input, const CaptureFn& capture) {
    const auto x = prepare(input);
#if DS_CUDA_GRAPHS
    if (m_graphs) {
        if (Graph* g = graphFor(x)) {
            g->input.copy_(x);
            g->graph.replay();
            if (capture)
                for (const auto& [name, t] : g->outputs) capture(name, t);
            // A copy: the static output is overwritten by the next replay.
            return g->logits.to(torch::kFloat, /*non_blocking=*/false, /*copy=*/true);
        }
    }
#endif
    return m_model->forward(x, capture).to(torch::kFloat);
}

std::string CudaForward::description() const {
    std::string name = "CUDA GPU";
#if DS_CUDA_GRAPHS
    cudaDeviceProp props{};
    if (cudaGetDeviceProperties(&props, c10::cuda::current_device()) == cudaSuccess)
        name = std::string("CUDA: ") + props.name;
#endif
    return name + ", " + precisionName(m_precision) + (m_graphs ? ", CUDA graphs" : "");
}

}  // namespace ds
