// densescope-live-bench: live mode's frame rate against the forward-bound rate (issue 12:
// at least 80% of 1000 / forward_ms with densenet121 and the thumbnails of one block).
//
//   densescope-live-bench --video FILE [--rounds R] [--seconds S] [--warmup S] [--passes N]
//                         [--layer NAME] [--variant NAME] [--weights FILE] [--threads T]
//                         [--maximize DOCK] [--json FILE] [--screenshot PNG]
//
// Opens the real MainWindow offscreen (QT_QPA_PLATFORM=offscreen unless set) at 1280x720 with
// the layer's maps shown as thumbnails (default features.denseblock1: 256 channels drawn for
// every frame) and plays FILE through MainWindow::openVideo, as File -> Open video... does.
// Interleaved rounds, each: (a) live mode stopped, forward_ms = the median of N plain
// Engine::classify passes (Timings::forwardMs, no layer captured, nothing kept) of a separate
// engine with the worker's variant, weights and thread count, on a frame of the video; also the
// worker's own engine form (keepLayers, mapBytes, the layer captured) for comparison; (b) live
// mode for S seconds after a warm-up: answered frames per second, the share of frames dropped,
// the worker's timings of the frames it answered, the CPU each thread group used and where the
// GUI thread's time went (gui_profile.h). --maximize featureMaps shows only the feature maps
// (all 256 thumbnails of denseblock1 painted every frame); default: the window's own layout.
// Prints a table per round and the medians. A benchmark, not a test: exit 0 whatever the
// figures; 2 for a usage error or a video/model that cannot be used.
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>

#include "densescope/engine.h"
#include "densescope/process.h"
#include "gui_profile.h"
#include "live_rounds.h"
#include "live_controller.h"
#include "main_window.h"
#include "view_mode_controller.h"

using namespace livebench;

namespace {

bool parse(const QStringList& args, Args* a) {
    for (int i = 1; i < args.size(); ++i) {
        const QString& f = args[i];
        const bool hasValue = i + 1 < args.size();
        bool ok = true;
        if (f == "--video" && hasValue) a->video = args[++i];
        else if (f == "--rounds" && hasValue) a->rounds = args[++i].toInt(&ok);
        else if (f == "--seconds" && hasValue) a->seconds = args[++i].toDouble(&ok);
        else if (f == "--warmup" && hasValue) a->warmupS = args[++i].toDouble(&ok);
        else if (f == "--passes" && hasValue) a->passes = args[++i].toInt(&ok);
        else if (f == "--layer" && hasValue) a->layer = args[++i];
        else if (f == "--variant" && hasValue) a->variant = args[++i];
        else if (f == "--weights" && hasValue) a->weights = QFileInfo(args[++i]).absoluteFilePath();
        else if (f == "--threads" && hasValue) a->threads = args[++i].toInt(&ok);
        else if (f == "--json" && hasValue) a->json = args[++i];
        else if (f == "--screenshot" && hasValue) a->screenshot = args[++i];
        else if (f == "--maximize" && hasValue) a->maximize = args[++i];
        else return false;
        if (!ok) return false;
    }
    return !a->video.isEmpty() && a->rounds > 0 && a->seconds > 0 && a->warmupS >= 0 &&
           a->passes > 0 && a->threads >= 0;
}

double medianOf(const std::vector<Round>& rounds, const std::function<double(const Round&)>& f) {
    std::vector<double> v;
    for (const Round& r : rounds) v.push_back(f(r));
    return median(v);
}

double group(const Round& r, const char* name) {
    const auto it = r.cpu.groupCores.find(QString::fromLatin1(name));
    return it == r.cpu.groupCores.end() ? 0 : it->second;
}
double otherThreads(const Round& r) {
    return r.cpu.processCores - group(r, "gui") - group(r, "inference") - group(r, "video");
}

// The two tables: the figures the issue asks for, then where the time went.
void printTables(const std::vector<Round>& rs) {
    std::printf("\n| round | load 1 min (start, end) | forward ms | forward-bound fps | live fps | "
                "live / forward-bound | dropped %% | worker forward ms (live) |\n"
                "|---|---|---|---|---|---|---|---|\n");
    auto row = [](const QString& name, const QString& load, double fwd, double bound, double fps,
                   double ratio, double dropped, double liveFwd) {
        std::printf("| %s | %s | %.1f | %.1f | %.1f | %.0f%% | %.0f | %.1f |\n", qPrintable(name),
                    qPrintable(load), fwd, bound, fps, 100 * ratio, dropped, liveFwd);
    };
    for (size_t i = 0; i < rs.size(); ++i) {
        const Round& r = rs[i];
        row(QString::number(i + 1),
             r.loadStart.section(' ', 0, 0) + ", " + r.loadEnd.section(' ', 0, 0), r.forwardMs,
             r.forwardBoundFps(), r.liveFps, r.ratio(), 100 * r.droppedShare, r.fwdMs);
    }
    row(QStringLiteral("**median**"), QStringLiteral(""),
         medianOf(rs, [](const Round& r) { return r.forwardMs; }),
         medianOf(rs, [](const Round& r) { return r.forwardBoundFps(); }),
         medianOf(rs, [](const Round& r) { return r.liveFps; }),
         medianOf(rs, [](const Round& r) { return r.ratio(); }),
         medianOf(rs, [](const Round& r) { return 100 * r.droppedShare; }),
         medianOf(rs, [](const Round& r) { return r.fwdMs; }));

    std::printf("\nWhere the time went (live mode; ms are means per answered frame, cores are "
                "average CPU cores used over the measured seconds):\n\n"
                "| round | frame cycle ms | submit -> view ms | wait for a frame ms | worker: image "
                "| preprocess | forward | maps | worker-form forward ms (stopped) | GUI thread "
                "cores | inference cores | video cores | other threads | other processes | stolen |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    auto where = [](const QString& name, const std::vector<double>& v) {
        std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | "
                    "%.2f | %.2f | %.2f | %.2f |\n",
                    qPrintable(name), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                    v[10], v[11], v[12], v[13]);
    };
    const std::vector<std::function<double(const Round&)>> cols = {
        [](const Round& r) { return r.liveFps > 0 ? 1000 / r.liveFps : 0; },
        [](const Round& r) { return r.roundTripMs; },
        [](const Round& r) { return r.waitFrameMs; },
        [](const Round& r) { return r.imageMs; },
        [](const Round& r) { return r.preMs; },
        [](const Round& r) { return r.fwdMs; },
        [](const Round& r) { return r.mapsMs; },
        [](const Round& r) { return r.workerFormMs; },
        [](const Round& r) { return group(r, "gui"); },
        [](const Round& r) { return group(r, "inference"); },
        [](const Round& r) { return group(r, "video"); },
        [](const Round& r) { return otherThreads(r); },
        [](const Round& r) { return r.cpu.othersCores; },
        [](const Round& r) { return r.cpu.stolenCores; },
    };
    for (size_t i = 0; i < rs.size(); ++i) {
        std::vector<double> v;
        for (const auto& c : cols) v.push_back(c(rs[i]));
        where(QString::number(i + 1), v);
    }
    std::vector<double> m;
    for (const auto& c : cols) m.push_back(medianOf(rs, c));
    where(QStringLiteral("**median**"), m);

