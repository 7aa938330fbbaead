#include "startup_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QFileInfo>
#include <QMimeDatabase>

#include <cstdio>
#include <cstring>

#include "densescope/errors.h"
#include "densescope/version.h"
#include "i18n.h"
#include "model_options.h"
#include "densescope/module_names.h"

namespace {
constexpr int kMinSide = 200, kMaxSide = 16384;

// "1280x720" (also 'X' or '×'); an invalid QSize when it is not that.
QSize parseWindowSize(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,5})\\s*[xX×]\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch()) return {};
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    const auto ok = [](int side) { return side >= kMinSide && side <= kMaxSide; };
    return ok(size.width()) && ok(size.height()) ? size : QSize();
}
}  // namespace

bool isVideoFile(const QString& path) {
    // By name first: the desktop hands over files that may not exist yet or cannot be read.
    static const QStringList kSuffixes{
        QStringLiteral("mp4"), QStringLiteral("m4v"), QStringLiteral("mkv"), QStringLiteral("webm"),
        QStringLiteral("avi"), QStringLiteral("mov"), QStringLiteral("mpg"), QStringLiteral("mpeg"),
        QStringLiteral("ogv"), QStringLiteral("wmv"), QStringLiteral("flv"), QStringLiteral("3gp"),
        QStringLiteral("ts"),  QStringLiteral("mts"), QStringLiteral("m2ts")};
    if (kSuffixes.contains(QFileInfo(path).suffix().toLower())) return true;
    if (!QFileInfo(path).isFile()) return false;
    return QMimeDatabase().mimeTypeForFile(path).name().startsWith(QLatin1String("video/"));
}

