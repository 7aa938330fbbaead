#include "cli_common.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

#include "densescope/atomic_file.h"
#include "densescope/errors.h"
#include "model_options.h"
#include "densescope/imagenet_weights.h"
#include "densescope/process.h"

namespace cli {

QString qs(const std::string& s) { return QString::fromStdString(s); }

namespace {

bool isBidiControl(char16_t c) { return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069); }

}  // namespace

QString terminalSafe(const QString& text) {
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), 1 << 16));
    int line = 0;       // characters shown on this line
    qsizetype cut = 0;  // characters left out of it
    const auto endLine = [&] {
        if (cut > 0) out += QStringLiteral("... (%1 more characters)").arg(cut);
        line = 0;
        cut = 0;
    };
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c == u'\n') {
            endLine();
            out += ch;
            continue;
        }
        if (line >= kMaxLineChars) {
            ++cut;
            continue;
        }
        QString shown;
        if (c == u'\t')
            shown = ch;
        else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
            shown = QStringLiteral("\\x%1").arg(unsigned(c), 2, 16, QLatin1Char('0'));
        else if (isBidiControl(c))
            shown = QStringLiteral("\\u%1").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        else
            shown = ch;
        out += shown;
        line += int(shown.size());
    }
    endLine();
    return out;
}

void printOut(const QString& text) {
    const QByteArray utf8 = terminalSafe(text).toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString& text) {
    const QByteArray utf8 = (terminalSafe(text) + QLatin1Char('\n')).toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stderr);
    std::fflush(stderr);
}

bool outputTargetOk(const QString& path) {
    try {
        ds::checkOutputTarget(QFile::encodeName(path).toStdString());
        return true;
    } catch (const ds::OutputError& e) {
        printErr(QString::fromUtf8(e.what()));
        return false;
    }
}

void printJson(const QJsonObject& object) {
    // Qt escapes only the C0 controls; the rest that a terminal obeys (C1, bidi overrides) can
    // only be inside strings, where a \u escape means the same character. Not terminalSafe:
    // the data stays whole.
    const QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    QString out;
    out.reserve(json.size());
    for (const QChar ch : json) {
        const char16_t c = ch.unicode();
        if ((c >= 0x7f && c <= 0x9f) || isBidiControl(c))
            out += QStringLiteral("\\u%1").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    const QByteArray utf8 = out.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

bool parseOrHelp(QCommandLineParser& parser, const QStringList& args) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    // --help anywhere (before a bare "--") is a request for help, also where an option expects
    // a value: "--out --help" must not write a file named "--help".
    for (int i = 1; i < args.size() && args[i] != QLatin1String("--"); ++i)
        if (args[i] == QLatin1String("--help") || args[i] == QLatin1String("-h") ||
            args[i] == QLatin1String("-help")) {
            printOut(parser.helpText());
            return false;
        }
    if (!parser.parse(args)) throw UsageError(parser.errorText().toStdString() + " (see --help)");
    // An option's value that looks like an option ("--out --json") is a missing value, not a
    // file or folder named "--json".
    for (const QString& name : parser.optionNames())
        for (const QString& value : parser.values(name))
            if (value.startsWith(QLatin1String("--")))
                throw UsageError("option '" + name.toStdString() + "' needs a value, but got '" +
                                 value.toStdString() + "' (see --help).");
    return true;
}

void addEngineOptions(QCommandLineParser& parser) {
    ds::options::addModelOptions(parser);
    ds::options::addEngineOptions(parser);
}

LoadedModel loadModel(const QCommandLineParser& parser, bool mapBytes) {
    const ds::DenseNetConfig config = ds::options::configFromOptions(parser);
    LoadedModel out;
    if (const auto weights = ds::options::weightsOption(parser)) {
        out.weightsSpec = *weights;
    } else {
        std::string why;
        out.weightsSpec = ds::defaultWeightsSpec(config, &why);
        if (out.weightsSpec != "imagenet")
            printErr("note: using random weights, so predictions are meaningless (pass --weights "
                     "to choose). " + qs(why));
    }
    try {
        // The process's threads and allocator, now that --threads is known (every command
        // that runs the model comes through here; main() makes no other process-wide choice).
        ds::ProcessOptions process;
        process.threads = ds::options::threadsOption(parser);
        for (const auto& note : ds::configureProcess(process).notes) printErr(qs(note));
        ds::EngineOptions options;
        options.device = ds::options::deviceOption(parser).value_or(ds::DeviceKind::Auto);
        options.mapBytes = mapBytes;
        out.engine = std::make_unique<ds::Engine>(options);
        const auto labels = ds::options::labelsOption(parser);
        std::vector<std::string> names;
        if (labels) names = ds::readLabels(*labels);  // before the (slow) load: fail early
        out.engine->load(config, out.weightsSpec);
        // The load's own notes: a stripped key prefix, classes taken from the file.
        for (const auto& note : out.engine->notes()) printErr(qs(note));
        if (labels) {
            out.engine->setLabels(std::move(names), "The labels file '" + *labels + "'");
            out.labelsPath = *labels;
        }
    } catch (const ds::Error& e) {
        throw UsageError(e.what());
    } catch (const std::bad_alloc&) {
        throw UsageError(
            "Out of memory while loading the model: try a smaller variant or --device cpu.");
    }
    return out;
}

}  // namespace cli
