#pragma once
// The command-line flags that choose a model and how it runs, shared by the app (densescope)
// and the CLI (densescope-cli) so both accept the same flags with the same meaning and the
// same errors. Qt Core only (QCommandLineParser). Every function that reads a value throws
// ds::ConfigError with a message for a person that names the flag.
#include <QCommandLineParser>
#include <QString>

#include <optional>
#include <string>

#include "densescope/config.h"
#include "densescope/engine.h"

namespace ds::options {

// --variant and the custom-layout flags (--growth-rate, --blocks, --init-features, --bn-size,
// --compression, --num-classes). Custom flags modify the --variant (default
// densenet121, torchvision's DenseNet() defaults); the config is then named "custom".
void addModelOptions(QCommandLineParser& parser);
bool modelOptionsSet(const QCommandLineParser& parser);  // any of them given
DenseNetConfig configFromOptions(const QCommandLineParser& parser);  // validated

// --weights SPEC, --labels FILE, --device auto|cpu|cuda, --threads N.
void addEngineOptions(QCommandLineParser& parser);
// The --weights value as given; nullopt when not given:
// the caller applies the default rule (ds::defaultWeightsSpec) or a remembered choice.
std::optional<std::string> weightsOption(const QCommandLineParser& parser);
// The --labels file as given (read with ds::readLabels after loading); nullopt when not given.
std::optional<std::string> labelsOption(const QCommandLineParser& parser);
std::optional<DeviceKind> deviceOption(const QCommandLineParser& parser);  // nullopt: not given
int threadsOption(const QCommandLineParser& parser);  // 0 (all cores) when not given

// A positive integer option value.
int positiveInt(const QCommandLineParser& parser, const QString& name);

}  // namespace ds::options
