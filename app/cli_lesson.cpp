// densescope-cli lesson: what a lesson shows (`show`), and its handout as a PDF (`export`),
// for scripts and tests. Lessons are ui/lesson/lesson.h's (docs/lessons.md); the handout is
// ui/lesson/handout.h's, drawn with Qt's PDF writer on the offscreen platform: no display.
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

#include "builtin_lesson.h"
#include "cli_common.h"
#include "cli_language.h"
#include "config_text.h"
#include "densescope/atomic_file.h"
#include "densescope/errors.h"
#include "densescope/imagenet_weights.h"
#include "handout.h"
#include "lesson.h"
#include "model_options.h"
#include "densescope/process.h"
#ifdef DENSESCOPE_CLI_WIDGETS
#include "step_render.h"
#endif

namespace cli {
namespace {

const char kLessonUsage[] =
    "Usage: densescope-cli lesson show FILE|builtin [--language en|ja] [--variant NAME] [--json]\n"
    "       densescope-cli lesson export FILE|builtin --out HANDOUT.pdf [--language en|ja]\n"
    "                      [--page a4|letter] [--variant NAME] [--weights SPEC] [--image FILE]\n"
    "\n"
    "show: the lesson's steps (index, kind, title, note and what each shows: image, layer,\n"
    "      channel, class, method, folder, block, and why a step cannot be shown here).\n"
    "export: the handout, a PDF with a first page (lesson, model, weights, image, steps) and\n"
    "      one page per step (its title, the view as a picture, its note).\n"
    "\n"
    "builtin: the built-in lesson, made for --variant (or the custom layout flags; default\n"
    "densenet121) in --language. A FILE keeps its own text; its model, weights and image are\n"
    "used unless --variant, --weights or --image are given. Run 'densescope-cli lesson show\n"
    "--help' or 'lesson export --help' for every option. The file format: docs/lessons.md.\n";

bool isBuiltin(const QString& source) { return source == QLatin1String("builtin"); }

// The lesson asked for, with LessonStep::problem filled in for files missing here.
ds::ui::Lesson loadLesson(const QString& source, const QCommandLineParser& parser,
                          const QString& language) {
    ds::ui::Lesson lesson;
    try {
        if (isBuiltin(source)) {
            lesson = ds::ui::builtinLesson(ds::options::configFromOptions(parser), language);
        } else {
            lesson = ds::ui::readLessonFile(source);
            if (ds::options::modelOptionsSet(parser)) {  // the flags' model instead
                const ds::DenseNetConfig config = ds::options::configFromOptions(parser);
                const auto& names = ds::DenseNetConfig::variantNames();
                const bool named =
                    std::find(names.begin(), names.end(), config.name) != names.end();
                lesson.variant = named ? QString::fromStdString(config.name) : QString();
            }
        }
    } catch (const ds::ui::LessonError& e) {
        throw UsageError(e.what());
    } catch (const ds::Error& e) {
        throw UsageError(e.what());
    }
    if (parser.isSet("image")) lesson.image = QFileInfo(parser.value("image")).absoluteFilePath();
    ds::ui::checkLessonFiles(lesson);
    return lesson;
}

QJsonObject stepJson(const ds::ui::Lesson& lesson, int index) {
    const ds::ui::LessonStep& s = lesson.steps[index];
    const QString image = s.image.isEmpty() && ds::ui::stepUsesImage(s.kind) ? lesson.image
                                                                             : s.image;
    return QJsonObject{{"index", index + 1},
                       {"kind", ds::ui::stepKindName(s.kind)},
                       {"title", s.title},
                       {"note", s.note},
                       {"image", image},
                       {"layer", s.layer},
                       {"channel", s.channel},
                       {"class", s.classIndex},
                       {"method", s.method},
                       {"folder", s.folder},
                       {"block", s.block},
                       {"problem", s.problem}};
}

QJsonObject lessonJson(const ds::ui::Lesson& lesson, const QString& source) {
    QJsonArray steps;
    for (int i = 0; i < lesson.steps.size(); ++i) steps.append(stepJson(lesson, i));
    return QJsonObject{{"source", source},
                       {"version", ds::ui::kLessonVersion},
                       {"title", lesson.title},
                       {"language", lesson.language},
                       {"variant", lesson.variant},
                       {"weights", lesson.weights},
                       {"image", lesson.image},
                       {"steps", steps}};
}

QString lessonText(const ds::ui::Lesson& lesson) {
    QString text = lesson.title + QLatin1Char('\n');
    for (int i = 0; i < lesson.steps.size(); ++i) {
        const ds::ui::LessonStep& s = lesson.steps[i];
        text += QStringLiteral("\n%1. [%2] %3\n").arg(i + 1).arg(ds::ui::stepKindName(s.kind), s.title);
        QStringList shows;
        if (!s.layer.isEmpty()) shows << "layer " + s.layer;
        if (s.channel >= 0) shows << QStringLiteral("channel %1").arg(s.channel);
        if (s.classIndex >= 0) shows << QStringLiteral("class %1").arg(s.classIndex);
        if (!s.method.isEmpty()) shows << "method " + s.method;
        if (!s.image.isEmpty()) shows << "image " + s.image;
        if (!s.folder.isEmpty()) shows << "folder " + s.folder;
        if (s.block >= 1) shows << QStringLiteral("block %1").arg(s.block);
        if (!shows.isEmpty()) text += "   " + shows.join(", ") + '\n';
        if (!s.note.isEmpty()) text += "   " + s.note + '\n';
        if (!s.problem.isEmpty()) text += "   cannot be shown: " + s.problem + '\n';
    }
    return text;
}

// The model of the handout's pictures: the flags' (--variant, layout flags, --weights), else
// the lesson's, else the defaults (densenet121; the ImageNet weights when they are here).
class LessonRenderer {
public:
    LessonRenderer(const ds::ui::Lesson& lesson, const QCommandLineParser& parser)
        : m_lesson(lesson), m_parser(parser) {
        try {
            m_config = ds::options::modelOptionsSet(parser) || lesson.variant.isEmpty()
                           ? ds::options::configFromOptions(parser)
                           : ds::DenseNetConfig::variant(lesson.variant.toStdString());
        } catch (const ds::Error& e) {
            throw UsageError(e.what());
        }
        if (const auto weights = ds::options::weightsOption(parser))
            m_weights = *weights;
        else if (!lesson.weights.isEmpty())
            m_weights = lesson.weights.toStdString();
        else
            m_weights = ds::defaultWeightsSpec(m_config);
    }
    QString modelText() const {
        return qs(m_config.name) + QStringLiteral(" · ") + ds::ui::layoutText(m_config);
    }
    QString weightsText() const { return qs(m_weights); }

