#pragma once
// The engine's one-line descriptions of its weights and device, in the UI's language, from
// the engine's data (Engine::weightsSource, threads). Core words them in English for the CLI
// ("random (seed 0)", "imagenet: PATH", "CPU, 2 threads"); the app shows these instead.
// Paths and GPU names stay as they are.
#include <QString>

namespace ds {
class Engine;
}

namespace ds::ui {

QString weightsText(const Engine& engine);
QString deviceText(const Engine& engine);

}  // namespace ds::ui
