// GPU parity: the CUDA path against torchvision's CPU fixtures (tests/oracle/make_fixtures.py)
// at fp32, within the CPU tolerances of tst_fast_path, for the plain module (optimize off),
// the optimised eager path (graphs off) and CUDA graphs; fp16/bf16 top-1 agreement with fp32
// and the largest logit difference are reported, not asserted (they are approximations).
//
// A plain executable, no Qt: it also builds with DENSESCOPE_CORE_ONLY on a machine that has
// only a CUDA PyTorch. Exit 0 passed, 1 failed, 77 skipped (no CUDA GPU; CTest's
// SKIP_RETURN_CODE), with the reason printed.
//   tst_gpu [FIXTURES_DIR]     (default: $DENSESCOPE_FIXTURES)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/process.h"
#include "densescope/engine.h"
#include "densescope/npy.h"

namespace {

constexpr double kTolerance = 1e-4;  // as tst_fast_path: logits absolute, maps see mapTolerance
constexpr int kSkip = 77;

// 1e-4 absolute up to magnitude 10, then 1e-5 relative to the map's largest value (float32's
// own error on features.norm5; see tst_fast_path.cpp).
double mapTolerance(const float* ref, size_t n) {
    double magnitude = 0;
    for (size_t i = 0; i < n; ++i) magnitude = std::max(magnitude, double(std::fabs(ref[i])));
    return kTolerance * std::max(1.0, magnitude / 10);
}

// Largest absolute difference; NaN or infinity anywhere counts as infinitely far.
double maxAbsDiff(const float* a, const float* b, size_t n) {
    double worst = 0;
    for (size_t i = 0; i < n; ++i) {
        const double d = std::fabs(double(a[i]) - double(b[i]));
        if (!std::isfinite(d)) return INFINITY;
        worst = std::max(worst, d);
    }
    return worst;
}

struct Fixtures {
    std::string dir;
    std::vector<float> input;
    ds::NpyArray logits;
    std::vector<std::string> layers;  // those make_fixtures.py saved for densenet121
    std::string path(const std::string& name) const { return dir + "/" + name; }
};

int failures = 0;

void check(bool ok, const std::string& what) {
    std::printf("  %s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

std::string num(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

std::unique_ptr<ds::Engine> makeEngine(ds::DeviceKind device, ds::Precision precision,
                                       bool optimize, const Fixtures& f) {
    ds::EngineOptions o;
    o.device = device;
    o.precision = precision;
    o.optimize = optimize;
    auto engine = std::make_unique<ds::Engine>(o);
    engine->load(ds::DenseNetConfig::variant("densenet121"), f.path("densenet121.pth"));
    return engine;
}

void parity(ds::Engine& engine, const Fixtures& f, const std::string& name) {
    std::printf("%s (%s)\n", name.c_str(), engine.deviceDescription().c_str());
    // Twice: a CUDA graph is recorded on the first call and replayed on the second.
    for (int pass = 1; pass <= 2; ++pass) {
        const auto r = engine.classifyTensor(f.input, 224, 224, 5, f.layers);
        const double d = maxAbsDiff(r.logits.data(), f.logits.f32(), r.logits.size());
        check(r.logits.size() == size_t(f.logits.numel()) && d < kTolerance,
              "pass " + std::to_string(pass) + ": logits within " + num(kTolerance) +
                  " of torchvision (max diff " + num(d) + ")");
        if (r.maps.size() != f.layers.size()) {
            check(false, "pass " + std::to_string(pass) + ": all requested maps returned");
            continue;
        }
        for (const auto& map : r.maps) {
            const auto ref = ds::readNpy(f.path("densenet121.maps." + map.layer + ".npy"));
            const bool shape =
                ref.shape == std::vector<int64_t>{map.channels, map.height, map.width};
            const double tol = mapTolerance(ref.f32(), size_t(ref.numel()));
            const double md =
                shape ? maxAbsDiff(map.data.data(), ref.f32(), map.data.size()) : INFINITY;
            if (pass == 2 || !shape || md >= tol)
                check(shape && md < tol, "pass " + std::to_string(pass) + ": " + map.layer +
                                             " within " + num(tol) + " (max diff " + num(md) + ")");
        }
    }
}

// Reduced precision: top-1 agreement with the fp32 CUDA engine on the fixture image and 15
// random inputs, and the largest logit difference. Reported; only non-finite logits fail.
void reducedPrecision(ds::Precision precision, ds::Engine& fp32, const Fixtures& f) {
    const auto made = makeEngine(ds::DeviceKind::Cuda, precision, true, f);
    ds::Engine& engine = *made;
    std::printf("%s (%s)\n", ds::precisionName(precision), engine.deviceDescription().c_str());
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.f, 1.f);
    int agree = 0, inputs = 0;
    double worst = 0;
    bool finite = true;
    for (int i = 0; i < 16; ++i) {
        std::vector<float> x = f.input;
        if (i > 0)
            for (auto& v : x) v = normal(rng);
        const auto ours = engine.classifyTensor(x, 224, 224, 1);
        const auto ref = fp32.classifyTensor(x, 224, 224, 1);
        for (float v : ours.logits) finite = finite && std::isfinite(v);
        agree += ours.top[0].index == ref.top[0].index;
        ++inputs;
        worst =
            std::max(worst, maxAbsDiff(ours.logits.data(), ref.logits.data(), ref.logits.size()));
    }
    check(finite, "all logits finite");
    std::printf("  info top-1 agreement with fp32: %d/%d, max logit diff %s\n", agree, inputs,
                num(worst).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Fixtures f;
    const char* env = std::getenv("DENSESCOPE_FIXTURES");
    f.dir = argc > 1 ? argv[1] : env ? env : "";
    ds::configureProcess();  // as densescope-bench's main()
    std::printf("tst_gpu: %s\n", ds::Engine::versionInfo().c_str());
    if (f.dir.empty()) {
        std::printf(
            "FAIL: no fixtures: pass FIXTURES_DIR or set DENSESCOPE_FIXTURES (run "
            "tests/oracle/make_fixtures.py DIR, or run through ctest)\n");
        return 1;
    }
    try {
        const auto input = ds::readNpy(f.path("input256.npy"));
        f.input.assign(input.f32(), input.f32() + input.numel());
        f.logits = ds::readNpy(f.path("densenet121.logits.npy"));
        // make_fixtures.py's MAP_LAYERS["densenet121"] (a missing map file fails the test)
        f.layers = {
            "features.conv0",       "features.pool0",       "features.denseblock1.denselayer6",
            "features.denseblock2", "features.transition2", "features.denseblock3.denselayer24",
            "features.denseblock4", "features.norm5"};

        const auto fp32 = ds::Precision::Fp32;
        // The CPU reference needs no GPU: checked everywhere, so a skip hides nothing else.
        parity(*makeEngine(ds::DeviceKind::Cpu, fp32, true, f), f,
               "CPU, fast path (the reference the GPU must match)");
        if (!ds::Engine::cudaAvailable()) {
            if (failures) return 1;
            std::printf(
                "SKIP: no usable CUDA GPU here (this LibTorch is %s): the CPU reference "
                "passed, the GPU parity checks did not run.\n",
                ds::Engine::versionInfo().find("(CUDA)") != std::string::npos
                    ? "CUDA-enabled, but no GPU or driver answered"
                    : "CPU-only");
            return kSkip;
        }
        parity(*makeEngine(ds::DeviceKind::Cuda, fp32, false, f), f,
               "CUDA fp32, plain module (optimize off)");
        setenv("DENSESCOPE_NO_CUDA_GRAPHS", "1", 1);  // read when the engine is made
        const auto eager = makeEngine(ds::DeviceKind::Cuda, fp32, true, f);
        unsetenv("DENSESCOPE_NO_CUDA_GRAPHS");
        parity(*eager, f, "CUDA fp32, optimised eager");
        const auto graphs = makeEngine(ds::DeviceKind::Cuda, fp32, true, f);
        parity(*graphs, f, "CUDA fp32, CUDA graphs");
        if (graphs->deviceDescription().find("CUDA graphs") == std::string::npos)
            std::printf("  note: this build has no CUDA graphs (see core/CMakeLists.txt)\n");
        reducedPrecision(ds::Precision::Fp16, *graphs, f);
        reducedPrecision(ds::Precision::Bf16, *graphs, f);
    } catch (const std::exception& e) {
        std::printf("FAIL: %s\n", e.what());
        return 1;
    }
    std::printf(failures ? "FAILED: %d checks\n" : "PASSED\n", failures);
    return failures ? 1 : 0;
}
