#pragma once
// The built-in lesson: DenseNet taught in 15 steps, in the order of the DenseNet tutorial
// DenseScope grew from (why connect every layer, the Dense Layer, the Dense Block and growth
// rate, bottleneck and compression, transitions, the whole network, what the layers see,
// where it looks, feature reuse, teaching it new classes). Every note carries the real
// numbers of `config` (channels, growth rate, parameters), computed from its summary.
#include <QString>

#include "densescope/config.h"
#include "lesson.h"

namespace ds::ui {

// `language`: "en" or "ja" (the text's language, whatever the app's); "" the installed one
// (ds::i18n::currentLanguage()). The lesson names the config's variant (custom layouts: "",
// the current model), and no weights or image (the workbench's). Throws ds::ConfigError for an
// invalid config.
Lesson builtinLesson(const ds::DenseNetConfig& config, const QString& language);

// `source` (marked with QT_TRANSLATE_NOOP(context, ...)) in `language` ("en", "ja"; "" the
// installed one), whatever translation the app has installed: the lesson's and the handout's
// words follow the lesson's language, not the window's. Main thread only.
QString translatedFor(const QString& language, const char* context, const char* source);

}  // namespace ds::ui
