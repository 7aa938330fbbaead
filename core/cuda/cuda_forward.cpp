#include "cuda_forward.h"

#include <cstdlib>

// CUDA-only headers exist in Debian's CPU LibTorch too, so the build system decides:
// DENSESCOPE_WITH_CUDA is defined only when find_package(Torch) found a CUDA LibTorch, and
// DENSESCOPE_CUDA_GRAPHS only when CMake also found the CUDA toolkit (core/CMakeLists.txt fails
// the configuration otherwise, unless graphs are turned off explicitly). No __has_include:
// a missing header must stop the build, not quietly compile the graphs out.
#if defined(DENSESCOPE_WITH_CUDA) && defined(DENSESCOPE_CUDA_GRAPHS)
#define DS_CUDA_GRAPHS 1
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
// capture-failure cleanup below calls the caching allocator's graph-pool API, which took its
// current form in LibTorch 2.1 (endAllocateStreamToPool) and 2.2 (endAllocateToPool).
#if TORCH_VERSION_MAJOR < 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR < 1)
#error "DenseScope's CUDA graphs need LibTorch >= 2.1; configure with -DDENSESCOPE_CUDA_GRAPHS=OFF"
#endif
#else
#define DS_CUDA_GRAPHS 0
#endif

namespace ds {

struct CudaForward::Graph {
#if DS_CUDA_GRAPHS
    std::unique_ptr<at::cuda::CUDAGraph> graph;
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

// cuDNN autotuning and TF32 are process-wide flags: set them for one forward, then put them
// back, so an engine with optimize = false never autotunes because another engine does, and
// fp32 means fp32. PyTorch lets cuDNN use TF32 for fp32 convolutions by default (10-bit
// mantissa on Ampere and later: ~1e-3 relative error, far outside the 1e-4 parity of the CPU);
// fp16/bf16 engines leave the flags as they are.
class CudaFlagsGuard {
public:
    CudaFlagsGuard(bool autotune, bool strictFp32)
        : m_benchmark(at::globalContext().benchmarkCuDNN()),
          m_tf32Cudnn(at::globalContext().allowTF32CuDNN()),
          m_tf32Cublas(at::globalContext().allowTF32CuBLAS()) {
        at::globalContext().setBenchmarkCuDNN(autotune);
        if (strictFp32) {
            at::globalContext().setAllowTF32CuDNN(false);
            at::globalContext().setAllowTF32CuBLAS(false);
        }
    }
    ~CudaFlagsGuard() {
        at::globalContext().setBenchmarkCuDNN(m_benchmark);
        at::globalContext().setAllowTF32CuDNN(m_tf32Cudnn);
        at::globalContext().setAllowTF32CuBLAS(m_tf32Cublas);
    }
    CudaFlagsGuard(const CudaFlagsGuard&) = delete;
    CudaFlagsGuard& operator=(const CudaFlagsGuard&) = delete;

private:
    bool m_benchmark, m_tf32Cudnn, m_tf32Cublas;
};

#if DS_CUDA_GRAPHS
// The graph-pool id type moved between LibTorch versions (c10::cuda:: then c10::).
using PoolId = decltype(at::cuda::graph_pool_handle());

// After a failure between capture_begin() and capture_end(): leave no stream capturing and no
// allocator routed to the graph's private pool, and free the pool. CUDAGraph::capture_end()
// on an invalidated capture throws from cudaStreamEndCapture, and from LibTorch 2.2 on it does
// so before it ends the allocator's routing; its destructor releases the pool only after a
// successful capture_end(). So: end the stream's capture (an invalidated one too), end the
// routing, release the pool. Each step may legitimately fail when capture_end() got that far.
void abandonCapture(const c10::cuda::CUDAStream& stream, PoolId pool) {
    cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(stream.stream(), &status) == cudaSuccess &&
        status != cudaStreamCaptureStatusNone) {
        cudaGraph_t partial = nullptr;
        cudaStreamEndCapture(stream.stream(), &partial);
        if (partial) cudaGraphDestroy(partial);
    }
    (void)cudaGetLastError();  // capture errors are not sticky: clear them for later calls
    const auto device = stream.device_index();
    try {
#if TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR == 1
        c10::cuda::CUDACachingAllocator::endAllocateStreamToPool(device, stream.stream());
#else
        c10::cuda::CUDACachingAllocator::endAllocateToPool(device, pool);
#endif
    } catch (...) {  // no longer routed
    }
    try {
        c10::cuda::CUDACachingAllocator::releasePool(device, pool);
    } catch (...) {
    }
}
#endif

}  // namespace

bool CudaForward::graphsCompiled() { return DS_CUDA_GRAPHS != 0; }

