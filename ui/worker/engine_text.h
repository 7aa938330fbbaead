#pragma once
// The engine's one-line descriptions of its weights and device, in the UI's language, from
// the engine's data (Engine::weightsSource, threads). Core words them in English for the CLI
// ("random (seed 0)", "imagenet: PATH", "CPU, 2 threads"); the app shows these instead.
// Paths and GPU names stay as they are.
#include <QString>
#include <QStringList>

namespace ds {
class Engine;
}

namespace ds::ui {

QString weightsText(const Engine& engine);
// Remarks on the last load of a file, in the UI's language: the key prefix stripped, the
// number of classes taken from the file (Engine::WeightsSource). Empty when there are none.
QStringList weightsNotes(const Engine& engine);
QString deviceText(const Engine& engine);

}  // namespace ds::ui
