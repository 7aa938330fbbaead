#include "live_rounds.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHash>
#include <QSignalSpy>
#include <QTimer>

#include <algorithm>

#include "densescope/engine.h"
#include "gui_profile.h"
#include "analysis_panel.h"
#include "feature_map_panel.h"
#include "image_io.h"
#include "image_view.h"
#include "predictions_chart.h"
#include "status_panel.h"
#include "live_feed.h"
#include "live_controller.h"
#include "main_window.h"
#include "view_mode_controller.h"
#include "video_decoder.h"
#include "video_file_source.h"

namespace livebench {

namespace {

constexpr int kWaitMs = 120'000;
constexpr int kDecodeFrames = 120;  // frames decoded to time the decoder
constexpr int kEngineWarmup = 3;

bool waitIdle(ds::ui::MainWindow& w) {
    if (w.isIdle()) return true;
    QSignalSpy idle(&w, &ds::ui::MainWindow::idle);
    return idle.wait(kWaitMs);
}

void runEvents(double seconds) {
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

double mean(const std::vector<double>& v) {
    if (v.empty()) return 0;
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
}

qint64 droppedAtSource(const ds::ui::MainWindow& w) {
    return w.live()->source() ? w.live()->source()->droppedAtSource() : 0;
}

}  // namespace

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Engines::Engines() = default;
Engines::~Engines() = default;

QString prepare(const Args& a, Engines* e, double* decodeMsPerFrame, double* videoFps,
                QString* videoText) {
    try {
        ds::VideoDecoder decoder;
        decoder.open(a.video);
        const ds::VideoInfo& info = decoder.info();
        *videoFps = info.fps;
        *videoText = QStringLiteral("%1: %2x%3, %4 frames/s, %5 s, %6")
                         .arg(QFileInfo(a.video).fileName())
                         .arg(info.width)
                         .arg(info.height)
                         .arg(info.fps, 0, 'f', 2)
                         .arg(info.durationS, 0, 'f', 1)
                         .arg(info.codec);
        ds::VideoFrame frame, last;
        int n = 0;
        QElapsedTimer timer;
        timer.start();
        while (n < kDecodeFrames && decoder.next(frame)) {
            last = frame;
            ++n;
        }
        *decodeMsPerFrame = n > 0 ? double(timer.nsecsElapsed()) / 1e6 / n : 0;
        if (last.image.isNull()) return QStringLiteral("%1 gave no frame").arg(a.video);
        e->frame = ds::fromQImage(last.image);

        const auto config = ds::DenseNetConfig::variant(a.variant.toStdString());
        ds::EngineOptions options;
        options.device = ds::DeviceKind::Cpu;  // threads: the process's (live_bench's main())
        e->plain = std::make_unique<ds::Engine>(options);
        options.mapBytes = true;  // as InferenceWorker::replaceModel
        options.keepLayers = true;
        e->workerForm = std::make_unique<ds::Engine>(options);
        e->plain->load(config, a.weights.toStdString());
        e->workerForm->load(config, a.weights.toStdString());
        for (int i = 0; i < kEngineWarmup; ++i) {
            e->plain->classify(e->frame, 5);
            e->workerForm->classify(e->frame, 5, {a.layer.toStdString()});
        }
    } catch (const std::exception& ex) {
        return QString::fromUtf8(ex.what());
    }
    return {};
}

QString runRound(ds::ui::MainWindow& w, const Args& a, Engines& e, Round* r) {
    r->loadStart = loadAverage();
    // (a) The forward-bound rate: live mode stopped, the worker idle, a separate engine on the
    // GUI thread (the same thread count), plain and worker-form passes interleaved.
    w.live()->stop();
    if (!waitIdle(w)) return QStringLiteral("the window did not become idle");
    std::vector<double> plain, form, formPre, formMaps;
    try {
        const std::vector<std::string> capture{a.layer.toStdString()};
        for (int i = 0; i < a.passes; ++i) {
            plain.push_back(e.plain->classify(e.frame, 5).timings.forwardMs);
            const ds::Timings t = e.workerForm->classify(e.frame, 5, capture).timings;
            form.push_back(t.forwardMs);
            formPre.push_back(t.preprocessMs);
            formMaps.push_back(t.mapsMs);
        }
    } catch (const std::exception& ex) {
        return QString::fromUtf8(ex.what());
    }
    e.workerForm->releaseKept();
    r->forwardMs = median(plain);
    r->workerFormMs = median(form);
    r->workerFormPreMs = median(formPre);
    r->workerFormMapsMs = median(formMaps);

    // (b) Live mode on the video: warm up, then measure.
    bool measuring = false;
    std::vector<double> image, pre, fwd, maps, roundTrip, waitFrame;
    QHash<quint64, qint64> submittedAt;
    qint64 answeredAt = -1;
    QElapsedTimer clock;
    clock.start();
    ds::ui::LiveFeed* feed = w.live()->feed();
    const QList<QMetaObject::Connection> connections = {
        QObject::connect(&w, &ds::ui::MainWindow::viewApplied,
                         [&](const ds::ui::ViewResult& view) {
                             if (!measuring || view.timings.forwardMs <= 0) return;
                             image.push_back(view.decodeMs);
                             pre.push_back(view.timings.preprocessMs);
                             fwd.push_back(view.timings.forwardMs);
                             maps.push_back(view.timings.mapsMs);
                         }),
        QObject::connect(feed, &ds::ui::LiveFeed::frameSubmitted,
                         [&](const ds::ui::LiveFrame&, quint64 id) {
                             const qint64 now = clock.nsecsElapsed();
                             submittedAt[id] = now;
                             if (measuring && answeredAt >= 0)
                                 waitFrame.push_back(double(now - answeredAt) / 1e6);
                             answeredAt = -1;
                         }),
        QObject::connect(feed, &ds::ui::LiveFeed::frameAnswered, [&](quint64 id) {
            const qint64 now = clock.nsecsElapsed();
            if (measuring && submittedAt.contains(id))
                roundTrip.push_back(double(now - submittedAt[id]) / 1e6);
            submittedAt.remove(id);
            answeredAt = now;
        }),
    };
    QString error;
    if (!w.live()->openVideo(a.video)) {
        error = QStringLiteral("the window could not play the video: ") + w.live()->statusText();
    } else {
        runEvents(a.warmupS);
        const ds::ui::LiveStats s0 = feed->stats();
        const qint64 src0 = droppedAtSource(w);
        auto* profiler = dynamic_cast<ProfilingApp*>(QCoreApplication::instance());
        if (profiler) profiler->reset(), profiler->setRecording(true);
        const CpuSnapshot c0 = cpuSnapshot();
        measuring = true;
        runEvents(a.seconds);
        measuring = false;
        if (profiler) {
            profiler->setRecording(false);
            r->guiMs = profiler->eventMs();
            r->paintMs = profiler->paintMs();
            r->guiCount = profiler->eventCount();
        }
        const CpuSnapshot c1 = cpuSnapshot();
        const ds::ui::LiveStats s1 = feed->stats();
        const qint64 src1 = droppedAtSource(w);
        r->status = w.live()->statusText();
        r->cpu = cpuUse(c0, c1);
        r->seconds = r->cpu.wallS;
        r->answered = s1.answered - s0.answered;
        r->offered = s1.offered - s0.offered + (src1 - src0);
        r->dropped = s1.dropped - s0.dropped + (src1 - src0);
        r->liveFps = r->seconds > 0 ? double(r->answered) / r->seconds : 0;
        r->droppedShare = r->offered > 0 ? double(r->dropped) / double(r->offered) : 0;
        r->views = int(fwd.size());
        r->imageMs = mean(image);
        r->preMs = mean(pre);
        r->fwdMs = mean(fwd);
        r->mapsMs = mean(maps);
        r->roundTripMs = mean(roundTrip);
        r->waitFrameMs = mean(waitFrame);
    }
    for (const auto& c : connections) QObject::disconnect(c);
    w.live()->stop();
    if (!waitIdle(w) && error.isEmpty()) error = QStringLiteral("the window did not become idle");
    r->loadEnd = loadAverage();
    return error;
}

std::vector<std::pair<QString, double>> guiParts(ds::ui::MainWindow& w,
                                                 const ds::ui::ViewResult& view, int reps) {
    std::vector<double> image, predictions, maps, status, repaint;
    const QList<ds::ui::AnalysisPanel*>& panels = w.analysisPanels();
    std::vector<std::vector<double>> panelMs(size_t(panels.size()));
    QCoreApplication::processEvents();
    for (int i = 0; i < reps; ++i) {
        // New images each time, as live mode's every view has (caches keyed on the image see a
        // new one); the copies are not timed.
        const QImage original = view.original.copy(), input = view.networkInput.copy();
        const auto map = view.map ? std::make_shared<const ds::FeatureMap>(*view.map) : nullptr;
        double t = threadCpuMs();
        auto lap = [&t](std::vector<double>& into) {
            const double now = threadCpuMs();
            into.push_back(now - t);
            t = now;
        };
        w.imageView()->setImages(original, input, view.source);
        lap(image);
        w.predictions()->setPredictions(view.top);
        lap(predictions);
        if (map) w.featureMaps()->setFeatureMap(map, input);
        lap(maps);
        w.statusPanel()->setTimings(view.decodeMs, view.timings);
        lap(status);
        ds::ui::ViewResult fresh = view;  // as MainWindow::viewApplied sends it to the tabs
        fresh.original = original;
        fresh.networkInput = input;
        fresh.map = map;
        fresh.imageId = view.imageId + 1 + quint64(i);
        for (int p = 0; p < panels.size(); ++p) {
            panels[p]->viewChanged(fresh);
            lap(panelMs[size_t(p)]);
        }
        QCoreApplication::processEvents();  // layout, repaint (the backing store's flush)
        lap(repaint);
    }
    std::vector<std::pair<QString, double>> parts = {
        {QStringLiteral("image view: setImages (the frame and the 224 crop)"), median(image)},
        {QStringLiteral("predictions: setPredictions"), median(predictions)},
        {QStringLiteral("feature maps: setFeatureMap (every channel colour-mapped)"), median(maps)},
        {QStringLiteral("status: setTimings"), median(status)},
    };
    for (int p = 0; p < panels.size(); ++p)
        parts.push_back({QStringLiteral("analysis tab %1%2: viewChanged")
                             .arg(QString::fromLatin1(panels[p]->metaObject()->className()))
                             .arg(panels[p]->isShown() ? QStringLiteral(" (in front)")
                                                       : QString()),
                         median(panelMs[size_t(p)])});
    parts.push_back({QStringLiteral("then layout + repaint of what changed (processEvents)"),
                     median(repaint)});
    return parts;
}

}  // namespace livebench
