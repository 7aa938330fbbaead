// densescope-analysis-bench: what each analysis of densescope/analysis.h costs, beside the
// engine's ordinary forward pass measured in the same rounds (interleaved, so background load
// hits both alike).
//
//   densescope-analysis-bench [--variant NAME] [--weights SPEC] [--threads N] [--rounds R]
//       [--repeats N] [--cam-layers A,B,...] [--method gradcam|gradcampp|layercam]
//       [--scan DIR] [--visualize LAYER:CHANNEL] [--steps N] [--skip cam,strip,scan,visualize]
//
// Prints one JSON object: {"variant", "threads", "rounds", "forward_ms", "plain_forward_ms", "cam_ms": {layer: ms},
// "strip_ms", "strip_layers", "scan": {"images", "images_per_s", "ms_per_image",
// "forward_bound_per_s"}, "visualize": {"layer", "channel", "steps", "seconds",
// "objective_start", "objective_end"}}; every time is the median over the rounds of each
// round's median. forward_ms is Engine::classify's forward (preprocessed input, no capture);
// plain_forward_ms the same with EngineOptions::optimize off (the plain module the analyses use).
// The scan decodes every image in DIR (the app's decoder), preprocesses it and takes the
// channel peaks of one module, as the app's Top images scan does, one image at a time.
#include <QCoreApplication>
#include <QDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/process.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"
#include "image_io.h"

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string part; std::getline(in, part, sep);)
        if (!part.empty()) out.push_back(part);
    return out;
}

struct Args {
    std::string variant = "densenet121", weights = "random:0", method = "gradcam";
    std::string scan, visualize = "features.denseblock3:0", scanLayer = "features.denseblock3";
    std::vector<std::string> camLayers{"features.pool0", "features.denseblock2.denselayer6",
                                       "features.transition2", "features.norm5"};
    std::vector<std::string> skip;
    int threads = 2, rounds = 3, repeats = 5, steps = 128;
    bool skipped(const std::string& what) const {
        return std::find(skip.begin(), skip.end(), what) != skip.end();
    }
};

Args parse(const QStringList& argv) {
    Args a;
    for (int i = 1; i < argv.size(); ++i) {
        const std::string flag = argv[i].toStdString();
        if (i + 1 >= argv.size()) throw std::runtime_error(flag + " needs a value");
        const std::string v = argv[++i].toStdString();
        if (flag == "--variant") a.variant = v;
        else if (flag == "--weights") a.weights = v;
        else if (flag == "--threads") a.threads = std::stoi(v);
        else if (flag == "--rounds") a.rounds = std::max(1, std::stoi(v));
        else if (flag == "--repeats") a.repeats = std::max(1, std::stoi(v));
        else if (flag == "--cam-layers") a.camLayers = split(v, ',');
        else if (flag == "--method") a.method = v;
        else if (flag == "--scan") a.scan = v;
        else if (flag == "--scan-layer") a.scanLayer = v;
        else if (flag == "--visualize") a.visualize = v;
        else if (flag == "--steps") a.steps = std::stoi(v);
        else if (flag == "--skip") a.skip = split(v, ',');
        else throw std::runtime_error("unknown flag " + flag);
    }
    return a;
}

