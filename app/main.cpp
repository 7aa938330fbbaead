// densescope: the desktop app. Command line in docs/architecture.md and app/startup_options.h.
#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QMenuBar>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

#include "densescope/process.h"
#include "i18n.h"
#include "language_menu.h"
#include "lesson.h"
#include "lesson_mode.h"
#include "builtin_lesson.h"
#include "lesson_controller.h"
#include "main_window.h"
#include "portable.h"
#include "screenshot.h"
#include "startup_options.h"
#include "teach_controller.h"

namespace {

// Milliseconds since this process started (Linux: /proc/self/stat's start time, 10 ms steps,
// so the dynamic loading of LibTorch and Qt before main() counts too); -1 elsewhere.
double msSinceProcessStart() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto paren = text.rfind(')');  // the command name may contain spaces
    if (paren == std::string::npos) return -1;
    // After the name come fields 3 (state) ... 22 (starttime, clock ticks since boot).
    std::istringstream fields(text.substr(paren + 1));
    std::string skip;
    for (int field = 3; field < 22; ++field) fields >> skip;
    double startTicks = 0;
    timespec now{};
    if (!(fields >> startTicks) || clock_gettime(CLOCK_BOOTTIME, &now) != 0) return -1;
    const double nowMs = double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    return nowMs - startTicks * 1e3 / double(sysconf(_SC_CLK_TCK));
}

// --startup-time: reports once the window's first paint has been flushed, then quits.
class FirstPaintReporter : public QObject {
public:
    explicit FirstPaintReporter(QWidget* window) : QObject(window) {
        window->installEventFilter(this);
        QTimer::singleShot(60'000, this, [this] {  // never hang a benchmark run
            if (m_seen) return;
            std::fprintf(stderr, "densescope: the window was not painted within 60 s\n");
            QApplication::exit(1);
        });
    }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            QTimer::singleShot(0, this, [] {  // after this paint has been flushed
                std::printf("window first painted %.0f ms after the process started\n",
                            msSinceProcessStart());
                std::fflush(stdout);
                QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

// --size: exactly that size, so screenshots show the window as it is on such a screen. A size
// below what the window needs is said (the window cannot be smaller than its minimum).
void applyWindowSize(QMainWindow& window, const QSize& size) {
    const QSize least = window.minimumSizeHint().expandedTo(window.minimumSize());
    if (least.width() > size.width() || least.height() > size.height())
        std::fprintf(stderr, "%s\n",
                     qPrintable(QCoreApplication::translate(
                                    "StartupOptions",
                                    "densescope: the window needs at least %1×%2 pixels; it is "
                                    "shown at that size instead of %3×%4.")
                                    .arg(least.width())
                                    .arg(least.height())
                                    .arg(size.width())
                                    .arg(size.height())));
    window.resize(size);
}

}  // namespace

// --dialog NAME: the Weights or Live menu, the ImageNet weights manager or a download, over the window.
static void openStartupDialog(ds::ui::MainWindow& window, const QString& name) {
    if (name == QLatin1String("weights")) {
        window.openWeightsManager();
    } else if (name == QLatin1String("download")) {
        window.openWeightsDownload(QString::fromStdString(window.loadedModel()->config.name));
    } else if (QMenu* menu = name == QLatin1String("live-menu") ? window.liveMenu()
                                                                 : window.weightsMenu()) {
        const QRect at = window.menuBar()->actionGeometry(menu->menuAction());
        window.menuBar()->setActiveAction(menu->menuAction());
        if (!menu->isVisible()) menu->popup(window.menuBar()->mapToGlobal(at.bottomLeft()));
    }
}

// --lesson FILE|builtin [--step N]: lesson mode once the first model is shown (the built-in
// lesson is made for it); with --screenshot, that step's picture once it is ready.
static bool startLesson(ds::ui::MainWindow& window, const StartupOptions& options) {
    std::optional<ds::ui::Lesson> fromFile;
    if (options.lesson != QLatin1String("builtin")) {
        try {
            fromFile = ds::ui::readLessonFile(options.lesson);
            ds::ui::checkLessonFiles(*fromFile);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "densescope: --lesson %s: %s\n", qPrintable(options.lesson), e.what());
            return false;
        }
        if (options.lessonStep > fromFile->steps.size()) {
            std::fprintf(stderr, "densescope: --step %d: the lesson has %d steps.\n", options.lessonStep,
                         int(fromFile->steps.size()));
            return false;
        }
    }
    if (options.windowSize.isValid()) window.setLessonWindowSize(options.windowSize);
    QObject::connect(
        &window, &ds::ui::MainWindow::modelShown, &window,
        [&window, fromFile, options](const ds::ui::ModelInfo& info) {
            ds::ui::Lesson lesson =
                fromFile ? *fromFile : ds::ui::builtinLesson(info.config, ds::i18n::currentLanguage());
            const int step = std::min(options.lessonStep, int(lesson.steps.size())) - 1;
            window.presentLesson(lesson, std::max(0, step));
            if (!options.screenshot.isEmpty())
                takeLessonScreenshot(window.lessonMode(), options.screenshot, options.screenshotTimeoutS);
        },
        Qt::SingleShotConnection);
    return true;
}

