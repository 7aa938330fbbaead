#pragma once
// The state the main window opens in: what the command line (app/startup_options.h) or a
// test asks for. Empty/nullopt fields fall back to the last session's settings, then to the
// defaults (densenet121, ds::defaultWeightsSpec, automatic device, the chelsea sample).
#include <QString>

#include <optional>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/module_names.h"

namespace ds::ui {

struct WindowOptions {
    std::optional<DenseNetConfig> config;  // nullopt: the last one (settings), else densenet121
    QString weights;                       // empty: settings, else ds::defaultWeightsSpec
    QString labels;  // --labels: names the weights file's classes; empty: the remembered ones
    std::optional<DeviceKind> device;      // nullopt: settings, else auto
    QString image;                         // empty: the built-in sample
    QString layer = QString::fromLatin1(names::kDefaultMap);  // module whose maps show first
    bool useSettings = true;  // false: neither read nor write the settings (screenshots, tests)
    QString video;  // non-empty: live mode plays this video file from the start (--video)
    QString topImagesFolder;  // non-empty: the Top images tab in front, scanning this folder
};

// The sample shown when no image is given.
inline const QString kDefaultSample = QStringLiteral(":/samples/chelsea.png");

}  // namespace ds::ui