std::string jsonString(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    try {
        const Args args = parse(app.arguments());
        ds::ProcessOptions process;  // as densescope-cli: threads and allocator, once
        process.threads = args.threads;
        ds::configureProcess(process);
        ds::EngineOptions options;
        options.device = ds::DeviceKind::Cpu;
        ds::Engine engine(options);
        engine.load(ds::DenseNetConfig::variant(args.variant), args.weights);
        // The plain module's forward (optimize off: torchvision's ops, NCHW), the form the
        // analyses run on, for their ratios beside the fast form's.
        ds::EngineOptions plainOptions = options;
        plainOptions.optimize = false;
        ds::Engine plain(plainOptions);
        plain.load(ds::DenseNetConfig::variant(args.variant), args.weights);
        const ds::CamMethod method = ds::parseCamMethod(args.method);

        // A fixed input: the image is synthetic, the costs do not depend on its content.
        ds::RgbImage image;
        image.width = image.height = 224;
        image.pixels.resize(size_t(224) * 224 * 3);
        for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t((i * 37) % 251);
        const std::vector<float> input = ds::preprocess(image);

        std::vector<std::string> scanFiles;
        if (!args.scan.empty() && !args.skipped("scan"))
            for (const QString& name : QDir(QString::fromStdString(args.scan))
                                           .entryList({"*.jpg", "*.jpeg", "*.png"}, QDir::Files, QDir::Name))
                scanFiles.push_back(QDir(QString::fromStdString(args.scan)).filePath(name).toStdString());

        // Warm-up: first passes allocate and (oneDNN) choose kernels; the plain module for the
        // analyses is built on first use.
        for (int i = 0; i < 3; ++i) {
            engine.classifyTensor(input, 224, 224, 5);
            plain.classifyTensor(input, 224, 224, 5);
        }
        if (!args.skipped("cam")) ds::computeCamsTensor(engine, input, 224, 224, args.camLayers, method);

        std::vector<double> forwardRounds, plainRounds, stripRounds, scanRounds;
        std::map<std::string, std::vector<double>> camRounds;
        const auto strip = ds::camStripLayers(engine.config());
        for (int round = 0; round < args.rounds; ++round) {
            std::vector<double> forward;
            for (int r = 0; r < args.repeats; ++r)
                forward.push_back(engine.classifyTensor(input, 224, 224, 5).timings.forwardMs);
            forwardRounds.push_back(median(forward));
            std::vector<double> plainForward;
            for (int r = 0; r < args.repeats; ++r)
                plainForward.push_back(plain.classifyTensor(input, 224, 224, 5).timings.forwardMs);
            plainRounds.push_back(median(plainForward));
            if (!args.skipped("cam"))
                for (const auto& layer : args.camLayers) {
                    std::vector<double> t;
                    for (int r = 0; r < args.repeats; ++r) {
                        const auto start = Clock::now();
                        ds::computeCamsTensor(engine, input, 224, 224, {layer}, method);
                        t.push_back(msSince(start));
                    }
                    camRounds[layer].push_back(median(t));
                }
            if (!args.skipped("strip")) {
                std::vector<double> t;
                for (int r = 0; r < args.repeats; ++r) {
                    const auto start = Clock::now();
                    ds::computeCamsTensor(engine, input, 224, 224, strip, method);
                    t.push_back(msSince(start));
                }
                stripRounds.push_back(median(t));
            }
            if (!scanFiles.empty()) {
                const auto start = Clock::now();
                for (const auto& file : scanFiles) {
                    const ds::RgbImage decoded = ds::loadImage(QString::fromStdString(file));
                    ds::channelPeaks(engine, decoded, args.scanLayer);
                }
                scanRounds.push_back(msSince(start) / double(scanFiles.size()));
            }
        }
        const double forwardMs = median(forwardRounds);
        std::ostringstream out;
        out << "{\"variant\": " << jsonString(args.variant) << ", \"threads\": " << engine.threads()
            << ", \"rounds\": " << args.rounds << ", \"method\": " << jsonString(args.method)
            << ", \"forward_ms\": " << forwardMs << ", \"plain_forward_ms\": " << median(plainRounds);
        if (!camRounds.empty()) {
            out << ", \"cam_ms\": {";
            bool first = true;
            for (const auto& layer : args.camLayers) {
                out << (first ? "" : ", ") << jsonString(layer) << ": " << median(camRounds[layer]);
                first = false;
            }
            out << "}";
        }
        if (!stripRounds.empty()) {
            out << ", \"strip_ms\": " << median(stripRounds) << ", \"strip_layers\": [";
            for (size_t i = 0; i < strip.size(); ++i) out << (i ? ", " : "") << jsonString(strip[i]);
            out << "]";
        }
        if (!scanRounds.empty()) {
            const double perImage = median(scanRounds);
            out << ", \"scan\": {\"layer\": " << jsonString(args.scanLayer)
                << ", \"images\": " << scanFiles.size() << ", \"ms_per_image\": " << perImage
                << ", \"images_per_s\": " << 1000.0 / perImage
                << ", \"forward_bound_per_s\": " << 1000.0 / forwardMs << "}";
        }
        if (!args.skipped("visualize")) {
            const auto parts = split(args.visualize, ':');
            if (parts.size() != 2) throw std::runtime_error("--visualize needs LAYER:CHANNEL");
            ds::VisualizeOptions v;
            v.steps = args.steps;
            const auto start = Clock::now();
            const auto result = ds::visualizeChannel(engine, parts[0], std::stoi(parts[1]), v);
            const double seconds = msSince(start) / 1000.0;
            out << ", \"visualize\": {\"layer\": " << jsonString(parts[0]) << ", \"channel\": "
                << parts[1] << ", \"steps\": " << args.steps << ", \"seconds\": " << seconds
                << ", \"objective_start\": " << result.objectiveStart
                << ", \"objective_end\": " << result.objectiveEnd << "}";
        }
        out << "}";
        std::cout << out.str() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "densescope-analysis-bench: " << e.what() << "\n";
        return 2;
    }
}
