#pragma once
// The GUI's command line (docs/ARCHITECTURE.md):
// densescope [model and engine flags] [--layer NAME] [--screenshot FILE] [--startup-time] [IMAGE]
// The model and engine flags (--variant, the custom-layout flags, --weights, --device,
// --threads) are densescope-cli's, from the same code (model_options.h).
#include <QString>
#include <QStringList>

#include <optional>

#include "config.h"
#include "engine.h"
#include "module_names.h"

struct StartupOptions {
    std::optional<ds::DenseNetConfig> config;  // nullopt: the last one (settings), else densenet121
    QString weights;                           // empty: settings, else ds::defaultWeightsSpec
    std::optional<ds::DeviceKind> device;      // nullopt: settings, else auto
    QString image;                             // empty: the built-in sample
    QString layer = QString::fromLatin1(ds::names::kDefaultMap);
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
