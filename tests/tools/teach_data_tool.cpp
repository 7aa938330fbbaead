// teach-data DIR [PER_CLASS] [SEED]: writes the teaching tests' generated data set (teach_data.h:
// circle, square, triangle, stripes) into DIR/<class>/NNN.png, e.g. for
// `densescope --teach-data DIR --panel teach --screenshot teach.png`.
#include <QGuiApplication>

#include <cstdio>

#include "teach_data.h"

int main(int argc, char* argv[]) {
    // Drawing needs a Gui application, not a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments();
    const char usage[] =
        "usage: teach-data DIR [PER_CLASS (40)] [SEED (12345)]\n"
        "Writes the teaching tests' generated shapes (circle, square, triangle, stripes),\n"
        "PER_CLASS images each, into DIR/<class>/NNN.png.\n";
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--help") || args[i] == QLatin1String("-h")) {
            std::fputs(usage, stdout);
            return 0;
        }
        // An option-looking argument is never a folder name or a number here: "--out" must
        // not become a folder named "--out".
        if (args[i].startsWith(QLatin1Char('-')) && args[i].size() > 1) {
            std::fprintf(stderr, "teach-data: unknown option '%s'\n%s", qPrintable(args[i]), usage);
            return 2;
        }
    }
    if (args.size() < 2 || args.size() > 4) {
        std::fputs(usage, stderr);
        return 2;
    }
    bool perClassOk = true, seedOk = true;
    const int perClass = args.size() > 2 ? args[2].toInt(&perClassOk) : 40;
    const quint32 seed = args.size() > 3 ? args[3].toUInt(&seedOk) : 12345;
    if (!perClassOk || perClass < 1) {
        std::fprintf(stderr, "PER_CLASS must be a whole number of at least 1\n");
        return 2;
    }
    if (!seedOk) {
        std::fprintf(stderr, "SEED must be a whole number from 0 to 4294967295\n");
        return 2;
    }
    if (!teachdata::write(args[1], perClass, seed)) {
        std::fprintf(stderr, "cannot write into %s\n", qPrintable(args[1]));
        return 1;
    }
    return 0;
}
