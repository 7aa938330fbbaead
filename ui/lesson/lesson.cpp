#include "lesson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "densescope/atomic_file.h"
#include "densescope/regular_file.h"

namespace ds::ui {
namespace {

// The words of lesson files' errors (translated: the app shows them as they are).
struct LessonText {
    Q_DECLARE_TR_FUNCTIONS(ds::ui::LessonFile)
};

struct KindName {
    LessonStepKind kind;
    const char* name;
};
constexpr KindName kKinds[] = {
    {LessonStepKind::Image, "image"},
    {LessonStepKind::Architecture, "architecture"},
    {LessonStepKind::Node, "node"},
    {LessonStepKind::Growth, "growth"},
    {LessonStepKind::FeatureMaps, "feature-maps"},
    {LessonStepKind::Channel, "channel"},
    {LessonStepKind::Cam, "cam"},
    {LessonStepKind::CamStrip, "cam-strip"},
    {LessonStepKind::Reuse, "reuse"},
    {LessonStepKind::TopImages, "top-images"},
    {LessonStepKind::Visualize, "visualize"},
    {LessonStepKind::Teach, "teach"},
};

// The largest channel, class and block numbers a file may name (a DenseNet has at most a few
// thousand channels and classes; more is a broken file, not a lesson).
constexpr int kMaxIndex = 1000000;
constexpr int kMaxBlock = 64;

QString quoted(const QString& text) { return QStringLiteral("“%1”").arg(text); }

// Reading one object's fields, with errors that say where ("step 3") and what was expected.
class Fields {
public:
    Fields(const QJsonObject& object, QString where) : m_o(object), m_where(std::move(where)) {}

    QString string(const char* key, int maxChars) const {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) return {};
        if (!v.isString())
            fail(LessonText::tr("“%1” must be text (in quotes), not %2.")
                     .arg(QLatin1String(key), typeName(v)));
        const QString s = v.toString();
        if (s.size() > maxChars)
            fail(LessonText::tr("“%1” is %2 characters long; a lesson allows at most %3.")
                     .arg(QLatin1String(key))
                     .arg(s.size())
                     .arg(maxChars));
        for (const QChar c : s) {
            // Newlines and tabs belong in notes; other control characters in no lesson.
            if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') &&
                c != QLatin1Char('\t') && c != QLatin1Char('\r'))
                fail(LessonText::tr("“%1” holds a control character (U+%2), which no lesson "
                                    "text has.")
                         .arg(QLatin1String(key))
                         .arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
        return s;
    }

    int integer(const char* key, int lowest, int highest, int missing = -1) const {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) return missing;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d))
            fail(LessonText::tr("“%1” must be a whole number, not %2.")
                     .arg(QLatin1String(key), typeName(v)));
        if (d < lowest || d > highest)
            fail(LessonText::tr("“%1” is %2; it must be from %3 to %4.")
                     .arg(QLatin1String(key))
                     .arg(d, 0, 'g', 12)
                     .arg(lowest)
                     .arg(highest));
        return int(d);
    }

    [[noreturn]] void fail(const QString& what) const {
        throw LessonError((m_where.isEmpty() ? what : m_where + QStringLiteral(": ") + what)
                              .toStdString());
    }

    static QString typeName(const QJsonValue& v) {
        switch (v.type()) {
            case QJsonValue::Bool: return LessonText::tr("true/false");
            case QJsonValue::Double:
                return LessonText::tr("the number %1").arg(v.toDouble(), 0, 'g', 12);
            case QJsonValue::String: return LessonText::tr("the text %1").arg(quoted(v.toString().left(40)));
            case QJsonValue::Array: return LessonText::tr("a list");
            case QJsonValue::Object: return LessonText::tr("an object");
            default: return LessonText::tr("nothing");
        }
    }

private:
    const QJsonObject& m_o;
    QString m_where;
};

