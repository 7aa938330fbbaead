// densescope-bench: forward-pass latency of the engine, core only (no Qt), so it also builds
// against a CUDA LibTorch on a GPU machine (-DDENSESCOPE_CORE_ONLY=ON).
//
//   densescope-bench [--variant NAME] [--device cpu|cuda] [--threads N] [--batch B]
//                    [--iterations N] [--warmup N] [--capture none|blocks|layers]
//                    [--precision fp32|fp16|bf16] [--weights SPEC] [--layer NAME]
//                    [--no-optimize] [--json]
//   densescope-bench --help | --version
//
// Times Engine::forwardBatch: one forward over B copies of a fixed 224x224 input, with the
// captured outputs held on the device until the pass ends (the app then copies only the one
// layer it shows). --capture blocks: every dense block and transition output; layers: also
// every dense layer. fp16/bf16 runs add top-1 agreement and the largest logit difference
// against fp32 on the same device; --layer adds the app's path for that layer (preprocess a
// 640x480 image, forward, copy the map and make its 8-bit form). JSON fields: see
// docs/architecture.md; the extras only appear when asked for.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/process.h"
#include "densescope/feature_maps.h"
#include "densescope/errors.h"
#include "densescope/version.h"

namespace {

struct Args {
    std::string variant = "densenet121", device = "auto", capture = "none", precision = "fp32";
    std::string weights = "random:0", layer;
    int threads = 0, batch = 1, iterations = 30, warmup = 5;
    bool json = false, optimize = true;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --help's text, in the layout of the Qt programs' help (packaging/man/make_manpage.py turns
// all three into man pages).
const char kHelp[] =
    "Usage: densescope-bench [options]\n"
    "\n"
    "DenseScope's forward-pass benchmark: times one forward over a batch of copies of a fixed\n"
    "224x224 input and prints the median, 90th percentile and fastest pass in milliseconds.\n"
    "\n"
    "Options:\n"
    "  -h, --help               Show this help.\n"
    "  --version                Show the versions of DenseScope and LibTorch.\n"
    "  --variant <name>         densenet121 (default), densenet161, densenet169,\n"
    "                           densenet201 or densenet264.\n"
    "  --device <device>        auto (default), cpu or cuda.\n"
    "  --threads <n>            CPU threads for inference (default 0: all cores).\n"
    "  --batch <b>              Copies of the input in one forward pass (default 1).\n"
    "  --iterations <n>         Timed passes (default 30).\n"
    "  --warmup <n>             Untimed passes before them (default 5).\n"
    "  --capture <what>         none (default); blocks: hold every dense block's and\n"
    "                           transition's output; layers: also every dense layer's.\n"
    "  --precision <p>          fp32 (default), fp16 or bf16; the lower precisions add top-1\n"
    "                           agreement and the largest logit difference against fp32.\n"
    "  --weights <spec>         random:SEED (default random:0), random, imagenet, or a\n"
    "                           .pth/.safetensors file.\n"
    "  --layer <name>           Also time the app's path for this module's feature maps\n"
    "                           (preprocess a 640x480 image, forward, copy the map, 8-bit form).\n"
    "  --no-optimize            Time the plain fp32 module instead of the fast inference\n"
    "                           forms (folded BatchNorms, prepacked convolutions, CUDA graphs).\n"
    "  --json                   Print one JSON object instead of a line of text.\n"
    "\n"
    "Exit status: 0 ok, 1 the run failed, 2 usage error or unloadable model/weights.\n";

struct HelpShown {};  // --help or --version answered: exit 0

int toInt(const std::string& flag, const std::string& value, int minimum) {
    try {
        size_t used = 0;
        const int v = std::stoi(value, &used);
        if (used == value.size() && v >= minimum) return v;
    } catch (const std::exception&) {
    }
    throw UsageError(flag + " needs an integer >= " + std::to_string(minimum) + ", got '" + value +
                     "'");
}

Args parse(int argc, char** argv) {
    Args a;
    std::map<std::string, std::string*> text{
        {"--variant", &a.variant},     {"--device", &a.device},   {"--capture", &a.capture},
        {"--precision", &a.precision}, {"--weights", &a.weights}, {"--layer", &a.layer}};
    std::map<std::string, std::pair<int*, int>> ints{{"--threads", {&a.threads, 0}},
                                                     {"--batch", {&a.batch, 1}},
                                                     {"--iterations", {&a.iterations, 1}},
                                                     {"--warmup", {&a.warmup, 0}}};
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--json") {
            a.json = true;
        } else if (flag == "--no-optimize") {
            a.optimize = false;
        } else if (flag == "--help" || flag == "-h") {
            std::cout << kHelp;
            throw HelpShown{};
        } else if (flag == "--version") {
            std::cout << ds::versionText("densescope-bench", "");
            throw HelpShown{};
        } else if (text.count(flag) || ints.count(flag)) {
            if (i + 1 >= argc) throw UsageError(flag + " needs a value");
            const std::string value = argv[++i];
            if (text.count(flag))
                *text[flag] = value;
            else
                *ints[flag].first = toInt(flag, value, ints[flag].second);
        } else {
            throw UsageError("unknown argument '" + flag + "'");
        }
    }
    if (a.capture != "none" && a.capture != "blocks" && a.capture != "layers")
        throw UsageError("--capture must be none, blocks or layers, got '" + a.capture + "'");
    return a;
}

// none: nothing; blocks: every dense block and transition output; layers: those and every
// dense layer's output.
std::vector<std::string> captureList(const ds::ModelSummary& summary, const std::string& mode) {
    std::vector<std::string> out;
    if (mode == "none") return out;
    for (const auto& layer : summary.layers) {
        const bool blockOrTransition = layer.type == ds::LayerType::DenseBlock ||
                                       layer.type == ds::LayerType::Transition;
        if (blockOrTransition || (layer.type == ds::LayerType::DenseLayer && mode == "layers"))
            out.push_back(layer.name);
    }
    return out;
}

std::vector<float> randomInput(int height, int width, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> x(size_t(3) * height * width);
    for (auto& v : x) v = normal(rng);
    return x;
}

struct Stats {
    double median = 0, p90 = 0, min = 0;
};

Stats stats(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    Stats s;
    s.median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    s.p90 = ms[size_t(std::ceil(0.9 * double(n))) - 1];
    s.min = ms.front();
    return s;
}

double peakRssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
    return 0;
}

