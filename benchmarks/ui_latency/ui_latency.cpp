// densescope-ui-latency: how quickly the real main window answers a teacher's clicks.
//
//   densescope-ui-latency [--variant NAME] [--switches N] [--rounds R] [--threads T]
//                         [--presets LIST] [--weights-dir DIR] [--skip-layers] [--skip-presets]
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set). Prints, per kind of switch, the
// number of samples, p50 and p95 in milliseconds:
// - layer switch: a mouse click on a node of the Network tree, to the thumbnail grid painted
//   with that layer's maps (the same image: no forward pass), N switches over the whole tree;
// - preset switch: a model request (random weights, or DIR/<preset>.pth with --weights-dir), to
//   the window being idle again with its predictions and maps shown, R rounds per preset in
//   rotation (so each load replaces another preset). Also the load alone (ModelInfo::loadMs)
//   and the memory that keeping every layer of one 224x224 forward costs (Engine::keptBytes).
#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "densescope/engine.h"
#include "densescope/process.h"
#include "feature_map_panel.h"
#include "main_window.h"
#include "network_tree.h"

namespace {

constexpr int kWaitMs = 120'000;

struct Args {
    QString variant = QStringLiteral("densenet121");
    int switches = 60, rounds = 5, threads = 0;
    QStringList presets = {"densenet121", "densenet161", "densenet169", "densenet201",
                           "densenet264"};
    QString weightsDir;
    bool layers = true, presetsOn = true;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double at = p * double(v.size() - 1);
    const size_t lo = size_t(at), hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (at - double(lo));
}

void row(const QString& what, const std::vector<double>& ms, const QString& extra = {}) {
    std::printf("| %-48s | %3zu | %8.1f | %8.1f |%s\n", qPrintable(what), ms.size(),
                percentile(ms, 0.5), percentile(ms, 0.95), qPrintable(extra));
    std::fflush(stdout);
}

bool waitIdle(ds::ui::MainWindow& w) {
    if (w.isIdle()) return true;
    QSignalSpy idle(&w, &ds::ui::MainWindow::idle);
    return idle.wait(kWaitMs);
}

ds::DenseNetConfig presetConfig(const QString& name) {
    return ds::DenseNetConfig::variant(name.toStdString());
}

// Paints of the thumbnail grid, timed once each paint has been flushed (the event filter sees
// the paint event before it is handled; a queued call runs after it).
class PaintClock : public QObject {
public:
    PaintClock(ds::ui::MainWindow& w, QWidget* grid) : m_window(w) {
        grid->installEventFilter(this);
    }
    void expect(const QString& layer) {
        m_layer = layer;
        m_done = false;
    }
    bool done() const { return m_done; }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !m_done && !m_layer.isEmpty()) {
            const auto map = m_window.featureMaps()->featureMap();
            if (map && QString::fromStdString(map->layer) == m_layer)
                QTimer::singleShot(0, this, [this] { m_done = true; });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    ds::ui::MainWindow& m_window;
    QString m_layer;
    bool m_done = false;
};

int layerSwitches(ds::ui::MainWindow& w, const Args& a) {
    auto* tree = w.findChild<ds::ui::NetworkTree*>(QStringLiteral("networkTree"));
    auto* grid = w.findChild<QWidget*>(QStringLiteral("thumbnailGrid"));
    if (!tree || !grid) return std::fprintf(stderr, "no network tree or thumbnail grid\n"), 1;
    PaintClock clock(w, grid);
    const QStringList layers = w.loadedModel()->layers;
    const quint64 forwards = w.worker()->forwardCount();
    std::vector<double> ms;
    for (int i = 0; i < a.switches; ++i) {
        // Stride through the tree so neighbours (same block, same size) do not dominate.
        const QString layer = layers[(i * 7 + 1) % layers.size()];
        if (layer == w.currentLayer()) continue;
        QTreeWidgetItem* item = tree->itemFor(layer);
        tree->tree()->scrollToItem(item);
        QApplication::processEvents();
        const QRect rect = tree->tree()->visualItemRect(item);
        clock.expect(layer);
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(tree->tree()->viewport(), Qt::LeftButton, {}, rect.center());
        while (!clock.done() && timer.elapsed() < kWaitMs)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!waitIdle(w)) return 1;
    }
    row(QStringLiteral("layer, %1 (tree click -> grid painted)").arg(a.variant), ms,
        QStringLiteral(" forward passes: %1").arg(w.worker()->forwardCount() - forwards));
    return 0;
}