// Relative paths in a file are relative to its folder; "" and absolute paths stay.
QString resolved(const QString& path, const QString& baseDir) {
    if (path.isEmpty() || baseDir.isEmpty() || QDir::isAbsolutePath(path) ||
        path.startsWith(QLatin1String(":/")))
        return path;
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

// A path inside baseDir written relative to it; others as they are.
QString relative(const QString& path, const QString& baseDir) {
    if (path.isEmpty() || baseDir.isEmpty() || !QDir::isAbsolutePath(path)) return path;
    const QString rel = QDir(baseDir).relativeFilePath(path);
    return rel.startsWith(QLatin1String("..")) ? path : rel;
}

QJsonObject stepToJson(const LessonStep& step, const QString& baseDir) {
    QJsonObject o{{"kind", stepKindName(step.kind)}, {"title", step.title}};
    if (!step.note.isEmpty()) o["note"] = step.note;
    if (!step.image.isEmpty()) o["image"] = relative(step.image, baseDir);
    if (!step.layer.isEmpty()) o["layer"] = step.layer;
    if (step.channel >= 0) o["channel"] = step.channel;
    if (step.classIndex >= 0) o["class"] = step.classIndex;
    if (!step.method.isEmpty()) o["method"] = step.method;
    if (!step.folder.isEmpty()) o["folder"] = relative(step.folder, baseDir);
    if (step.block >= 1) o["block"] = step.block;
    return o;
}

LessonStep stepFromJson(const QJsonValue& value, int number, const QString& baseDir) {
    const QString where = LessonText::tr("Step %1").arg(number);
    if (!value.isObject())
        throw LessonError((where + QStringLiteral(": ") +
                           LessonText::tr("each step must be an object ({ … }), not %1.")
                               .arg(Fields::typeName(value)))
                              .toStdString());
    const QJsonObject o = value.toObject();
    const Fields f(o, where);
    LessonStep step;
    const QString kind = f.string("kind", 40);
    if (kind.isEmpty())
        f.fail(LessonText::tr("it has no “kind” (what it shows: %1).")
                   .arg(stepKindNames().join(QStringLiteral(", "))));
    const auto parsed = stepKindFromName(kind);
    if (!parsed)
        f.fail(LessonText::tr("it shows %1, which this DenseScope does not know (it knows %2). "
                              "The file may have been made by a newer DenseScope.")
                   .arg(quoted(kind), stepKindNames().join(QStringLiteral(", "))));
    step.kind = *parsed;
    step.title = f.string("title", kMaxLessonTitleChars);
    step.note = f.string("note", kMaxLessonNoteChars);
    step.image = resolved(f.string("image", kMaxLessonPathChars), baseDir);
    step.layer = f.string("layer", kMaxLessonPathChars);
    step.channel = f.integer("channel", -1, kMaxIndex);
    step.classIndex = f.integer("class", -1, kMaxIndex);
    step.method = f.string("method", 64);
    step.folder = resolved(f.string("folder", kMaxLessonPathChars), baseDir);
    step.block = f.integer("block", -1, kMaxBlock);
    if (step.block == 0) step.block = -1;
    return step;
}

QString fileName(const QString& path) { return quoted(QDir::toNativeSeparators(path)); }

QString readError(int error) {
    switch (error) {
        case ENOENT: return LessonText::tr("there is no such file.");
        case EACCES:
        case EPERM: return LessonText::tr("permission denied: you may not read it.");
        case EISDIR: return LessonText::tr("it is a folder, not a lesson file.");
        default: return QString::fromLocal8Bit(std::strerror(error)) + QLatin1Char('.');
    }
}

}  // namespace

QString stepKindName(LessonStepKind kind) {
    for (const KindName& k : kKinds)
        if (k.kind == kind) return QLatin1String(k.name);
    return QStringLiteral("image");
}

std::optional<LessonStepKind> stepKindFromName(const QString& name) {
    for (const KindName& k : kKinds)
        if (name == QLatin1String(k.name)) return k.kind;
    return std::nullopt;
}