    // The GUI thread, over all rounds' measured seconds, per answered frame.
    std::map<QString, double> gui, paint;
    std::map<QString, int> count;
    qint64 frames = 0;
    for (const Round& r : rs) {
        for (const auto& [k, n] : r.guiCount) count[k] += n;
        for (const auto& [k, ms] : r.guiMs) gui[k] += ms;
        for (const auto& [k, ms] : r.paintMs) paint[k] += ms;
        frames += r.answered;
    }
    if (frames > 0 && !gui.empty()) {
        std::printf("\nGUI thread, ms per answered frame (all rounds; outermost events, then the "
                    "paints inside the repaints):\n\n| what | CPU ms per frame | events per frame "
                    "|\n|---|---|---|\n");
        auto list = [&](const std::map<QString, double>& m, const char* prefix) {
            std::vector<std::pair<double, QString>> v;
            for (const auto& [k, ms] : m) v.push_back({ms, k});
            std::sort(v.rbegin(), v.rend());
            double rest = 0;
            for (size_t i = 0; i < v.size(); ++i) {
                if (i < 8 && v[i].first / double(frames) >= 0.05)
                    std::printf("| %s%s | %.2f | %s |\n", prefix, qPrintable(v[i].second),
                                v[i].first / double(frames),
                                count.count(v[i].second)
                                    ? qPrintable(QString::number(
                                          double(count[v[i].second]) / double(frames), 'f', 1))
                                    : "");
                else
                    rest += v[i].first;
            }
            if (rest > 0)
                std::printf("| %sthe rest | %.2f | |\n", prefix, rest / double(frames));
        };
        list(gui, "");
        list(paint, "inside repaints: paint ");
    }
    std::fflush(stdout);
}

