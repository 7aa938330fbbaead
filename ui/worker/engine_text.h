#pragma once
// The engine's one-line descriptions of its weights and device, in the UI's language, from
// the engine's data (Engine::weightsSource, threads). Core words them in English for the CLI
// ("random (seed 0)", "imagenet: PATH", "CPU, 2 threads"); the app shows these instead.
// Paths and GPU names stay as they are.
#include <QString>
#include <QStringList>

#include "densescope/engine.h"

namespace ds::ui {

struct ModelInfo;

QString weightsText(const Engine& engine);
QString weightsText(const Engine::WeightsSource& source);
// Remarks on the last load of a file, in the UI's language: the key prefix stripped, the
// number of classes taken from the file (Engine::WeightsSource). Empty when there are none.
QStringList weightsNotes(const Engine& engine);
QStringList weightsNotes(const Engine::WeightsSource& source);
QString deviceText(const Engine& engine);
// `deviceName`: "cpu" | "cuda"; `description`: Engine::deviceDescription().
QString deviceText(const QString& deviceName, const QString& description, int threads);
// ModelInfo's descriptions again, in the language shown now (after a language change).
void describeAgain(ModelInfo& info);

}  // namespace ds::ui