QStringList stepKindNames() {
    QStringList names;
    for (const KindName& k : kKinds) names << QLatin1String(k.name);
    return names;
}

bool isWeightsFileSpec(const QString& weights) {
    if (weights.isEmpty() || weights == QLatin1String("imagenet") ||
        weights == QLatin1String("random"))
        return false;
    return !weights.startsWith(QLatin1String("random:"));
}

bool stepUsesImage(LessonStepKind kind) {
    switch (kind) {
        case LessonStepKind::Image:
        case LessonStepKind::FeatureMaps:
        case LessonStepKind::Channel:
        case LessonStepKind::Cam:
        case LessonStepKind::CamStrip: return true;
        default: return false;
    }
}

bool stepUsesWeights(LessonStepKind kind) {
    switch (kind) {
        case LessonStepKind::Architecture:
        case LessonStepKind::Node:
        case LessonStepKind::Growth: return false;  // drawn from the layout alone
        default: return true;
    }
}

QJsonObject lessonToJson(const Lesson& lesson) { return lessonToJson(lesson, QString()); }

QJsonObject lessonToJson(const Lesson& lesson, const QString& baseDir) {
    QJsonArray steps;
    for (const LessonStep& step : lesson.steps) steps.append(stepToJson(step, baseDir));
    QJsonObject o{{"format", "densescope-lesson"},
                  {"version", kLessonVersion},
                  {"title", lesson.title},
                  {"steps", steps}};
    if (!lesson.language.isEmpty()) o["language"] = lesson.language;
    if (!lesson.variant.isEmpty()) o["variant"] = lesson.variant;
    if (!lesson.weights.isEmpty())
        o["weights"] = isWeightsFileSpec(lesson.weights) ? relative(lesson.weights, baseDir)
                                                         : lesson.weights;
    if (!lesson.image.isEmpty()) o["image"] = relative(lesson.image, baseDir);
    return o;
}

Lesson lessonFromJson(const QJsonObject& json, const QString& baseDir) {
    const Fields f(json, QString());
    const QJsonValue version = json.value(QLatin1String("version"));
    if (version.isUndefined())
        f.fail(LessonText::tr("This is not a DenseScope lesson: it has no “version” field."));
    const int v = f.integer("version", 1, 1000000000, 0);
    if (v > kLessonVersion)
        f.fail(LessonText::tr("This lesson was made by a newer DenseScope (lesson format %1; "
                              "this DenseScope reads format %2 and older). Update DenseScope "
                              "to open it.")
                   .arg(v)
                   .arg(kLessonVersion));
    Lesson lesson;
    lesson.title = f.string("title", kMaxLessonTitleChars);
    lesson.language = f.string("language", 16);
    lesson.variant = f.string("variant", kMaxLessonPathChars);
    lesson.weights = f.string("weights", kMaxLessonPathChars);
    if (isWeightsFileSpec(lesson.weights)) lesson.weights = resolved(lesson.weights, baseDir);
    lesson.image = resolved(f.string("image", kMaxLessonPathChars), baseDir);
    const QJsonValue steps = json.value(QLatin1String("steps"));
    if (!steps.isArray())
        f.fail(steps.isUndefined()
                   ? LessonText::tr("The lesson has no “steps” (the list of what it shows).")
                   : LessonText::tr("“steps” must be a list ([ … ]), not %1.")
                         .arg(Fields::typeName(steps)));
    const QJsonArray list = steps.toArray();
    if (list.size() > kMaxLessonSteps)
        f.fail(LessonText::tr("The lesson has %1 steps; a lesson may have at most %2.")
                   .arg(list.size())
                   .arg(kMaxLessonSteps));
    for (int i = 0; i < list.size(); ++i) lesson.steps << stepFromJson(list.at(i), i + 1, baseDir);
    return lesson;
}

