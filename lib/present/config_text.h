#pragma once
// A DenseNet layout in one line for people, in the UI's language:
// "k=32 · blocks 6-12-24-16 · k0=64" (+ bn_size, θ and classes when they differ from
// torchvision's defaults). DenseNetConfig::describe() is the CLI's English form.
#include <QString>

#include "densescope/config.h"

namespace ds::ui {

QString layoutText(const DenseNetConfig& config);

}  // namespace ds::ui