int main(int argc, char* argv[]) {
    int exitCode = 0;
    if (ds::portable::answerDesktopEntry(argc, argv, &exitCode)) return exitCode;
    ds::portable::prepareEnvironment();  // the portable bundle's fonts and plugins; else nothing
    if (answerWithoutDisplay(argc, argv)) return 0;  // --help, --version
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("densescope"));
    QApplication::setApplicationDisplayName(QStringLiteral("DenseScope"));
    QApplication::setOrganizationName(QStringLiteral("DenseScope"));
    QApplication::setApplicationVersion(QStringLiteral(DENSESCOPE_VERSION));
    // The installed desktop entry (packaging/linux/): desktops match the window to its name
    // and icon through this (Wayland's app id).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.densescope.DenseScope"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("densescope")));  // when installed

    QString error;
    bool help = false;
    const auto options = parseStartupOptions(QApplication::arguments(), &error, &help);
    if (!options) {
        std::fprintf(help ? stdout : stderr, "%s\n", qPrintable(error));
        return help ? 0 : 2;
    }

    // The process's threads, BLAS and allocator, once, before the worker thread starts.
    ds::ProcessOptions process;
    process.threads = options->threads;
    for (const auto& note : ds::configureProcess(process).notes)
        std::fprintf(stderr, "densescope: %s\n", note.c_str());

    // Before any widget exists: widgets translate their texts when they are made. Screenshots
    // and startup timings do not depend on the last session, so they ignore the saved choice.
    // Its font too (a CJK family for Japanese: language_menu.h).
    ds::ui::LanguageMenu::apply(ds::i18n::resolve(!options->language.isEmpty() ? options->language
                                                  : options->useSettings ? ds::i18n::savedChoice()
                                                                         : QStringLiteral("en")));

    // The window first, so it appears at once; the model loads on the worker afterwards.
    ds::ui::MainWindow window(*options);
    ScreenshotTaker* screenshot = nullptr;
    if (!options->screenshot.isEmpty() && options->lesson.isEmpty())
        screenshot = new ScreenshotTaker(&window, options->screenshot, options->screenshotTimeoutS,
                                         options->checkGlyphs);
    if (options->startupTime) new FirstPaintReporter(&window);
    if (options->zoom > 0) window.setScale(options->zoom);
    if (options->windowSize.isValid()) applyWindowSize(window, options->windowSize);
    if (!options->panel.isEmpty() && !window.raisePanel(options->panel)) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QCoreApplication::translate(
                                    "StartupOptions", "--panel %1: there is no such panel; "
                                                      "the panels are: %2.")
                                    .arg(options->panel, window.panelNames().join(QStringLiteral(", ")))));
        return 2;
    }
    if (options->visualizeSteps > 0) window.visualizeOnFirstView(options->visualizeSteps);
    // A --head or --teach-data that cannot be used is a start-up error like a missing image:
    // the Teach tab comes to the front with its message (in red), stderr says it, and
    // --screenshot ends with 1 instead of a picture of ImageNet's predictions.
    QObject::connect(window.teach(), &ds::ui::TeachController::startupProblem, &window,
                     [screenshot](const QString& message) {
                         const QString line = QStringLiteral("densescope: %1").arg(message);
                         if (screenshot)
                             screenshot->fail(line);
                         else
                             std::fprintf(stderr, "%s\n", qPrintable(line));
                     });
    if (!options->teachData.isEmpty())
        window.teach()->trainOnFirstView(options->teachData, /*raise=*/options->panel.isEmpty());
    if (!options->headFile.isEmpty()) window.teach()->openHeadOnModel(options->headFile);
    if (!options->dialog.isEmpty())  // for screenshots: ScreenshotTaker draws it over the window
        QObject::connect(
            &window, &ds::ui::MainWindow::modelShown, &window,
            [&window, dialog = options->dialog] { openStartupDialog(window, dialog); },
            Qt::SingleShotConnection);
    if (!options->lesson.isEmpty() && !startLesson(window, *options)) return 2;
    window.show();
    QTimer::singleShot(0, &window, &ds::ui::MainWindow::start);
    if (options->zoom > 0)  // the window keeps the zoom to what the screen has room for
        QObject::connect(
            &window, &ds::ui::MainWindow::viewShown, &window,
            [&window, zoom = options->zoom] {
                QTimer::singleShot(0, &window, [&window, zoom] {  // after the window's own check
                    if (window.scale() < zoom - 0.005)
                        std::fprintf(stderr, "%s\n",
                                     qPrintable(QCoreApplication::translate(
                                                    "StartupOptions",
                                                    "--zoom %1: this screen has room for every "
                                                    "panel up to %2, so the window uses %2.")
                                                    .arg(zoom)
                                                    .arg(window.scale(), 0, 'f', 2)));
                });
            },
            Qt::SingleShotConnection);
    if (options->presentation)  // after start(): lesson mode on what the workbench shows (F11)
        QTimer::singleShot(0, &window, [&window] { window.lessons()->present(); });
    return QApplication::exec();
}
