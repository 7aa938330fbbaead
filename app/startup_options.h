#pragma once
// The GUI's command line (docs/architecture.md):
// densescope [model and engine flags] [--language en|ja] [--layer NAME] [--size WxH] [--zoom F]
//            [--presentation] [--panel NAME] [--top-images DIR] [--visualize-steps N]
//            [--teach-data DIR] [--head FILE] [--lesson FILE|builtin [--step N]]
//            [--dialog weights|download|weights-menu]
//            [--screenshot FILE] [--startup-time] [IMAGE]
// densescope --help | --version   (answered without a display: see answerWithoutDisplay)
// The model and engine flags (--variant, the custom-layout flags, --weights, --device,
// --threads) are densescope-cli's, from the same code (model_options.h).
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "window_options.h"

// The window's state plus what only the program does with it. useSettings is false with
// --screenshot and --startup-time: the picture and the timing must not depend on the last
// session.
struct StartupOptions : ds::ui::WindowOptions {
    QString screenshot;  // --screenshot FILE
    int screenshotTimeoutS = 300;
    bool checkGlyphs = false;  // --check-glyphs: after the screenshot, every shown character has a glyph
    bool startupTime = false;  // --startup-time: print when the window was first painted, exit
    QSize windowSize;          // --size WxH: the window's size (invalid: the default)
    bool presentation = false;  // --presentation: start in lesson mode on the workbench's view (F11)
    QString lesson;             // --lesson FILE|builtin: start in lesson mode (a file's absolute path)
    int lessonStep = 1;         // --step N (1-based)
    QString panel;              // --panel NAME: the dock "<NAME>Dock" in front at start
    QString dialog;  // --dialog weights|download|weights-menu: opened once the model is shown
    int visualizeSteps = 0;     // --visualize-steps N: visualise the shown channel at start
    QString teachData;  // --teach-data DIR: the Teach tab trains DIR's subfolders at start
    QString headFile;   // --head FILE: predictions from these taught classes at start
    double zoom = 0;            // --zoom F: fonts and thumbnails scaled by F (0: as last time)
    QString language;  // --language en|ja; empty: the saved choice, else the system's
    int threads = 0;   // --threads N: LibTorch's intra-op threads (main(): configureProcess)
};

// Parses `args` (program name first). Returns nullopt and sets *error (a message for a
// person, or the --help or --version text with *helpShown = true) when the arguments cannot
// be used.
std::optional<StartupOptions> parseStartupOptions(const QStringList& args, QString* error,
                                                  bool* helpShown);

// --help and --version only print text, so they must work without a display (in a terminal
// over ssh, in a package build, for man pages): main() calls this before it makes the
// QApplication, which needs one. When argv asks for either, prints the text to stdout and
// returns true (exit 0); otherwise (or when the arguments also hold something only the
// QApplication understands, such as -platform) returns false and changes nothing.
bool answerWithoutDisplay(int argc, char* argv[]);

// Whether the file given to the app is a video (played in live mode, as --video): by its
// suffix (mp4, mkv, webm, avi, mov, ...), else by its content's MIME type (video/*).
bool isVideoFile(const QString& path);