Lesson readLessonFile(const QString& path) {
    const QString name = fileName(path);
    const auto refuse = [&](const QString& why) -> Lesson {
        throw LessonError(
            LessonText::tr("Cannot open the lesson %1: %2").arg(name, why).toStdString());
    };
    if (path.isEmpty()) refuse(LessonText::tr("no file name was given."));
    const ds::RegularFile file = ds::openRegularFile(QFile::encodeName(path).toStdString());
    if (!file.ok()) {
        if (file.error != 0) return refuse(readError(file.error));
        return refuse(LessonText::tr("it is %1, not a lesson file.")
                          .arg(QString::fromStdString(ds::fileTypeName(file.mode))));
    }
    QByteArray bytes;
    QString failure;
    if (file.size > uint64_t(kMaxLessonFileBytes)) {
        failure = LessonText::tr("it is %1 MiB; a lesson file is at most %2 MiB. Is it really "
                                 "a lesson?")
                      .arg(double(file.size) / (1024.0 * 1024.0), 0, 'f', 1)
                      .arg(kMaxLessonFileBytes / (1024 * 1024));
    } else {
        bytes.resize(qsizetype(file.size));
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::read(file.fd, bytes.data() + done, size_t(bytes.size() - done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                failure = readError(errno);
                break;
            }
            if (n == 0) {  // shorter than it said: what is there is read
                bytes.truncate(done);
                break;
            }
            done += n;
        }
    }
    ::close(file.fd);
    if (!failure.isEmpty()) return refuse(failure);
    if (bytes.trimmed().isEmpty()) return refuse(LessonText::tr("the file is empty."));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error == QJsonParseError::DeepNesting)
        return refuse(LessonText::tr("it is nested too deeply to be a lesson."));
    if (error.error != QJsonParseError::NoError)
        return refuse(LessonText::tr("it is not a lesson file (not JSON: %1 at byte %2).")
                          .arg(error.errorString())
                          .arg(error.offset));
    if (!doc.isObject())
        return refuse(LessonText::tr("it is JSON but not a lesson (a lesson is one object, "
                                     "{ … }, with “version” and “steps”)."));
    try {
        return lessonFromJson(doc.object(), QFileInfo(path).absolutePath());
    } catch (const LessonError& e) {
        return refuse(QString::fromUtf8(e.what()));
    }
}

void writeLessonFile(const Lesson& lesson, const QString& path) {
    const QByteArray bytes =
        QJsonDocument(lessonToJson(lesson, QFileInfo(path).absolutePath())).toJson();
    try {
        ds::writeFileAtomically(QFile::encodeName(path).toStdString(), bytes.constData(),
                                size_t(bytes.size()));
    } catch (const ds::OutputError& e) {
        throw LessonError(LessonText::tr("Cannot save the lesson %1: %2")
                              .arg(fileName(path), QString::fromUtf8(e.what()))
                              .toStdString());
    }
}

void checkLessonFiles(Lesson& lesson) {
    const auto missing = [](const QString& path) {
        const QFileInfo info(path);
        return !info.exists() || !info.isReadable();
    };
    const bool weightsMissing = isWeightsFileSpec(lesson.weights) && missing(lesson.weights);
    for (LessonStep& step : lesson.steps) {
        QStringList problems;
        const QString image = step.image.isEmpty() ? lesson.image : step.image;
        if (stepUsesImage(step.kind) && !image.isEmpty()) {
            if (missing(image))
                problems << LessonText::tr("the image %1 is not on this computer.")
                                .arg(fileName(image));
            else if (QFileInfo(image).isDir())
                problems << LessonText::tr("the image %1 is a folder.").arg(fileName(image));
        }
        if (step.kind == LessonStepKind::TopImages && !step.folder.isEmpty() &&
            !QFileInfo(step.folder).isDir())
            problems << LessonText::tr("the folder of images %1 is not on this computer.")
                            .arg(fileName(step.folder));
        if (weightsMissing && stepUsesWeights(step.kind))
            problems << LessonText::tr("the weights %1 are not on this computer.")
                            .arg(fileName(lesson.weights));
        step.problem = problems.join(QLatin1Char(' '));
    }
}

}  // namespace ds::ui