std::optional<StartupOptions> parseStartupOptions(const QStringList& args, QString* error,
                                                  bool* helpShown) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("DenseScope: see inside DenseNet image classifiers."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    p.addOption(help);
    const QCommandLineOption version(
        QStringLiteral("version"), QStringLiteral("Show the versions of DenseScope, Qt and LibTorch."));
    p.addOption(version);
    ds::options::addModelOptions(p);
    ds::options::addEngineOptions(p);
    p.addOptions({
        {QStringLiteral("screenshot"),
         QStringLiteral(
             "Save the window as PNG once predictions and feature maps are shown, then exit."),
         QStringLiteral("file")},
        {QStringLiteral("check-glyphs"),
         QStringLiteral("With --screenshot: also check that every character the window shows "
                        "has a glyph in the font Qt draws it with (fallbacks included); say "
                        "which fonts, and exit with 3 when some have none (a packaging check).")},
        {QStringLiteral("startup-time"),
         QStringLiteral("Print how long after the process started the window was first "
                        "painted, then exit (a startup benchmark; settings are not used).")},
        {QStringLiteral("language"),
         QStringLiteral("Language of the user interface: en or ja (default: the one chosen in "
                        "View → Language, else the system's)."),
         QStringLiteral("code")},
        {QStringLiteral("size"),
         QCoreApplication::translate("StartupOptions",
                                     "Window size in pixels, e.g. 1280x720 (for screenshots: "
                                     "the PNG has this size)."),
         QStringLiteral("WxH")},
        {QStringLiteral("zoom"),
         QCoreApplication::translate("StartupOptions",
                                     "Scale fonts, charts and thumbnails by this factor, "
                                     "0.75 to 3 (as View > Zoom in)."),
         QStringLiteral("factor")},
        {QStringLiteral("presentation"),
         QCoreApplication::translate("StartupOptions",
                                     "Start in lesson mode on what the workbench shows, as "
                                     "F11 does.")},
        {QStringLiteral("lesson"),
         QStringLiteral("Start in lesson mode on this lesson file, or on the built-in lesson "
                        "(builtin). With --size, the lesson window has that size; with "
                        "--screenshot, the picture is that step's once it is ready."),
         QStringLiteral("file|builtin")},
        {QStringLiteral("step"),
         QStringLiteral("With --lesson: the step to start on, from 1 (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("panel"),
         QCoreApplication::translate("StartupOptions",
                                     "Bring this panel to the front at start, by its short name "
                                     "(an analysis panel such as cam; an unknown name lists them)."),
         QStringLiteral("name")},
        {QStringLiteral("dialog"),
         QStringLiteral("Open this once the model is shown (for screenshots): weights (the "
                        "ImageNet weights manager), download (the download of the shown "
                        "variant's ImageNet weights), weights-menu (the Weights menu) or live-menu (the "
                        "Live menu)."),
         QStringLiteral("name")},
        {QStringLiteral("video"),
         QStringLiteral("Play this video file in live mode from the start (as File → Open "
                        "video… does)."),
         QStringLiteral("file")},
        {QStringLiteral("top-images"),
         QStringLiteral("Open the Top images tab on this folder (it is scanned at the shown "
                        "layer)."),
         QStringLiteral("dir")},
        {QStringLiteral("teach-data"),
         QStringLiteral("Open the Teach tab with one class per subfolder of this folder and "
                        "train them once the model is shown (for screenshots)."),
         QStringLiteral("dir")},
        {QStringLiteral("head"),
         QStringLiteral("Predict the taught classes of this head file (.safetensors, saved by "
                        "the Teach tab or train-head) once the model is shown."),
         QStringLiteral("file")},
        {QStringLiteral("visualize-steps"),
         QStringLiteral("Run a feature visualisation of the shown channel with this many steps "
                        "once the first feature maps are shown (Visualise panel; for screenshots)."),
         QStringLiteral("n")},
        {QStringLiteral("layer"),
         QStringLiteral("Module whose feature maps to show first (default %1).")
             .arg(QLatin1String(ds::names::kDefaultMap)),
         QStringLiteral("name")},
        // Handled in main() before anything else (app/portable.cpp); listed here for --help.
        {QStringLiteral("install-desktop-entry"),
         QStringLiteral("Portable bundle: add DenseScope to your applications menu (this "
                        "folder's densescope, with its icon; no root needed), then exit.")},
        {QStringLiteral("uninstall-desktop-entry"),
         QStringLiteral("Portable bundle: remove the menu entry and icon that "
                        "--install-desktop-entry added, then exit.")},
    });
    p.addPositionalArgument(QStringLiteral("file"),
                            QStringLiteral("Image to open (default: a built-in sample), or a video "
                                           "file to play in live mode (as --video)."),
                            QStringLiteral("[IMAGE | VIDEO | --video FILE]"));
    *helpShown = false;
    if (!p.parse(args)) {
        *error = p.errorText() + QStringLiteral(" (see --help)");
        return std::nullopt;
    }
    // "--teach-data --help" asks for help, and "--head --size" lacks a value: an option's value
    // that looks like an option is never a file or folder named so.
    for (const QString& name : p.optionNames())
        for (const QString& value : p.values(name)) {
            if ((value == QLatin1String("--help") || value == QLatin1String("-h")) &&
                !p.isSet(help)) {
                *helpShown = true;
                *error = p.helpText();
                if (error->endsWith(QLatin1Char('\n'))) error->chop(1);
                return std::nullopt;
            }
            if (value.startsWith(QLatin1String("--"))) {
                *error = QStringLiteral("--%1 needs a value, but got '%2' (see --help).")
                             .arg(name, value);
                return std::nullopt;
            }
        }
    if (p.isSet(help) || p.isSet(version)) {
        *helpShown = true;
        *error = p.isSet(help) ? p.helpText()
                               : QString::fromStdString(ds::versionText("densescope", qVersion()));
        if (error->endsWith(QLatin1Char('\n'))) error->chop(1);
        return std::nullopt;
    }
    if (p.positionalArguments().size() > 1) {
        *error = QStringLiteral("Give at most one image; open more from the File menu.");
        return std::nullopt;
    }
    StartupOptions o;
    try {
        if (ds::options::modelOptionsSet(p)) o.config = ds::options::configFromOptions(p);
        if (const auto weights = ds::options::weightsOption(p)) {
            o.weights = QString::fromStdString(*weights);
            if (QFileInfo(o.weights).isFile()) o.weights = QFileInfo(o.weights).absoluteFilePath();
        }
        if (const auto labels = ds::options::labelsOption(p))
            o.labels = QFileInfo(QString::fromStdString(*labels)).absoluteFilePath();
        o.device = ds::options::deviceOption(p);
        o.threads = ds::options::threadsOption(p);
    } catch (const ds::Error& e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("language"))) {
        o.language = p.value(QStringLiteral("language"));
        if (!ds::i18n::isLanguage(o.language)) {
            *error = QStringLiteral("--language must be %1, not '%2'.")
                         .arg(ds::i18n::languages().join(QStringLiteral(" or ")), o.language);
            return std::nullopt;
        }
    }
    if (p.isSet(QStringLiteral("layer"))) o.layer = p.value(QStringLiteral("layer"));
    if (p.isSet(QStringLiteral("top-images"))) {
        o.topImagesFolder = p.value(QStringLiteral("top-images"));
        if (!QFileInfo(o.topImagesFolder).isDir()) {
            *error = QStringLiteral("--top-images %1: not a folder.").arg(o.topImagesFolder);
            return std::nullopt;
        }
    }
    // A video given as the file (a file manager's "Open with", the desktop entry's %f) plays in
    // live mode, as --video does.
    const bool positionalVideo = !p.isSet(QStringLiteral("video")) &&
                                 !p.positionalArguments().isEmpty() &&
                                 isVideoFile(p.positionalArguments().front());
    if (p.isSet(QStringLiteral("video")) || positionalVideo) {
        const QString given = positionalVideo ? p.positionalArguments().front()
                                              : p.value(QStringLiteral("video"));
        const QString what = positionalVideo ? given : QStringLiteral("--video ") + given;
        o.video = QFileInfo(given).absoluteFilePath();
        if (!QFileInfo(o.video).isFile()) {
            // A pipe or a device exists: saying "no such file" sent people looking for a typo.
            *error = QFileInfo::exists(o.video)
                         ? QStringLiteral("%1: not a regular file (a folder, a pipe or a "
                                          "device). Save the video to a file first.")
                               .arg(what)
                         : QStringLiteral("%1: no such file.").arg(what);
            return std::nullopt;
        }
        if (!positionalVideo && !p.positionalArguments().isEmpty()) {
            *error = QStringLiteral("Give either an image or --video, not both.");
            return std::nullopt;
        }
    }
    if (p.isSet(QStringLiteral("teach-data"))) {
        o.teachData = QFileInfo(p.value(QStringLiteral("teach-data"))).absoluteFilePath();
        if (!QFileInfo(o.teachData).isDir()) {
            *error = QStringLiteral("--teach-data %1: not a folder.")
                         .arg(p.value(QStringLiteral("teach-data")));
            return std::nullopt;
        }
    }
    if (p.isSet(QStringLiteral("head"))) {
        o.headFile = QFileInfo(p.value(QStringLiteral("head"))).absoluteFilePath();
        if (!QFileInfo(o.headFile).isFile()) {
            *error = QStringLiteral("--head %1: no such file.").arg(p.value(QStringLiteral("head")));
            return std::nullopt;
        }
    }
    if (!p.positionalArguments().isEmpty() && !positionalVideo) o.image = p.positionalArguments().front();
    if (p.isSet(QStringLiteral("size"))) {
        o.windowSize = parseWindowSize(p.value(QStringLiteral("size")));
        if (!o.windowSize.isValid()) {
            *error = QCoreApplication::translate(
                         "StartupOptions",
                         "--size %1: give the window size as WIDTHxHEIGHT in pixels, e.g. "
                         "1280x720 (each between %2 and %3).")
                         .arg(p.value(QStringLiteral("size")))
                         .arg(kMinSide)
                         .arg(kMaxSide);
            return std::nullopt;
        }
    }
    if (p.isSet(QStringLiteral("zoom"))) {
        bool ok = false;
        o.zoom = p.value(QStringLiteral("zoom")).toDouble(&ok);
        if (!ok || o.zoom < 0.75 || o.zoom > 3.0) {
            *error = QCoreApplication::translate(
                         "StartupOptions", "--zoom %1: give a factor between 0.75 and 3, e.g. 1.5.")
                         .arg(p.value(QStringLiteral("zoom")));
            return std::nullopt;
        }
    }
    o.presentation = p.isSet(QStringLiteral("presentation"));
    if (p.isSet(QStringLiteral("lesson"))) {
        o.lesson = p.value(QStringLiteral("lesson"));
        if (o.lesson != QLatin1String("builtin")) {
            if (!QFileInfo(o.lesson).isFile()) {
                *error = QStringLiteral("--lesson %1: no such file (give a lesson file, or builtin).")
                             .arg(o.lesson);
                return std::nullopt;
            }
            o.lesson = QFileInfo(o.lesson).absoluteFilePath();
        }
    }
    if (p.isSet(QStringLiteral("step"))) {
        bool ok = false;
        o.lessonStep = p.value(QStringLiteral("step")).toInt(&ok);
        if (!ok || o.lessonStep < 1 || o.lesson.isEmpty()) {
            *error = o.lesson.isEmpty()
                         ? QStringLiteral("--step needs --lesson FILE|builtin.")
                         : QStringLiteral("--step %1: give a step number from 1.")
                               .arg(p.value(QStringLiteral("step")));
            return std::nullopt;
        }
    }
    o.panel = p.value(QStringLiteral("panel"));
    o.dialog = p.value(QStringLiteral("dialog"));
    if (!o.dialog.isEmpty() && !QStringList{"weights", "download", "weights-menu", "live-menu"}.contains(o.dialog)) {
        *error = QStringLiteral("--dialog %1: use weights, download, weights-menu or live-menu.")
                     .arg(o.dialog);
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("visualize-steps"))) {
        bool ok = false;
        o.visualizeSteps = p.value(QStringLiteral("visualize-steps")).toInt(&ok);
        if (!ok || o.visualizeSteps < 1 || o.visualizeSteps > 4096) {
            *error = QStringLiteral("--visualize-steps %1: give a number of steps from 1 to 4096.")
                         .arg(p.value(QStringLiteral("visualize-steps")));
            return std::nullopt;
        }
    }
    o.screenshot = p.value(QStringLiteral("screenshot"));
    o.checkGlyphs = p.isSet(QStringLiteral("check-glyphs"));
    if (o.checkGlyphs && o.screenshot.isEmpty()) {
        *error = QStringLiteral("--check-glyphs checks what --screenshot shows: give --screenshot FILE too.");
        return std::nullopt;
    }
    o.startupTime = p.isSet(QStringLiteral("startup-time"));
    o.useSettings = o.screenshot.isEmpty() && !o.startupTime;
    return o;
}

bool answerWithoutDisplay(int argc, char* argv[]) {
    bool asked = false;
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"-h", "--help", "-help", "--version", "-version"})
            if (std::strcmp(argv[i], flag) == 0) asked = true;
    if (!asked) return false;
    // A QCoreApplication needs no display; it gives the help text the program's name. It is
    // gone before main() makes the QApplication.
    int coreArgc = argc;
    const QCoreApplication core(coreArgc, argv);
    QString text;
    bool shown = false;
    if (parseStartupOptions(QCoreApplication::arguments(), &text, &shown) || !shown) return false;
    std::fprintf(stdout, "%s\n", qPrintable(text));
    return true;
}
