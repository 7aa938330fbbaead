// densescope-explain-bench: what each explanation method of issue 21 costs (every CAM method,
// the pixel attributions, ROAD for one map, the whole Compare grid), beside the engine's
// forward pass measured in the same run. benchmarks/run_explanation_benchmarks.py runs it
// interleaved with the same computations in Python and prints the table.
//
//   densescope-explain-bench [--threads N] [--repeats N] [--weights SPEC] [--layer NAME]
//       [--score-layer NAME] [--ablation-layer NAME] [--skip scorecam,ablationcam,occlusion,
//       integratedgradients,road,compare,...]
//
// Prints one JSON object: {"threads", "forward_ms", "cam_ms": {method: ms at --layer},
// "scorecam_ms" (at --score-layer), "ablationcam_ms" (at --ablation-layer),
// "attribution_ms": {method: ms}, "road_ms", "compare_ms" (every CAM method but Score-CAM at
// --ablation-layer, with their metrics)}. Gradient methods and the forward: the median of
// --repeats runs; the long ones: one run each.
#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/attribution.h"
#include "densescope/compare.h"
#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/faithfulness.h"
#include "densescope/preprocess.h"
#include "densescope/process.h"

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
template <class F>
double timeMs(int repeats, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        f();
        t.push_back(msSince(start));
    }
    return median(t);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    try {
        int threads = 2, repeats = 5;
        std::string weights = "random:0", layer = "features.denseblock3",
                    scoreLayer = "features.transition2", ablationLayer = "features.denseblock3";
        std::vector<std::string> skip;
        const QStringList a = app.arguments();
        for (int i = 1; i < a.size(); ++i) {
            const std::string flag = a[i].toStdString();
            if (i + 1 >= a.size()) throw std::runtime_error(flag + " needs a value");
            const std::string v = a[++i].toStdString();
            if (flag == "--threads") threads = std::stoi(v);
            else if (flag == "--repeats") repeats = std::max(1, std::stoi(v));
            else if (flag == "--weights") weights = v;
            else if (flag == "--layer") layer = v;
            else if (flag == "--score-layer") scoreLayer = v;
            else if (flag == "--ablation-layer") ablationLayer = v;
            else if (flag == "--skip") {
                std::stringstream in(v);
                for (std::string s; std::getline(in, s, ',');) skip.push_back(s);
            } else throw std::runtime_error("unknown flag " + flag);
        }
        const auto skipped = [&](const std::string& s) {
            return std::find(skip.begin(), skip.end(), s) != skip.end();
        };
        ds::ProcessOptions process;
        process.threads = threads;
        ds::configureProcess(process);
        ds::Engine engine;
        engine.load(ds::DenseNetConfig::variant("densenet121"), weights);
        ds::RgbImage image;  // synthetic: the costs do not depend on the content
        image.width = image.height = 224;
        image.pixels.resize(size_t(224) * 224 * 3);
        for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t((i * 37) % 251);
        const std::vector<float> x = ds::preprocess(image);
        for (int i = 0; i < 3; ++i) engine.classifyTensor(x, 224, 224, 5);  // warm-up
        ds::computeCamsTensor(engine, x, 224, 224, {layer}, ds::CamMethod::GradCam);

        std::ostringstream out;
        out << "{\"threads\": " << engine.threads();
        std::vector<double> fwd;
        for (int r = 0; r < repeats; ++r) fwd.push_back(engine.classifyTensor(x, 224, 224, 5).timings.forwardMs);
        out << ", \"forward_ms\": " << median(fwd) << ", \"layer\": \"" << layer << "\", \"cam_ms\": {";
        bool first = true;
        for (const ds::CamMethod m : ds::allCamMethods()) {
            if (ds::camMethodIsPerturbation(m) || skipped(ds::camMethodName(m))) continue;
            const double ms = timeMs(repeats, [&] { ds::computeCamsTensor(engine, x, 224, 224, {layer}, m); });
            out << (first ? "" : ", ") << "\"" << ds::camMethodName(m) << "\": " << ms;
            first = false;
        }
        out << "}";
        if (!skipped("scorecam"))
            out << ", \"scorecam_layer\": \"" << scoreLayer << "\", \"scorecam_ms\": "
                << timeMs(1, [&] { ds::computeCamsTensor(engine, x, 224, 224, {scoreLayer}, ds::CamMethod::ScoreCam); });
        if (!skipped("ablationcam"))
            out << ", \"ablationcam_layer\": \"" << ablationLayer << "\", \"ablationcam_ms\": "
                << timeMs(1, [&] { ds::computeCamsTensor(engine, x, 224, 224, {ablationLayer}, ds::CamMethod::AblationCam); });
        out << ", \"attribution_ms\": {";
        first = true;
        for (const ds::AttributionMethod m : ds::attributionMethods()) {
            if (skipped(ds::attributionMethodName(m))) continue;
            const int n = ds::attributionIsSlow(m) ? 1 : repeats;
            const double ms = timeMs(n, [&] { ds::computeAttributionTensor(engine, x, 224, 224, m); });
            out << (first ? "" : ", ") << "\"" << ds::attributionMethodName(m) << "\": " << ms;
            first = false;
        }
        out << "}";
        if (!skipped("road")) {
            const auto cam = ds::computeCamsTensor(engine, x, 224, 224, {layer}, ds::CamMethod::GradCam);
            const int cls = cam.target.index;
            out << ", \"road_ms\": "
                << timeMs(std::max(1, repeats / 2), [&] { ds::faithfulness(engine, x, 224, 224, cam.maps.front(), cls); });
        }
        if (!skipped("compare")) {
            std::vector<ds::CamMethod> methods = ds::camMethodsByCost();
            methods.erase(std::remove(methods.begin(), methods.end(), ds::CamMethod::ScoreCam), methods.end());
            out << ", \"compare_layer\": \"" << ablationLayer << "\", \"compare_ms\": "
                << timeMs(1, [&] { ds::compareCams(engine, image, ablationLayer, methods); });
        }
        out << "}";
        std::cout << out.str() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "densescope-explain-bench: " << e.what() << "\n";
        return 2;
    }
}
