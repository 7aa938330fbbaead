#pragma once
// densescope-cli cam --metrics: each map's faithfulness (densescope/faithfulness.h: confidence
// change and ROAD) for the explained class, in the JSON ("metrics" per map) and the text output.
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <string>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/faithfulness.h"

namespace cli {

struct CamMetricsRun {
    bool requested = false;
    // Per map, in the result's order: the metrics, or why they could not be measured.
    std::vector<std::optional<ds::FaithfulnessMetrics>> metrics;
    std::vector<std::string> errors;
    int timingRuns = 0;
    std::vector<double> medianMs;  // with --timings: per map, the metrics' median time
    bool anyFailed() const;
};

// Registers --metrics.
void addCamMetricsOption(QCommandLineParser& parser);
// With --metrics: the metrics of every map of `result` for its class on `image` (a map whose
// metrics cannot be measured, e.g. one that is 0 everywhere, gets its error instead). With
// --timings N as well: N more runs each, timed. Without --metrics: nothing.
CamMetricsRun camMetrics(const QCommandLineParser& parser, ds::Engine& engine,
                         const ds::RgbImage& image, const ds::CamResult& result);
// Adds "metrics" to the cam JSON: to the object itself (one map) or to each of its "layers".
void insertCamMetrics(QJsonObject& json, const CamMetricsRun& run);
// The text output's lines, after the maps'.
void printCamMetrics(const CamMetricsRun& run, const ds::CamResult& result);

}  // namespace cli
