#pragma once
// densescope-cli classify's parts shared by its image (cli_classify.cpp) and video
// (cli_classify_video.cpp) modes: the same top-k entries and timings in JSON and text.
#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

#include "densescope/engine.h"

namespace cli {

// Milliseconds of one classification; decodeMs < 0: not shown (no --timings); mapsMs < 0: no
// --layer.
struct Timings {
    double decodeMs = -1, preprocessMs = -1, forwardMs = -1, mapsMs = -1;
};

// Adds "top": [{"index", "label", "probability"}, ...] and, with timings, "timings".
void addTopJson(QJsonObject& entry, const std::vector<ds::Prediction>& top, const Timings& timings);
// "   1.  281 tabby    42.00 %" lines, then the timings line(s).
QString topText(const std::vector<ds::Prediction>& top, const Timings& timings);

struct VideoRequest {
    QString path;
    int every = 1;
    int topk = 5;
    std::string layer;  // --layer, or empty
    bool json = false, timings = false;
};

// classify --video: decodes the video, classifies frames 0, every, 2*every, ... with the
// engine (its head set), prints each frame's result as it goes (text) or `out` with "video",
// "every", "results", ... at the end (JSON). Returns the exit code: 0, or 1 when the video
// cannot be opened or fails while decoding (the frames before are still reported).
int classifyVideo(ds::Engine& engine, const VideoRequest& request, QJsonObject out);

}  // namespace cli