    // Loads the model (UsageError when it cannot be: nothing is written then). The sanitizer
    // build has no widgets and draws no pictures: nothing to load.
    void prepare() {
#ifdef DENSESCOPE_CLI_WIDGETS
        load();
#endif
    }
    // Each step as lesson mode draws it (renderLessonStep); without widgets, none: the pages
    // keep each step's title and note.
    ds::ui::StepRenderer function() {
#ifdef DENSESCOPE_CLI_WIDGETS
        return [this](int index, QSize size) {
            return ds::ui::renderLessonStep(m_lesson, index, *m_engine, size, m_visualizeSteps);
        };
#else
        return {};
#endif
    }

private:
    const ds::ui::Lesson& m_lesson;
    const QCommandLineParser& m_parser;
    ds::DenseNetConfig m_config;
    std::string m_weights;
    std::unique_ptr<ds::Engine> m_engine;
    int m_visualizeSteps = parseVisualizeSteps();

    int parseVisualizeSteps() const {
        return m_parser.isSet("visualize-steps")
                   ? ds::options::positiveInt(m_parser, QStringLiteral("visualize-steps"))
                   : 128;
    }

    void load() {
        try {
            ds::ProcessOptions process;
            process.threads = ds::options::threadsOption(m_parser);
            for (const auto& note : ds::configureProcess(process).notes) printErr(qs(note));
            ds::EngineOptions options;
            options.device = ds::options::deviceOption(m_parser).value_or(ds::DeviceKind::Auto);
            m_engine = std::make_unique<ds::Engine>(options);
            m_engine->load(m_config, m_weights);
            for (const auto& note : m_engine->notes()) printErr(qs(note));
        } catch (const ds::Error& e) {
            throw UsageError(e.what());
        }
    }
};

// engine: the model flags with --weights, --labels, --device, --threads (export draws views).
void addCommon(QCommandLineParser& parser, bool engine) {
    if (engine)
        addEngineOptions(parser);
    else
        ds::options::addModelOptions(parser);
    parser.addOptions({
        {"language", "Language of the built-in lesson and the handout: en (default) or ja.",
         "code", "en"},
        {"image", "The image of steps that show one and name none (default: the lesson's).",
         "file"},
    });
    parser.addPositionalArgument("lesson", "A lesson file (.json), or 'builtin'.");
}

QString lessonArgument(const QCommandLineParser& parser, const char* command) {
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        throw UsageError(std::string("lesson ") + command +
                         " takes one lesson: a file or 'builtin'" +
                         (files.isEmpty() ? "." : ", got '" + files.join(' ').toStdString() + "'."));
    return files.first();
}

int runShow(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prints the steps of a lesson: index (from 1), kind, title, note and what each shows "
        "(image, layer, channel, class, method, folder, block; -1 or empty: the workbench's "
        "current one), and why a step cannot be shown on this computer (problem).");
    addCommon(parser, /*engine=*/false);
    parser.addOption({"json", "Print the lesson as JSON."});
    if (!parseOrHelp(parser, args)) return kExitOk;
    const QString source = lessonArgument(parser, "show");
    const QString language = parser.value("language").trimmed().toLower();
    useLanguage(language);
    const ds::ui::Lesson lesson = loadLesson(source, parser, language);
    if (parser.isSet("json"))
        printJson(lessonJson(lesson, source));
    else
        printOut(lessonText(lesson));
    return kExitOk;
}

int runExport(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes a lesson's handout as a PDF: a first page with the lesson, model, weights, "
        "image and the list of steps, then one page per step with its title, the view as a "
        "picture and its note. Needs no display.");
    addCommon(parser, /*engine=*/true);
    parser.addOptions({
        {"out", "The PDF to write.", "file"},
        {"page", "Paper size: a4 (default) or letter.", "size", "a4"},
        {"visualize-steps",
         "Optimisation steps of the visualised channels (default 128, as lesson mode).", "N"},
    });
    if (!parseOrHelp(parser, args)) return kExitOk;
    const QString source = lessonArgument(parser, "export");
    const QString out = parser.value("out");
    if (out.isEmpty()) throw UsageError("--out HANDOUT.pdf is required.");
    const auto page = ds::ui::handoutPageFromName(parser.value("page"));
    if (!page)
        throw UsageError("--page '" + parser.value("page").toStdString() +
                         "' is not a paper size: use a4 or letter.");
    const QString language = parser.value("language").trimmed().toLower();
    useLanguage(language);
    if (!outputTargetOk(out)) return kExitSomeFailed;
    ds::ui::Lesson lesson = loadLesson(source, parser, language);

