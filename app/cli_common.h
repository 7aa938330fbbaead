#pragma once
// Shared parts of densescope-cli's subcommands: model options, exit codes, output helpers.
// The command-line contracts are in docs/architecture.md; tests/tst_cli.cpp checks them.
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <stdexcept>
#include <string>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/teach.h"

namespace cli {

// Exit codes of every subcommand.
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;  // some image (or output file) failed; the rest was done
constexpr int kExitUsage = 2;       // bad arguments, or a model/weights that cannot be loaded

// Thrown for bad arguments and unloadable models; main() prints it and exits with kExitUsage.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The model flags are ds::options' (model_options.h), shared with the app; their
// ds::ConfigError, like any exception a command throws, ends the command with kExitUsage.

// The model flags and --weights, --labels, --device, --threads.
void addEngineOptions(QCommandLineParser& parser);

struct LoadedModel {
    std::unique_ptr<ds::Engine> engine;
    std::string weightsSpec;  // as given, or the default chosen ("imagenet" / "random")
    std::string labelsPath;   // --labels, when given (the engine holds the labels)
};
// Builds the engine on the requested device and loads the weights. Without --weights: the
// official ImageNet file when it is in the torch hub cache, else random weights, with a note
// on stderr saying so. The engine's notes (also the load's: a stripped key prefix, a number
// of classes taken from the file) go to stderr. --labels names the classes (a count that
// differs from the model's classes is a UsageError). mapBytes: captured maps also get their 8-bit form (EngineOptions).
// Throws UsageError (device, config or weights problems).
LoadedModel loadModel(const QCommandLineParser& parser, bool mapBytes = false);

// Parses args (program name first); handles --help (returns false after printing it).
// Throws UsageError on unknown options or missing values.
bool parseOrHelp(QCommandLineParser& parser, const QStringList& args);

// Everything printed goes through terminalSafe(): class names, a head's metadata, paths and
// the messages that quote them come from files, and must not drive the terminal.
void printJson(const QJsonObject& object);  // C1 controls and bidi overrides as \u escapes
void printOut(const QString& text);  // terminalSafe, UTF-8 to stdout
void printErr(const QString& text);  // terminalSafe, UTF-8 to stderr, newline added

// Untrusted text made harmless on a terminal: control characters other than newline and tab,
// DEL, C1 controls and bidirectional overrides become visible escapes (\x1b, \u202e), and a
// line longer than kMaxLineChars is cut with "... (N more characters)".
constexpr int kMaxLineChars = 2000;
QString terminalSafe(const QString& text);

QString qs(const std::string& s);

// Whether an output file may be written at `path`: a new name or a regular file, not a pipe,
// device or folder (ds::checkOutputTarget, the rule every writer applies). Commands ask before
// their slow work; false: the reason is printed and the command ends with kExitSomeFailed.
bool outputTargetOk(const QString& path);

int runClassify(const QStringList& args);
int runInspect(const QStringList& args);
int runFeatures(const QStringList& args);
int runExplain(const QStringList& args);
int runConnectivity(const QStringList& args);
int runStats(const QStringList& args);
int runCam(const QStringList& args);
int runAttribute(const QStringList& args);  // cli_attribute.cpp
int runCompare(const QStringList& args);    // cli_compare.cpp
int runTopImages(const QStringList& args);
int runVisualize(const QStringList& args);
int runWeights(const QStringList& args);  // cli_weights.cpp
int runTrainHead(const QStringList& args);  // cli_train_head.cpp
int runLesson(const QStringList& args);     // cli_lesson.cpp: show | export

// classify --head: the head file, checked against the loaded model's backbone. Throws
// UsageError for an unreadable file or a head made for another backbone (cli_train_head.cpp).
std::shared_ptr<const ds::LinearHead> loadHeadFor(const ds::Engine& engine, const QString& path);

}  // namespace cli
