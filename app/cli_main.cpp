// densescope-cli: classify images, inspect DenseNet structures, export feature maps.
// Contracts (JSON shapes, exit codes): docs/architecture.md, checked by tests/tst_cli.cpp.
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLoggingCategory>

#include <cstring>
#include <exception>
#include <memory>

#include "cli_common.h"
#include "portable.h"
#include "densescope/version.h"
#ifdef DENSESCOPE_CLI_WIDGETS
#include <QApplication>
#endif

namespace {

const char kUsage[] =
    "Usage: densescope-cli <command> [options]\n"
    "       densescope-cli --help | --version\n"
    "\n"
    "Commands:\n"
    "  classify  [--variant NAME] [--weights SPEC] [--topk K] [--device D] [--json] [--timings] "
    "IMAGE...\n"
    "            | --video FILE [--every N]\n"
    "            (--head HEAD.safetensors: a train-head's classes; --video: a video's frames)\n"
    "  inspect   [--variant NAME | --growth-rate K --blocks a,b,c,d ...] [--json]\n"
    "  features  [--variant NAME] [--weights SPEC] --layer NAME --out FILE.npy IMAGE\n"
    "            (--out DIR --png writes the channel grid as PNG; --list-layers lists names)\n"
    "  explain   [--variant NAME | custom layout flags] --layer NAME [--language en|ja] [--json]\n"
    "            (what that layer does, with its numbers; --list-layers lists names)\n"
    "  connectivity [--variant NAME] [--weights SPEC] [--json]\n"
    "            (the dense-connectivity heat map of the weights: mean |W| per source and target)\n"
    "  stats     [--variant NAME] [--weights SPEC] --layer NAME [--channel C] [--bins N] [--json] "
    "IMAGE\n"
    "            (one channel's min/max/mean/std/histogram and the module's per-channel means)\n"
    "  cam       [--variant NAME] [--weights SPEC] --layer NAME|strip [--class INDEX|LABEL]\n"
    "            [--method gradcam|gradcampp|layercam] --out FILE.npy|FILE.png [--json] IMAGE\n"
    "            (class activation map: where the network looks for a class)\n"
    "  attribute [--variant NAME] [--weights SPEC] --method NAME [--class INDEX|LABEL]\n"
    "            [--layer NAME] [--steps N] [--samples N] [--seed S] --out FILE.npy|FILE.png\n"
    "            [--json] IMAGE  (pixel attribution: saliency, inputxgradient,\n"
    "            integratedgradients, smoothgrad, guidedbackprop, deconvolution, guidedgradcam,\n"
    "            occlusion)\n"
    "  compare   [--variant NAME] [--weights SPEC] --layer NAME [--class INDEX|LABEL]\n"
    "            [--methods LIST] [--skip LIST] [--sort road|confidence|cost] [--out DIR] [--json]\n"
    "            IMAGE  (every CAM method side by side, each with its ROAD score and confidence\n"
    "            change: which map to trust)\n"
    "  top-images [--variant NAME] [--weights SPEC] --layer NAME --channel C [--top N] [--json]\n"
    "            DIR|IMAGE...  (images ranked by that channel's spatial maximum)\n"
    "  visualize [--variant NAME] [--weights SPEC] --layer NAME --channel C [--steps N] [--seed S]\n"
    "            --out FILE.png [--json] (the input that most excites that channel)\n"
    "  weights   list | download VARIANT|--url URL | verify [FILE...]  [--json]\n"
    "            (the official ImageNet weights: list, download into the torch hub cache, check)\n"
    "  train-head [--variant NAME] [--weights SPEC] --data DIR --out HEAD.safetensors\n"
    "            [--holdout 0.2] [--seed S] [--epochs N] [--json]\n"
    "            (teach new classes: one subfolder of images per class; classify --head uses it)\n"
    "  lesson    show FILE|builtin [--language en|ja] [--variant NAME] [--json]\n"
    "            | export FILE|builtin --out HANDOUT.pdf [--language en|ja] [--page a4|letter]\n"
    "            (a lesson's steps, and its handout as a PDF: docs/lessons.md)\n"
    "\n"
    "Run 'densescope-cli <command> --help' for a command's options.\n"
    "Exit status: 0 ok, 1 some image/video failed, 2 usage error or unloadable model/weights.\n";

}  // namespace

int main(int argc, char** argv) {
    ds::portable::prepareEnvironment();  // the portable bundle's fonts and plugins; else nothing
    // Image plugins are found through the application object; no display is needed. The PNG
    // figures of `features --png` and `cam` draw text, which needs fonts: a QGuiApplication,
    // offscreen.
    const bool drawsText =
        argc > 1 && (std::strcmp(argv[1], "features") == 0 || std::strcmp(argv[1], "cam") == 0);
    // `lesson export` draws the lesson's views with the app's widgets: a QApplication, offscreen.
    const bool drawsWidgets = argc > 2 && std::strcmp(argv[1], "lesson") == 0 &&
                              std::strcmp(argv[2], "export") == 0;
    if (drawsText || drawsWidgets)
        qputenv("QT_QPA_PLATFORM", "offscreen");  // never a window, even with a display
#ifdef DENSESCOPE_CLI_WIDGETS
    const auto widgets = [&] { return std::unique_ptr<QCoreApplication>(new QApplication(argc, argv)); };
#else
    const auto widgets = [&] { return std::unique_ptr<QCoreApplication>(new QGuiApplication(argc, argv)); };
#endif
    const std::unique_ptr<QCoreApplication> app =
        drawsWidgets ? widgets()
        : drawsText  ? std::unique_ptr<QCoreApplication>(new QGuiApplication(argc, argv))
                     : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName("densescope-cli");
    // libpng/libjpeg chatter ("iCCP: known incorrect sRGB profile") would clutter stderr, which
    // carries our own messages; decoding failures are reported by image_io anyway.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio*=false"));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        cli::printErr(kUsage);
        return cli::kExitUsage;
    }
    const QString command = args.takeAt(1);
    if (command == "-h" || command == "--help" || command == "help") {
        cli::printOut(kUsage);
        return cli::kExitOk;
    }
    if (command == "--version") {
        cli::printOut(QString::fromStdString(ds::versionText("densescope-cli", qVersion())));
        return cli::kExitOk;
    }
    try {
        if (command == "classify") return cli::runClassify(args);
        if (command == "inspect") return cli::runInspect(args);
        if (command == "features") return cli::runFeatures(args);
        if (command == "explain") return cli::runExplain(args);
        if (command == "connectivity") return cli::runConnectivity(args);
        if (command == "stats") return cli::runStats(args);
        if (command == "cam") return cli::runCam(args);
        if (command == "attribute") return cli::runAttribute(args);
        if (command == "compare") return cli::runCompare(args);
        if (command == "top-images") return cli::runTopImages(args);
        if (command == "visualize") return cli::runVisualize(args);
        if (command == "weights") return cli::runWeights(args);
        if (command == "train-head") return cli::runTrainHead(args);
        if (command == "lesson") return cli::runLesson(args);
        cli::printErr("Unknown command '" + command + "'.\n\n" + kUsage);
        return cli::kExitUsage;
    } catch (const cli::UsageError& e) {
        cli::printErr(
            QStringLiteral("densescope-cli %1: %2").arg(command, QString::fromUtf8(e.what())));
        return cli::kExitUsage;
    } catch (const std::exception& e) {
        cli::printErr(
            QStringLiteral("densescope-cli %1: %2").arg(command, QString::fromUtf8(e.what())));
        return cli::kExitUsage;
    }
}
