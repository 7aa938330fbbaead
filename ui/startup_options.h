#pragma once
// The GUI's command line (docs/ARCHITECTURE.md):
// densescope [--variant NAME] [--weights SPEC] [--device auto|cpu|cuda] [--screenshot FILE] [IMAGE]
// plus densescope-cli's custom-layout flags (--growth-rate, --blocks, --init-features,
// --bn-size, --compression), which modify the --variant preset and name the config "custom".
#include <QString>
#include <QStringList>

#include <optional>

#include "config.h"
#include "engine.h"

struct StartupOptions {
    std::optional<ds::DenseNetConfig> config;  // nullopt: the last one (settings), else densenet121
    QString weights;                           // empty: settings, else ModelPanel::defaultWeights
    std::optional<ds::DeviceKind> device;      // nullopt: settings, else auto
    QString image;                             // empty: the built-in sample
    QString layer = QStringLiteral("features.denseblock1");
    QString screenshot;  // --screenshot FILE
    int screenshotTimeoutS = 300;
    bool useSettings =
        true;         // false with --screenshot: the picture must not depend on the last session
    int threads = 0;  // torch intra-op threads, 0 = all cores
    bool startupTime = false;  // --startup-time: print when the window was first painted, exit
};

// The sample shown when no image is given.
inline const QString kDefaultSample = QStringLiteral(":/samples/chelsea.png");

// Parses `args` (program name first). Returns nullopt and sets *error (a message for a
// person, or the help text with *helpShown = true) when the arguments cannot be used.
std::optional<StartupOptions> parseStartupOptions(const QStringList& args, QString* error,
                                                  bool* helpShown);
