#pragma once
// A lesson: an ordered list of steps, each one view of the live model that lesson mode
// (lesson_mode.h) shows full screen, stepped like slides. This header is the contract between
// the lesson's data (files, the built-in lesson), its presenter and its handout.
//
// - The lesson names one model (variant/layout and weights) and a default image; each step
//   may name its own image and says what it shows (layer, channel, class, method, folder...).
//   Empty strings and -1 mean "the lesson's, else what the workbench shows".
// - Files are JSON with a "version" field (kLessonVersion); unknown fields are ignored; a bad
//   file is refused with the reason (LessonError) and nothing is changed. Relative paths in a
//   file are relative to the file's folder. The format is documented in docs/lessons.md.
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <stdexcept>

namespace ds::ui {

inline constexpr int kLessonVersion = 1;
// What a lesson file may hold: larger files, more steps or longer strings are refused as not
// lessons (readLessonFile), so a wrong or hostile file cannot fill the memory or the screen.
inline constexpr qint64 kMaxLessonFileBytes = 4 * 1024 * 1024;
inline constexpr int kMaxLessonSteps = 500;
inline constexpr int kMaxLessonTitleChars = 300;    // a lesson's or a step's title
inline constexpr int kMaxLessonNoteChars = 10000;   // a speaker note
inline constexpr int kMaxLessonPathChars = 4096;    // image, weights, folder, variant, layer...

// What a step shows. The names (stepKindName) are the file format's and the CLI's.
enum class LessonStepKind {
    Image,         // "image": the image with its predictions
    Architecture,  // "architecture": the Guide's diagrams, drawn from the loaded model
    Node,          // "node": one module explained, its real numbers, the concatenation drawn
    Growth,        // "growth": the channel-growth chart
    FeatureMaps,   // "feature-maps": a layer's maps, few and large, channel-origin colours
    Channel,       // "channel": one channel with its overlay on the image
    Cam,           // "cam": Where it looks, one CAM large
    CamStrip,      // "cam-strip": the CAM at every block, side by side
    Reuse,         // "reuse": feature reuse, one block's heat map large or all four
    TopImages,     // "top-images": the images of a folder that excite a channel most
    Visualize,     // "visualize": a visualised channel
    Teach,         // "teach": Teach with the camera
};
QString stepKindName(LessonStepKind kind);
std::optional<LessonStepKind> stepKindFromName(const QString& name);
QStringList stepKindNames();

struct LessonStep {
    LessonStepKind kind = LessonStepKind::Image;
    QString title;  // one line on screen
    QString note;   // the speaker note: 2-4 sentences, for the teacher's screen
    // What it shows; empty / -1: the lesson's, else the workbench's current one.
    QString image;
    QString layer;       // module name, "features.denseblock2.denselayer3"
    int channel = -1;    // FeatureMaps/Channel/TopImages/Visualize
    int classIndex = -1; // Cam/CamStrip (-1: the top prediction)
    QString method;      // Cam/CamStrip: a CAM method name (densescope/analysis.h); "" gradcam
    QString folder;      // TopImages: the folder scanned
    int block = -1;      // Reuse: 1-based dense block; -1 all blocks
    // Set when opened (not saved): why this step cannot be shown on this computer ("the image
    // /x/y.png is missing"); empty when it can.
    QString problem;
};

struct Lesson {
    QString title;
    QString language;  // "en" | "ja" | "" (the built-in lesson: the language it was made in)
    QString variant;   // as --variant takes it: "densenet121", or a custom layout; "" current
    QString weights;   // a weights spec or file ("" current, "random" untrained)
    QString image;     // the default image of every step ("" current)
    QVector<LessonStep> steps;
};

// A lesson file that cannot be read or used: what is wrong, said for a person.
class LessonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

QJsonObject lessonToJson(const Lesson& lesson);
// The same, with paths inside `baseDir` written relative to it (a lesson folder can move).
QJsonObject lessonToJson(const Lesson& lesson, const QString& baseDir);
// `baseDir`: where relative paths are resolved from. Throws LessonError.
Lesson lessonFromJson(const QJsonObject& json, const QString& baseDir = {});
// Reads and checks a file (size limit, JSON, version, kinds, counts). Throws LessonError.
Lesson readLessonFile(const QString& path);
// Writes atomically (a temporary file renamed over): a failure leaves the old file whole.
// Throws LessonError with the reason (disk full, no permission).
void writeLessonFile(const Lesson& lesson, const QString& path);
// Fills each step's `problem` for files (image, weights, folder) missing on this computer.
void checkLessonFiles(Lesson& lesson);
// "imagenet", "random", "random:SEED" and "" are weights specs; anything else names a file.
bool isWeightsFileSpec(const QString& weights);
// Steps of this kind use the image (the lesson's or their own) / the model's weights.
bool stepUsesImage(LessonStepKind kind);
bool stepUsesWeights(LessonStepKind kind);

}  // namespace ds::ui
