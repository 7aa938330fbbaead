// densescope: the desktop app. Command line in docs/ARCHITECTURE.md and ui/startup_options.h.
#include <QApplication>
#include <QTimer>

#include <cstdio>

#include "main_window.h"
#include "screenshot.h"
#include "startup_options.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("densescope"));
    QApplication::setApplicationDisplayName(QStringLiteral("DenseScope"));
    QApplication::setOrganizationName(QStringLiteral("DenseScope"));
    QApplication::setApplicationVersion(QStringLiteral(DENSESCOPE_VERSION));

    QString error;
    bool help = false;
    const auto options = parseStartupOptions(QApplication::arguments(), &error, &help);
    if (!options) {
        std::fprintf(help ? stdout : stderr, "%s\n", qPrintable(error));
        return help ? 0 : 2;
    }

    // The window first, so it appears at once; the model loads on the worker afterwards.
    MainWindow window(*options);
    if (!options->screenshot.isEmpty())
        new ScreenshotTaker(&window, options->screenshot, options->screenshotTimeoutS);
    window.show();
    QTimer::singleShot(0, &window, &MainWindow::start);
    return QApplication::exec();
}