    ds::ui::HandoutOptions options;
    options.language = language;
    options.page = *page;
    LessonRenderer renderer(lesson, parser);
    renderer.prepare();
    options.model = renderer.modelText();
    options.weights = renderer.weightsText();
    options.image = lesson.image;
    try {
        ds::ui::writeHandout(lesson, out, renderer.function(), options);
    } catch (const ds::OutputError& e) {
        printErr(qs(e.what()));
        return kExitSomeFailed;
    }
    int problems = 0;
    for (const ds::ui::LessonStep& s : lesson.steps) problems += s.problem.isEmpty() ? 0 : 1;
    printErr(QStringLiteral("Wrote %1: %2 pages (the first page and %3 steps%4).")
                 .arg(out)
                 .arg(lesson.steps.size() + 1)
                 .arg(lesson.steps.size())
                 .arg(problems ? QStringLiteral(", %1 of which cannot be shown here").arg(problems)
                               : QString()));
    return kExitOk;
}

}  // namespace

int runLesson(const QStringList& args) {
    // args[0] is the program name; args[1] the subcommand.
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        (args.size() < 2 ? printErr : printOut)(QString::fromLatin1(kLessonUsage));
        return args.size() < 2 ? kExitUsage : kExitOk;
    }
    QStringList rest = args;
    const QString sub = rest.takeAt(1);
    if (sub == "show") return runShow(rest);
    if (sub == "export") return runExport(rest);
    throw UsageError("'lesson " + sub.toStdString() + "' is not a lesson command: use show or export.");
}

}  // namespace cli
