// densescope-lesson-bench: lesson mode as a teacher uses it, timed.
//
//   densescope-lesson-bench [--variant NAME] [--weights SPEC] [--size WxH] [--rounds R]
//                           [--language en|ja]
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set) on the real main window: loads the
// model (default densenet121 with random weights: the times do not depend on the weights),
// opens the built-in lesson made for it and prints
// - preparation: seconds from opening the lesson until every step is prepared, and per step
//   kind how long its preparation took;
// - step change: p50 and p95 (and the maximum) in milliseconds from a key press (Page Down, then
//   Page Up back through the lesson, R rounds) to the step painted, every step prepared.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "densescope/process.h"
#include "i18n.h"
#include "lesson.h"
#include "lesson_mode.h"
#include "main_window.h"
#if __has_include("builtin_lesson.h")
#include "builtin_lesson.h"
#define DS_HAVE_LESSON_DATA 1
#endif

namespace {

constexpr int kWaitMs = 600'000;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double at = p * double(v.size() - 1);
    const size_t lo = size_t(at), hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (at - double(lo));
}

ds::ui::Lesson lessonFor(const ds::DenseNetConfig& config, const QString& language) {
#ifdef DS_HAVE_LESSON_DATA
    return ds::ui::builtinLesson(config, language);
#else
    Q_UNUSED(config);
    Q_UNUSED(language);
    // Before the built-in lesson existed: one step of each kind that computes.
    using K = ds::ui::LessonStepKind;
    ds::ui::Lesson l;
    for (K k : {K::Image, K::Architecture, K::Node, K::Growth, K::FeatureMaps, K::Channel, K::Cam,
                K::CamStrip, K::Reuse, K::Visualize, K::Teach}) {
        ds::ui::LessonStep s;
        s.kind = k;
        s.title = QStringLiteral("step");
        l.steps << s;
    }
    return l;
#endif
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{"variant", "DenseNet variant (default densenet121).", "name", "densenet121"},
                  {"weights", "Weights spec (default random).", "spec", "random"},
                  {"size", "Lesson window size (default 1280x720).", "WxH", "1280x720"},
                  {"rounds", "Rounds through the lesson (default 3).", "R", "3"},
                  {"language", "en or ja (default en).", "code", "en"}});
    p.process(app);
    ds::configureProcess({});
    ds::i18n::installTranslations(p.value("language"));
    const QStringList wh = p.value("size").split('x');
    const QSize size(wh.value(0).toInt(), wh.value(1).toInt());

    ds::ui::WindowOptions options;
    options.config = ds::DenseNetConfig::variant(p.value("variant").toStdString());
    options.weights = p.value("weights");
    options.device = ds::DeviceKind::Cpu;
    options.useSettings = false;
    ds::ui::MainWindow window(options);
    window.resize(1280, 720);
    window.show();
    {
        QSignalSpy idle(&window, &ds::ui::MainWindow::idle);
        window.start();
        if (!window.isIdle() && !idle.wait(kWaitMs)) return std::fprintf(stderr, "the model did not load\n"), 1;
    }
    if (!window.loadedModel()) return std::fprintf(stderr, "no model\n"), 1;
    const ds::ui::Lesson lesson = lessonFor(window.loadedModel()->config, p.value("language"));
    std::printf("lesson: %d steps on %s (%s weights), %dx%d, %d threads\n", int(lesson.steps.size()),
                qPrintable(p.value("variant")), qPrintable(p.value("weights")), size.width(),
                size.height(), ds::processSettings().threads);
    window.setLessonWindowSize(size);
    QElapsedTimer clock;
    clock.start();
    window.presentLesson(lesson, 0);
    ds::ui::LessonMode* mode = window.lessonMode();
    std::vector<double> readyAt(size_t(lesson.steps.size()), 0);
    QObject::connect(mode, &ds::ui::LessonMode::stepReadyChanged, mode,
                     [&](int step) { readyAt[size_t(step)] = double(clock.elapsed()) / 1000; });
    if (!mode->allReady()) {
        QSignalSpy ready(mode, &ds::ui::LessonMode::allStepsReady);
        if (!ready.wait(kWaitMs)) return std::fprintf(stderr, "the lesson was not prepared\n"), 1;
    }
    const double prepared = double(clock.elapsed()) / 1000;
    std::printf("preparation: every step ready %.1f s after the lesson opened\n", prepared);
    double before = 0;
    std::vector<std::pair<double, int>> order;
    for (int i = 0; i < lesson.steps.size(); ++i) order.push_back({readyAt[size_t(i)], i});
    std::sort(order.begin(), order.end());
    for (const auto& [at, i] : order) {
        if (at > 0) {
            std::printf("  step %2d %-13s ready at %6.1f s (+%.1f s)\n", i + 1,
                        qPrintable(ds::ui::stepKindName(lesson.steps[i].kind)), at, at - before);
            before = at;
        }
    }
    if (!QTest::qWaitForWindowExposed(mode)) return std::fprintf(stderr, "the lesson window was not shown\n"), 1;
    std::vector<double> ms;
    const int rounds = std::max(1, p.value("rounds").toInt());
    for (int r = 0; r < rounds; ++r)
        for (int dir : {+1, -1})
            for (int i = 0; i + 1 < lesson.steps.size(); ++i) {
                QElapsedTimer t;
                bool painted = false;
                const auto c = QObject::connect(mode, &ds::ui::LessonMode::stepPainted, mode,
                                                [&](int, bool) { painted = true; });
                t.start();
                QTest::keyClick(mode, dir > 0 ? Qt::Key_PageDown : Qt::Key_PageUp);
                while (!painted && t.elapsed() < 5000) QCoreApplication::processEvents();
                ms.push_back(double(t.nsecsElapsed()) / 1e6);
                QObject::disconnect(c);
            }
    std::printf("step change (key press to the step painted), %zu changes: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
                ms.size(), percentile(ms, 0.5), percentile(ms, 0.95), *std::max_element(ms.begin(), ms.end()));
    return 0;
}