std::string num(double v) {
    std::ostringstream out;
    out.precision(6);
    out << v;
    return out.str();
}

// Top-1 agreement and the largest logit difference of `engine` against an fp32 engine.
void comparePrecision(const Args& a, ds::Engine& engine, const ds::DenseNetConfig& config,
                      std::vector<std::pair<std::string, std::string>>& extra) {
    ds::EngineOptions options;
    options.device = ds::parseDevice(engine.deviceName());
    ds::Engine reference(options);
    reference.load(config, a.weights);
    constexpr int kInputs = 16;
    int agree = 0;
    double maxDiff = 0;
    for (int i = 0; i < kInputs; ++i) {
        const auto input = randomInput(224, 224, 100 + unsigned(i));
        const auto ours = engine.classifyTensor(input, 224, 224, 1);
        const auto ref = reference.classifyTensor(input, 224, 224, 1);
        agree += ours.top[0].index == ref.top[0].index;
        for (size_t j = 0; j < ref.logits.size(); ++j)
            maxDiff = std::max(maxDiff, double(std::abs(ours.logits[j] - ref.logits[j])));
    }
    extra.emplace_back("top1_agreement", num(double(agree) / kInputs));
    extra.emplace_back("max_logit_diff", num(maxDiff));
}

// The app's path for one layer, as its worker runs it: preprocess a decoded image, forward,
// copy that layer's map to the host with its statistics and 8-bit form (the engine's fused
// pass), then the bytes in the panel's default scaling (per channel, symmetric when the map
// has negative values: ensureBytes, timed with the maps).
void appPath(const Args& a, ds::Engine& engine,
             std::vector<std::pair<std::string, std::string>>& extra) {
    ds::RgbImage image;
    image.width = 640;
    image.height = 480;
    image.pixels.resize(size_t(image.width) * image.height * 3);
    for (size_t i = 0; i < image.pixels.size(); ++i)
        image.pixels[i] = uint8_t((i * 2654435761u) >> 24);
    std::vector<double> pre, fwd, maps, total, overhead;
    for (int i = 0; i < a.warmup + a.iterations; ++i) {
        auto r = engine.classify(image, 5, {a.layer});
        const auto start = std::chrono::steady_clock::now();
        ds::ensureBytes(r.maps.at(0), ds::MapScaling::PerChannel, std::nullopt);
        r.timings.mapsMs +=
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (i < a.warmup) continue;
        pre.push_back(r.timings.preprocessMs);
        fwd.push_back(r.timings.forwardMs);
        maps.push_back(r.timings.mapsMs);
        total.push_back(r.timings.preprocessMs + r.timings.forwardMs + r.timings.mapsMs);
        if (r.timings.forwardMs > 0)
            overhead.push_back((r.timings.preprocessMs + r.timings.mapsMs) / r.timings.forwardMs);
    }
    const double f = stats(fwd).median;
    extra.emplace_back("path_layer", "\"" + a.layer + "\"");
    extra.emplace_back("path_preprocess_ms", num(stats(pre).median));
    extra.emplace_back("path_forward_ms", num(f));
    extra.emplace_back("path_maps_ms", num(stats(maps).median));
    extra.emplace_back("path_total_ms", num(stats(total).median));
    // Per pass (preprocess + maps) / forward, then the median: robust to a slow forward
    // landing in one median and not the other on a noisy machine.
    extra.emplace_back("path_overhead", num(overhead.empty() ? 0.0 : stats(overhead).median));
}

