// densescope-cli cam --metrics (cli_cam_metrics.h).
#include "cli_cam_metrics.h"

#include <QJsonArray>

#include <algorithm>
#include <chrono>

#include "cli_common.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"

namespace cli {
namespace {

QJsonObject metricsJson(const ds::FaithfulnessMetrics& m) {
    QJsonArray morf, lerf;
    for (double v : m.morf) morf.append(v);
    for (double v : m.lerf) lerf.append(v);
    return QJsonObject{{"confidence_change", m.confidenceChange},
                       {"road_morf", m.roadMorf},
                       {"road_lerf", m.roadLerf},
                       {"road_combined", m.roadCombined},
                       {"logit", m.logit},
                       {"morf", morf},
                       {"lerf", lerf}};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

bool CamMetricsRun::anyFailed() const {
    return std::any_of(errors.begin(), errors.end(), [](const std::string& e) { return !e.empty(); });
}

void addCamMetricsOption(QCommandLineParser& parser) {
    parser.addOption({"metrics",
                      "Also measure each map's faithfulness for the class: the confidence change "
                      "(logit of the input times the map, minus the logit) and ROAD (MoRF, LeRF "
                      "and combined = (LeRF - MoRF) / 2: higher is more faithful). See "
                      "docs/explanations.md."});
}

CamMetricsRun camMetrics(const QCommandLineParser& parser, ds::Engine& engine,
                         const ds::RgbImage& image, const ds::CamResult& result) {
    CamMetricsRun run;
    run.requested = parser.isSet("metrics");
    if (!run.requested) return run;
    if (parser.isSet("timings")) run.timingRuns = parser.value("timings").toInt();
    const std::vector<float> input = ds::preprocess(image);
    for (const auto& map : result.maps) {
        try {
            using Clock = std::chrono::steady_clock;
            auto start = Clock::now();
            run.metrics.push_back(ds::faithfulness(engine, input, ds::kRoadSize, ds::kRoadSize, map,
                                                   result.target.index));
            run.errors.emplace_back();
            std::vector<double> ms;
            for (int i = 0; i < run.timingRuns; ++i) {
                start = Clock::now();
                ds::faithfulness(engine, input, ds::kRoadSize, ds::kRoadSize, map, result.target.index);
                ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
            run.medianMs.push_back(ms.empty() ? 0.0 : median(ms));
        } catch (const ds::ConfigError& e) {
            // A map that cannot be measured (constant): said, and the other maps still are.
            run.metrics.emplace_back();
            run.errors.push_back(e.what());
            run.medianMs.push_back(0.0);
        }
    }
    return run;
}

void insertCamMetrics(QJsonObject& json, const CamMetricsRun& run) {
    if (!run.requested) return;
    auto entry = [&](size_t i, QJsonObject& o) {
        if (run.metrics[i]) {
            QJsonObject m = metricsJson(*run.metrics[i]);
            if (run.timingRuns > 0)
                m.insert("timings", QJsonObject{{"runs", run.timingRuns}, {"metrics_ms", run.medianMs[i]}});
            o.insert("metrics", m);
        } else {
            o.insert("metrics", QJsonValue::Null);
            o.insert("metrics_error", qs(run.errors[i]));
        }
    };
    if (json.contains("layers")) {
        QJsonArray layers = json.value("layers").toArray();
        for (int i = 0; i < layers.size() && size_t(i) < run.metrics.size(); ++i) {
            QJsonObject o = layers[i].toObject();
            entry(size_t(i), o);
            layers[i] = o;
        }
        json.insert("layers", layers);
    } else if (!run.metrics.empty()) {
        entry(0, json);
    }
}

void printCamMetrics(const CamMetricsRun& run, const ds::CamResult& result) {
    if (!run.requested) return;
    printOut(QStringLiteral("  faithfulness for class %1 (logit changes; ROAD combined: higher is "
                            "more faithful):\n")
                 .arg(result.target.index));
    for (size_t i = 0; i < run.metrics.size() && i < result.maps.size(); ++i) {
        const QString layer = qs(result.maps[i].layer);
        if (!run.metrics[i]) {
            printOut(QStringLiteral("  %1: not measured: %2\n").arg(layer, qs(run.errors[i])));
            continue;
        }
        const auto& m = *run.metrics[i];
        printOut(QStringLiteral("  %1: ROAD combined %2 (MoRF %3, LeRF %4), confidence change %5")
                     .arg(layer)
                     .arg(m.roadCombined, 0, 'f', 4)
                     .arg(m.roadMorf, 0, 'f', 4)
                     .arg(m.roadLerf, 0, 'f', 4)
                     .arg(m.confidenceChange, 0, 'f', 4) +
                 (run.timingRuns > 0 ? QStringLiteral(", %1 ms").arg(run.medianMs[i], 0, 'f', 1)
                                     : QString()) +
                 QLatin1Char('\n'));
    }
}

}  // namespace cli