QJsonObject roundJson(const Round& r) {
    QJsonObject cores, guiMs, paintMs;
    for (const auto& [g, c] : r.cpu.groupCores) cores[g] = c;
    for (const auto& [k, ms] : r.guiMs) guiMs[k] = ms;
    for (const auto& [k, ms] : r.paintMs) paintMs[k] = ms;
    return QJsonObject{
        {"load_start", r.loadStart}, {"load_end", r.loadEnd},
        {"forward_ms", r.forwardMs}, {"forward_bound_fps", r.forwardBoundFps()},
        {"worker_form_forward_ms", r.workerFormMs},
        {"worker_form_preprocess_ms", r.workerFormPreMs},
        {"worker_form_maps_ms", r.workerFormMapsMs},
        {"seconds", r.seconds}, {"answered", r.answered}, {"offered", r.offered},
        {"dropped", r.dropped}, {"live_fps", r.liveFps}, {"ratio", r.ratio()},
        {"dropped_share", r.droppedShare}, {"views", r.views},
        {"live_image_ms", r.imageMs}, {"live_preprocess_ms", r.preMs},
        {"live_forward_ms", r.fwdMs}, {"live_maps_ms", r.mapsMs},
        {"live_worker_ms", r.workerMs()}, {"submit_to_view_ms", r.roundTripMs},
        {"wait_for_frame_ms", r.waitFrameMs}, {"process_cores", r.cpu.processCores},
        {"other_processes_cores", r.cpu.othersCores}, {"stolen_cores", r.cpu.stolenCores},
        {"thread_cores", cores}, {"gui_ms", guiMs}, {"paint_ms", paintMs},
        {"status_text", r.status},
    };
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    ProfilingApp app(argc, argv);
    Args a;
    if (!parse(QApplication::arguments(), &a)) {
        std::fprintf(stderr,
                     "usage: densescope-live-bench --video FILE [--rounds R] [--seconds S] "
                     "[--warmup S] [--passes N] [--layer NAME] [--variant NAME] [--weights FILE] "
                     "[--threads T] [--maximize DOCK] [--json FILE] [--screenshot PNG]\n");
        return 2;
    }
    if (!a.layer.startsWith(QLatin1String("features.")))
        a.layer.prepend(QLatin1String("features."));
    {  // as densescope's main(): the process's threads and allocator, once
        ds::ProcessOptions process;
        process.threads = a.threads;
        for (const auto& note : ds::configureProcess(process).notes)
            std::fprintf(stderr, "%s\n", note.c_str());
    }
    const QString loadAtStart = loadAverage();

    Engines engines;
    double decodeMs = 0, videoFps = 0;
    QString videoText;
    const QString error = prepare(a, &engines, &decodeMs, &videoFps, &videoText);
    if (!error.isEmpty()) return std::fprintf(stderr, "%s\n", qPrintable(error)), 2;

    ds::ui::WindowOptions options;
    options.useSettings = false;
    options.config = ds::DenseNetConfig::variant(a.variant.toStdString());
    options.weights = a.weights;
    options.device = ds::DeviceKind::Cpu;
    options.layer = a.layer;
    ds::ui::MainWindow w(options);
    w.resize(1280, 720);
    w.show();
    w.start();
    {
        QSignalSpy idle(&w, &ds::ui::MainWindow::idle);
        if (!w.isIdle() && !idle.wait(120'000)) return std::fprintf(stderr, "no model\n"), 2;
    }
    if (!w.loadedModel() || !w.loadedModel()->layers.contains(a.layer))
        return std::fprintf(stderr, "%s has no layer %s\n", qPrintable(a.variant),
                            qPrintable(a.layer)), 2;
    if (!a.maximize.isEmpty()) {
        auto* dock = w.findChild<QDockWidget*>(a.maximize + QStringLiteral("Dock"));
        if (!dock)
            return std::fprintf(stderr, "no dock %s; one of: %s\n", qPrintable(a.maximize),
                                qPrintable(w.panelNames().join(", "))), 2;
        w.viewModes()->maximizeDock(dock);
    }
    // Loop the video, whatever the defaults say, so long runs never reach its end.
    if (auto* loop = w.findChild<QAction*>(QStringLiteral("actionLoopVideo")))
        loop->setChecked(true);

    const char* wait = std::getenv("OMP_WAIT_POLICY");
    std::printf("%s, %s, %s, OMP_WAIT_POLICY=%s, window 1280x720 offscreen\n",
                ds::Engine::versionInfo().c_str(), qPrintable(a.variant),
                qPrintable(w.loadedModel()->deviceDescription), wait ? wait : "(libgomp default)");
    std::printf("layout: %s\n", a.maximize.isEmpty() ? "the window's default docks"
                                                     : qPrintable("maximised dock " + a.maximize));
    std::printf("layer %s (%s), weights %s\n", qPrintable(a.layer),
                qPrintable(w.currentLayer() == a.layer ? QStringLiteral("shown as thumbnails")
                                                       : QStringLiteral("NOT shown")),
                qPrintable(a.weights));
    std::printf("video %s; decoding + RGB conversion %.2f ms per frame\n", qPrintable(videoText),
                decodeMs);
    std::printf("%d rounds: %d forward passes each, then %.0f s live after %.0f s warm-up\n",
                a.rounds, a.passes, a.seconds, a.warmupS);
    std::printf("load average at start: %s (%d cores)\n", qPrintable(loadAtStart), cores());
    std::fflush(stdout);

    std::optional<ds::ui::ViewResult> lastView;
    QObject::connect(&w, &ds::ui::MainWindow::viewApplied, [&](const ds::ui::ViewResult& view) {
        if (w.live()->isLive() && view.map) lastView = view;
    });
    std::vector<Round> rounds;
    for (int i = 0; i < a.rounds; ++i) {
        Round r;
        const QString e = runRound(w, a, engines, &r);
        if (!e.isEmpty()) return std::fprintf(stderr, "round %d: %s\n", i + 1, qPrintable(e)), 2;
        std::printf("round %d: forward %.1f ms (bound %.1f fps), live %.1f fps = %.0f%%, "
                    "dropped %.0f%%; status bar: %s\n",
                    i + 1, r.forwardMs, r.forwardBoundFps(), r.liveFps, 100 * r.ratio(),
                    100 * r.droppedShare, qPrintable(r.status));
        std::fflush(stdout);
        rounds.push_back(r);
    }
    printTables(rounds);
    std::vector<std::pair<QString, double>> parts;
    if (lastView) {
        parts = guiParts(w, *lastView, 20);
        std::printf("\nGUI work for one live view, part by part, measured alone (live stopped; "
                    "CPU ms, median of 20):\n\n| part | CPU ms |\n|---|---|\n");
        double total = 0;
        for (const auto& [what, ms] : parts) {
            std::printf("| %s | %.2f |\n", qPrintable(what), ms);
            total += ms;
        }
        std::printf("| **total** | %.2f |\n", total);
    }
    const QString loadAtEnd = loadAverage();
    std::printf("\nload average at end: %s (%d cores)\n", qPrintable(loadAtEnd), cores());
    const double bound = medianOf(rounds, [](const Round& r) { return r.forwardBoundFps(); });
    if (videoFps > 0 && videoFps < bound)
        std::printf("note: the video's %.1f frames/s is below the forward-bound rate; live mode "
                    "cannot exceed the source's rate, so use a faster video.\n", videoFps);
    // The load average also counts this program and lags by a minute: the CPU that other
    // processes used during the measured seconds (/proc/stat) says whether they interfered.
    double maxLoad = 0, maxOthers = 0;
    for (const Round& r : rounds) {
        maxLoad = std::max({maxLoad, r.loadStart.section(' ', 0, 0).toDouble(),
                            r.loadEnd.section(' ', 0, 0).toDouble()});
        maxOthers = std::max({maxOthers, r.cpu.othersCores, r.cpu.stolenCores});
    }
    if (maxOthers >= 0.1)
        std::printf("note: the machine was busy: other processes used up to %.2f cores while "
                    "live mode was measured (load average up to %.2f on %d cores); they took CPU "
                    "time from the network and the window: compare on a quiet machine.\n",
                    maxOthers, maxLoad, cores());
    else
        std::printf("other processes used under 0.1 cores while live mode was measured (load "
                    "average up to %.2f, which counts this program too).\n", maxLoad);

    if (!a.screenshot.isEmpty()) w.grab().save(a.screenshot);
    if (!a.json.isEmpty()) {
        QJsonObject partsJson;
        for (const auto& [what, ms] : parts) partsJson[what] = ms;
        QJsonArray list;
        for (const Round& r : rounds) list.append(roundJson(r));
        const QJsonObject root{
            {"variant", a.variant}, {"layer", a.layer}, {"weights", a.weights},
            {"maximized_dock", a.maximize}, {"gui_parts_ms", partsJson},
            {"threads", w.loadedModel()->deviceDescription}, {"video", videoText},
            {"video_fps", videoFps}, {"decode_ms_per_frame", decodeMs},
            {"load_start", loadAtStart}, {"load_end", loadAtEnd}, {"rounds", list},
            {"median", QJsonObject{
                {"forward_ms", medianOf(rounds, [](const Round& r) { return r.forwardMs; })},
                {"forward_bound_fps", bound},
                {"live_fps", medianOf(rounds, [](const Round& r) { return r.liveFps; })},
                {"ratio", medianOf(rounds, [](const Round& r) { return r.ratio(); })},
                {"dropped_share", medianOf(rounds, [](const Round& r) { return r.droppedShare; })},
                {"live_forward_ms", medianOf(rounds, [](const Round& r) { return r.fwdMs; })},
            }},
        };
        QFile f(a.json);
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0)
            std::fprintf(stderr, "cannot write %s\n", qPrintable(a.json));
    }
    return 0;
}
