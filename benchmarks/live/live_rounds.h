#pragma once
// One round of densescope-live-bench (live_bench.cpp): the forward-bound rate measured in the
// same process, then live mode on the video for a while, with where the time went.
#include <QString>

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "densescope/image.h"
#include "proc_stats.h"

namespace ds {
class Engine;
}
namespace ds::ui {
class MainWindow;
struct ViewResult;
}

namespace livebench {

struct Args {
    QString video;
    QString variant = QStringLiteral("densenet121");
    QString weights = QStringLiteral("random");
    QString layer = QStringLiteral("features.denseblock1");
    QString json, screenshot;
    QString maximize;  // a dock to maximise (short name, e.g. featureMaps); empty: the default layout
    int rounds = 5, passes = 20, threads = 0;
    double seconds = 10, warmupS = 3;
};

struct Round {
    QString loadStart, loadEnd;
    // (a) a separate engine on one frame of the video, live mode stopped.
    double forwardMs = 0;        // plain classify (no capture, nothing kept): median forwardMs
    double workerFormMs = 0;     // the worker's engine form (keepLayers, mapBytes) + the layer:
    double workerFormPreMs = 0;  //   its median forwardMs, preprocessMs and mapsMs
    double workerFormMapsMs = 0;
    // (b) live mode.
    double seconds = 0;
    qint64 answered = 0, offered = 0, dropped = 0;
    double liveFps = 0, droppedShare = 0;
    // The worker's own timings of the frames shown (ViewResult), means in ms.
    int views = 0;
    double imageMs = 0;  // ViewResult::decodeMs: QImage -> RgbImage, the 224 crop as a QImage
    double preMs = 0, fwdMs = 0, mapsMs = 0;
    // Per frame, means in ms: submitted -> answered (the view back on the GUI thread), and
    // answered -> next submitted (waiting for the source's next frame).
    double roundTripMs = 0, waitFrameMs = 0;
    CpuUse cpu;
    QString status;  // the status bar's live text at the end
    // The GUI thread's ms over the measured seconds by event kind and by painted widget class
    // (gui_profile.h).
    std::map<QString, double> guiMs, paintMs;
    std::map<QString, int> guiCount;
    double forwardBoundFps() const { return forwardMs > 0 ? 1000.0 / forwardMs : 0; }
    double ratio() const { return forwardBoundFps() > 0 ? liveFps / forwardBoundFps() : 0; }
    double workerMs() const { return imageMs + preMs + fwdMs + mapsMs; }
};

// The separate engines, loaded once: `plain` as the worker's but keeping nothing, `workerForm`
// exactly as the worker's (keepLayers, mapBytes).
struct Engines {
    std::unique_ptr<ds::Engine> plain, workerForm;
    ds::RgbImage frame;  // a frame from the middle of the video
    Engines();
    ~Engines();
};

// Loads the engines and decodes the frame; returns an error text (empty: fine). Also measures
// the decoder: ms per frame over `frames` frames, RGB conversion included.
QString prepare(const Args& a, Engines* e, double* decodeMsPerFrame, double* videoFps,
                QString* videoText);

// Runs one round on the window (which must be idle, the model loaded). Returns an error text
// (empty: fine).
QString runRound(ds::ui::MainWindow& w, const Args& a, Engines& e, Round* r);

// The GUI work one live view costs, part by part, measured alone on the GUI thread with live
// mode stopped: what MainWindow::applyView calls (image view, predictions, feature maps,
// status) with `view`, then the layout and repaint that follow. Median CPU ms of `reps` runs.
std::vector<std::pair<QString, double>> guiParts(ds::ui::MainWindow& w,
                                                 const ds::ui::ViewResult& view, int reps);

double median(std::vector<double> v);

}  // namespace livebench
