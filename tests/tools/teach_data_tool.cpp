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
    if (args.size() < 2 || args.size() > 4) {
        std::fprintf(stderr, "usage: teach-data DIR [PER_CLASS (40)] [SEED (12345)]\n");
        return 2;
    }
    const int perClass = args.size() > 2 ? args[2].toInt() : 40;
    const quint32 seed = args.size() > 3 ? args[3].toUInt() : 12345;
    if (perClass < 1) {
        std::fprintf(stderr, "PER_CLASS must be at least 1\n");
        return 2;
    }
    if (!teachdata::write(args[1], perClass, seed)) {
        std::fprintf(stderr, "cannot write into %s\n", qPrintable(args[1]));
        return 1;
    }
    return 0;
}