int run(const Args& a) {
    const auto config = ds::DenseNetConfig::variant(a.variant);
    ds::EngineOptions options;
    options.device = ds::parseDevice(a.device);
    options.precision = ds::parsePrecision(a.precision);
    options.optimize = a.optimize;
    options.mapBytes = !a.layer.empty();
    ds::Engine engine(options);
    engine.load(config, a.weights);
    for (const auto& note : engine.notes()) std::cerr << "densescope-bench: " << note << "\n";

    const auto capture = captureList(engine.summary(), a.capture);
    const auto input = randomInput(224, 224, /*seed=*/1);
    std::vector<double> times;
    for (int i = 0; i < a.warmup + a.iterations; ++i) {
        double ms = 0;
        engine.forwardBatch(input, 224, 224, a.batch, capture, &ms);
        if (i >= a.warmup) times.push_back(ms);
    }
    const Stats s = stats(times);
    const double rss = peakRssMb();

    std::vector<std::pair<std::string, std::string>> extra;
    if (!a.layer.empty()) appPath(a, engine, extra);
    if (options.precision != ds::Precision::Fp32) comparePrecision(a, engine, config, extra);

    if (a.json) {
        std::cout << "{\"variant\": \"" << a.variant << "\", \"device\": \"" << engine.deviceName()
                  << "\", \"threads\": " << engine.threads() << ", \"batch\": " << a.batch
                  << ", \"capture\": \"" << a.capture << "\", \"precision\": \""
                  << ds::precisionName(options.precision) << "\", \"median_ms\": " << num(s.median)
                  << ", \"p90_ms\": " << num(s.p90) << ", \"min_ms\": " << num(s.min)
                  << ", \"peak_rss_mb\": " << num(rss);
        for (const auto& [key, value] : extra) std::cout << ", \"" << key << "\": " << value;
        std::cout << "}\n";
    } else {
        std::cout << a.variant << " on " << engine.deviceDescription() << ", batch " << a.batch
                  << ", capture " << a.capture << ", " << ds::precisionName(options.precision)
                  << ": median " << num(s.median) << " ms, p90 " << num(s.p90) << " ms, min "
                  << num(s.min) << " ms, peak RSS " << num(rss) << " MB\n";
        for (const auto& [key, value] : extra) std::cout << "  " << key << ": " << value << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    try {
        args = parse(argc, argv);
    } catch (const HelpShown&) {
        return 0;
    } catch (const UsageError& e) {
        std::cerr << "densescope-bench: " << e.what() << " (see --help)\n";
        return 2;
    }
    try {
        ds::ProcessOptions process;
        process.threads = args.threads;
        for (const auto& note : ds::configureProcess(process).notes)
            std::cerr << "densescope-bench: " << note << "\n";
        return run(args);
    } catch (const ds::Error& e) {
        std::cerr << "densescope-bench: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "densescope-bench: " << e.what() << "\n";
        return 1;
    }
}