int presetSwitches(ds::ui::MainWindow& w, const Args& a) {
    std::map<QString, std::vector<double>> ready, load;
    for (int r = 0; r < a.rounds; ++r)
        for (int p = 0; p < a.presets.size(); ++p) {
            const QString& preset = a.presets[(p + r) % a.presets.size()];
            ds::ui::ModelRequest request;
            request.config = presetConfig(preset);
            request.device = ds::DeviceKind::Cpu;
            request.weights =
                a.weightsDir.isEmpty()
                    ? QStringLiteral("random")
                    : QFileInfo(a.weightsDir + "/" + preset + ".pth").absoluteFilePath();
            QElapsedTimer timer;
            timer.start();
            w.requestModel(request);
            if (!waitIdle(w) || !w.loadedModel() || w.loadedModel()->config != request.config)
                return std::fprintf(stderr, "%s did not load\n", qPrintable(preset)), 1;
            ready[preset].push_back(double(timer.nsecsElapsed()) / 1e6);
            load[preset].push_back(w.loadedModel()->loadMs);
        }
    const QString weights =
        a.weightsDir.isEmpty() ? QStringLiteral("random") : QStringLiteral("file");
    for (const QString& preset : a.presets) {
        // What keeping every layer of one forward costs, in a separate engine.
        ds::EngineOptions options;
        options.device = ds::DeviceKind::Cpu;
        options.keepLayers = true;
        ds::Engine engine(options);
        engine.load(presetConfig(preset), "random");
        engine.classifyTensor(std::vector<float>(3 * 224 * 224, 0.5f), 224, 224, 1);
        row(QStringLiteral("%1, %2 weights (request -> ready)").arg(preset, weights), ready[preset],
            QStringLiteral(" load p50 %1 ms; kept layers %2 MB")
                .arg(percentile(load[preset], 0.5), 0, 'f', 0)
                .arg(double(engine.keptBytes()) / 1e6, 0, 'f', 1));
    }
    return 0;
}

bool parse(const QStringList& args, Args* a) {
    for (int i = 1; i < args.size(); ++i) {
        const QString& f = args[i];
        const bool hasValue = i + 1 < args.size();
        if (f == "--variant" && hasValue)
            a->variant = args[++i];
        else if (f == "--switches" && hasValue)
            a->switches = args[++i].toInt();
        else if (f == "--rounds" && hasValue)
            a->rounds = args[++i].toInt();
        else if (f == "--threads" && hasValue)
            a->threads = args[++i].toInt();
        else if (f == "--presets" && hasValue)
            a->presets = args[++i].split(',');
        else if (f == "--weights-dir" && hasValue)
            a->weightsDir = args[++i];
        else if (f == "--skip-layers")
            a->layers = false;
        else if (f == "--skip-presets")
            a->presetsOn = false;
        else
            return false;
    }
    return a->switches > 0 && a->rounds > 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Args a;
    if (!parse(QApplication::arguments(), &a)) {
        std::fprintf(stderr,
                     "usage: densescope-ui-latency [--variant NAME] [--switches N] [--rounds R] "
                     "[--threads T] [--presets a,b] [--weights-dir DIR] [--skip-layers] "
                     "[--skip-presets]\n");
        return 2;
    }
    {  // as densescope's main(): the process's threads and allocator, once
        ds::ProcessOptions process;
        process.threads = a.threads;
        for (const auto& note : ds::configureProcess(process).notes)
            std::fprintf(stderr, "%s\n", note.c_str());
    }
    ds::ui::WindowOptions options;
    options.useSettings = false;
    options.config = presetConfig(a.variant);
    options.weights = QStringLiteral("random");
    options.device = ds::DeviceKind::Cpu;
    ds::ui::MainWindow w(options);
    w.resize(1280, 720);
    w.show();
    w.start();
    if (!waitIdle(w)) return 1;
    const char* wait = std::getenv("OMP_WAIT_POLICY");
    std::printf("%s, %s, OMP_WAIT_POLICY=%s, window 1280x720 offscreen\n\n",
                ds::Engine::versionInfo().c_str(), qPrintable(w.loadedModel()->deviceDescription),
                wait ? wait : "(libgomp default)");
    std::printf("| %-48s | %3s | %8s | %8s |\n", "switch", "n", "p50 ms", "p95 ms");
    std::printf("|%s|-----|----------|----------|\n", std::string(50, '-').c_str());
    if (a.layers && layerSwitches(w, a) != 0) return 1;
    if (a.presetsOn && presetSwitches(w, a) != 0) return 1;
    return 0;
}