CudaForward::CudaForward(DenseNet model, Precision precision, bool optimize)
    : m_model(std::move(model)), m_precision(precision), m_optimize(optimize) {
    torch::NoGradGuard noGrad;
    m_dtype = precision == Precision::Fp16   ? torch::kHalf
              : precision == Precision::Bf16 ? torch::kBFloat16
                                             : torch::kFloat;
    TORCH_CHECK(optimize || m_dtype == torch::kFloat,
                "CudaForward: reduced precision is part of the optimised path");
    m_model->to(m_device);
    if (m_dtype != torch::kFloat) {
        // Convolutions and the classifier in fp16/bf16; BatchNorm weights and running
        // statistics stay fp32 (cuDNN's and ATen's batch norm take a half/bf16 input with fp32
        // parameters, as under torch.autocast): a running variance in fp16 loses precision and
        // 1/sqrt(var + eps) can overflow.
        for (const auto& module : m_model->modules(/*include_self=*/true)) {
            if (module->as<torch::nn::BatchNorm2dImpl>()) continue;
            for (auto& p : module->parameters(/*recurse=*/false)) p.set_data(p.to(m_dtype));
            for (auto& b : module->buffers(/*recurse=*/false))
                if (b.is_floating_point()) b.set_data(b.to(m_dtype));
        }
    }
    if (m_optimize)  // channels_last weights: cuDNN's NHWC kernels (tensor cores), no transposes
        for (auto& p : m_model->parameters())
            if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    m_graphs = m_optimize && graphsCompiled() && !envOff("DENSESCOPE_NO_CUDA_GRAPHS");
}

CudaForward::~CudaForward() = default;

torch::Tensor CudaForward::prepare(const torch::Tensor& input) const {
    if (!m_optimize) return input.to(m_device, torch::kFloat).contiguous();
    return input.to(m_device, m_dtype).contiguous(torch::MemoryFormat::ChannelsLast);
}

CudaForward::Graph* CudaForward::graphFor(const torch::Tensor& x) {
    const auto key = std::make_tuple(x.size(0), x.size(2), x.size(3));
    auto it = m_cache.find(key);
    if (it != m_cache.end()) return it->second->failed ? nullptr : it->second.get();
    auto g = std::make_unique<Graph>();
#if DS_CUDA_GRAPHS
    std::string why;
    try {
        g->input = x.clone();
        Graph* raw = g.get();
        const CaptureFn keep = [raw](const std::string& name, const torch::Tensor& t) {
            raw->outputs.emplace_back(name, t);
        };
        c10::cuda::getCurrentCUDAStream().synchronize();
        // Graphs are captured on a side stream; the warm-up runs there too, so cuDNN's
        // autotuning (not capturable) is done before the capture starts.
        c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool();
        c10::cuda::CUDAStreamGuard guard(side);
        for (int i = 0; i < 3; ++i) {
            m_model->forward(g->input, keep);
            g->outputs.clear();
        }
        side.synchronize();
        // Our own pool id, so a failed capture can be unwound (CUDAGraph::pool() only answers
        // after a successful capture_end()).
        const PoolId pool = at::cuda::graph_pool_handle();
        g->graph = std::make_unique<at::cuda::CUDAGraph>();
        g->graph->capture_begin(pool);
        try {
            g->logits = m_model->forward(g->input, keep);
            g->graph->capture_end();
        } catch (...) {
            // Still on the capturing stream (the guard is alive). A capture that is still
            // valid ends normally (the graph's destructor then frees the pool); otherwise
            // unwind by hand. Then drop the half-made graph and its tensors and report below.
            g->outputs.clear();
            g->logits = torch::Tensor();
            bool ended = false;
            try {
                g->graph->capture_end();
                ended = true;
            } catch (...) {
            }
            if (!ended) abandonCapture(side, pool);
            g->graph.reset();
            throw;
        }
        side.synchronize();
    } catch (const c10::Error& e) {
        why = e.what_without_backtrace();
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {
        why = "unknown exception";
    }
    if (!why.empty()) {
        TORCH_WARN("CUDA graph capture failed, running eagerly: ", why);
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
    const CudaFlagsGuard flags(/*autotune=*/m_optimize, /*strictFp32=*/m_dtype == torch::kFloat);
    const auto x = prepare(input);
#if DS_CUDA_GRAPHS
    if (m_graphs) {
        if (Graph* g = graphFor(x)) {
            g->input.copy_(x);
            g->graph->replay();
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
    return name + ", " + precisionName(m_precision) + (m_graphs ? ", CUDA graphs" : "") +
           (m_optimize ? "" : ", plain module");
}

}  // namespace ds
