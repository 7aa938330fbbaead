// densescope-cli weights: list, download and verify the official ImageNet weight files in the
// torch hub cache (lib/net/: the same downloader as the app's Weights menu). Contract in
// docs/architecture.md; tests/tst_download.cpp checks it against a local HTTP server.
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>

#include <unistd.h>

#include <cstdio>

#include "cli_common.h"
#include "weights_catalog.h"
#include "weights_downloader.h"

namespace cli {
namespace {

using ds::net::OfficialWeights;

const char kWeightsUsage[] =
    "Usage: densescope-cli weights <list|download|verify> [options]\n"
    "\n"
    "Fetches and checks torchvision's official ImageNet weights in the torch hub cache.\n"
    "\n"
    "Subcommands:\n"
    "  list [--json]                        each variant's official ImageNet file: size, URL,\n"
    "                                       present in the torch hub cache, verified (as\n"
    "                                       verify checks it)\n"
    "  download VARIANT|--url URL [--json]  downloads into the torch hub cache, verifies, then\n"
    "                                       gives it its final name; an interrupted download\n"
    "                                       resumes\n"
    "  verify [FILE...] [--json]            checks FILE (default: every official file present):\n"
    "                                       a regular file whose SHA-256 starts with the hash\n"
    "                                       in its name and, under an official name, has the\n"
    "                                       published file's size and whole SHA-256\n"
    "\n"
    "The folder: $TORCH_HOME/hub/checkpoints, default ~/.cache/torch/hub/checkpoints.\n"
    "DENSESCOPE_WEIGHTS_BASE_URL replaces https://download.pytorch.org/models/ (a mirror).\n"
    "A download that brings less than 1 KB/s on average over 60 s stops (it resumes later);\n"
    "DENSESCOPE_DOWNLOAD_MIN_RATE=BYTES_PER_SECOND[/SECONDS] changes that.\n"
    "Exit status: 0 ok, 1 a download or verification failed, 2 usage error.\n";

QJsonObject verificationJson(const QString& path, const ds::net::Verification& v) {
    QJsonObject o{{"file", path},
                  {"verified", v.ok},
                  {"expected", v.expected},
                  {"sha256", v.sha256}};
    if (!v.ok) o.insert("error", v.error);
    return o;
}

int runList(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Lists the official ImageNet weight files.");
    const QCommandLineOption json("json", "Print JSON.");
    parser.addOption(json);
    if (!parseOrHelp(parser, args)) return kExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("weights list takes no arguments (see --help)");
    const QString dir = ds::net::checkpointDir();
    QJsonArray items;
    QString text = QStringLiteral("Folder: %1\n").arg(QDir::toNativeSeparators(dir));
    for (const OfficialWeights& w : ds::net::officialWeights()) {
        const QString path = QDir(dir).filePath(w.file);
        const bool present = QFileInfo(path).isFile();
        QJsonObject o{{"variant", w.variant},
                      {"file", w.file},
                      {"size_mib", w.mib},
                      {"url", ds::net::officialUrl(w).toString()},
                      {"path", path},
                      {"present", present},
                      {"verified", QJsonValue::Null}};
        QString state = QStringLiteral("missing");
        if (present) {
            const auto v = ds::net::verifyFile(path);
            o.insert("verified", v.ok);
            if (!v.ok) o.insert("error", v.error);
            state = v.ok ? QStringLiteral("present, verified") : QStringLiteral("present, NOT verified");
        }
        items.append(o);
        text += QStringLiteral("%1  %2  %3 MiB  %4\n")
                    .arg(w.variant, w.file.leftJustified(26), QString::number(w.mib, 'f', 1).rightJustified(5),
                         state);
    }
    if (parser.isSet(json)) {
        printJson(QJsonObject{{"folder", dir}, {"base_url", ds::net::weightsBaseUrl()}, {"weights", items}});
    } else {
        text += QStringLiteral("Download one with: densescope-cli weights download VARIANT\n");
        printOut(text);
    }
    return kExitOk;
}

int runVerify(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Checks weight files against the hash in their names (torch.hub's rule: the hex digits "
        "after the last '-' must start the file's SHA-256) and, for the official files, against "
        "their published size and whole SHA-256. Only regular files are read.");
    const QCommandLineOption json("json", "Print JSON.");
    parser.addOption(json);
    parser.addPositionalArgument("FILE", "Files to check (default: the official files present).", "[FILE...]");
    if (!parseOrHelp(parser, args)) return kExitOk;
    QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        for (const OfficialWeights& w : ds::net::officialWeights()) {
            const QString path = QDir(ds::net::checkpointDir()).filePath(w.file);
            if (QFileInfo(path).isFile()) files << path;
        }
    }
    QJsonArray items;
    int failed = 0;
    QString text;
    for (const QString& path : files) {
        const auto v = ds::net::verifyFile(path);
        if (!v.ok) ++failed;
        items.append(verificationJson(path, v));
        text += v.ok ? QStringLiteral("OK      %1 (SHA-256 %2...)\n").arg(path, v.sha256.left(16))
                     : QStringLiteral("FAILED  %1\n        %2\n").arg(path, v.error);
    }
    if (files.isEmpty())
        text = QStringLiteral("No official weight file in %1; nothing to verify.\n")
                   .arg(QDir::toNativeSeparators(ds::net::checkpointDir()));
    if (parser.isSet(json))
        printJson(QJsonObject{{"files", items}, {"verified", int(files.size()) - failed}, {"failed", failed}});
    else
        printOut(text);
    return failed ? kExitSomeFailed : kExitOk;
}

// A one-line bar, redrawn in place; only when stderr is a terminal.
void drawBar(qint64 done, qint64 total, double rate, double left) {
    const int width = 30;
    const int filled = total > 0 ? int(width * double(done) / double(total)) : 0;
    QString line = QStringLiteral("\r[%1%2] ").arg(QString(filled, QLatin1Char('#')),
                                                   QString(width - filled, QLatin1Char('.')));
    line += total > 0 ? QStringLiteral("%1 of %2").arg(ds::net::megabytes(done), ds::net::megabytes(total))
                      : ds::net::megabytes(done);
    line += QStringLiteral("  %1/s").arg(ds::net::megabytes(qint64(rate)));
    if (left >= 0) line += QStringLiteral("  %1 s left").arg(qRound(left));
    std::fputs(line.leftJustified(79).toUtf8().constData(), stderr);
    std::fflush(stderr);
}

int runDownload(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Downloads an official ImageNet weight file (or --url URL) into the torch hub cache, "
        "verifies it and gives it its final name. An interrupted download resumes.");
    const QCommandLineOption json("json", "Print JSON.");
    const QCommandLineOption url("url", "Download this URL; its file name must carry a hash (NAME-HEX.pth).", "URL");
    parser.addOption(json);
    parser.addOption(url);
    parser.addPositionalArgument("VARIANT", "densenet121, densenet161, densenet169 or densenet201.", "[VARIANT]");
    if (!parseOrHelp(parser, args)) return kExitOk;
    const QStringList positional = parser.positionalArguments();
    QUrl target;
    if (parser.isSet(url)) {
        if (!positional.isEmpty()) throw UsageError("give a VARIANT or --url URL, not both (see --help)");
        target = QUrl(parser.value(url));
        if (!target.isValid() || target.scheme().isEmpty())
            throw UsageError(("--url '" + parser.value(url) +
                              "' is not a URL: give a full address such as "
                              "https://download.pytorch.org/models/densenet121-a639ec97.pth.")
                                 .toStdString());
        if (ds::net::hashPrefixOf(target.fileName()).isEmpty())
            throw UsageError(("the file name '" + target.fileName() +
                              "' carries no hash (torch.hub names files NAME-HEX.pth, e.g. "
                              "densenet121-a639ec97.pth), so the download could not be verified.")
                                 .toStdString());
    } else {
        if (positional.size() != 1) throw UsageError("give one VARIANT or --url URL (see --help)");
        const OfficialWeights* w = ds::net::officialFor(positional.front());
        if (!w)
            throw UsageError(("'" + positional.front() +
                              "' has no official ImageNet weights: use densenet121, densenet161, "
                              "densenet169 or densenet201, or --url URL.")
                                 .toStdString());
        target = ds::net::officialUrl(*w);
    }
    ds::net::WeightsDownloader downloader;
    if (const QByteArray ms = qgetenv("DENSESCOPE_DOWNLOAD_TIMEOUT_MS"); !ms.isEmpty())
        downloader.setTimeoutMs(ms.toInt());
    const bool bar = isatty(fileno(stderr)) && !parser.isSet(json);
    QEventLoop loop;
    int code = kExitSomeFailed;
    QString error;
    ds::net::DownloadResult result;
    QObject::connect(&downloader, &ds::net::WeightsDownloader::progress, &loop,
                     [&](qint64 done, qint64 total, double rate, double left) {
                         if (bar) drawBar(done, total, rate, left);
                     });
    QObject::connect(&downloader, &ds::net::WeightsDownloader::finished, &loop,
                     [&](const ds::net::DownloadResult& r) {
                         result = r;
                         code = kExitOk;
                         loop.quit();
                     });
    QObject::connect(&downloader, &ds::net::WeightsDownloader::failed, &loop, [&](const QString& m) {
        error = m;
        loop.quit();
    });
    if (!parser.isSet(json))
        printErr(QStringLiteral("Downloading %1\n        into %2").arg(target.toString(),
                                                                      QDir::toNativeSeparators(ds::net::checkpointDir())));
    if (downloader.start(target) && code != kExitOk && error.isEmpty()) loop.exec();
    if (bar) std::fputs("\n", stderr);
    if (parser.isSet(json)) {
        QJsonObject o{{"url", target.toString()}, {"ok", code == kExitOk}};
        if (code == kExitOk) {
            o.insert("file", result.path);
            o.insert("bytes", result.bytes);
            o.insert("sha256", result.sha256);
            o.insert("verified", true);
            o.insert("resumed_from", result.resumedFrom);
            o.insert("already_present", result.alreadyPresent);
        } else {
            o.insert("file", downloader.targetPath());
            o.insert("error", error);
        }
        printJson(o);
    } else if (code == kExitOk) {
        printOut(QStringLiteral("%1 %2 (%3, SHA-256 %4..., verified)\n")
                     .arg(result.alreadyPresent ? QStringLiteral("Already there:") : QStringLiteral("Saved"),
                          result.path, ds::net::megabytes(result.bytes), result.sha256.left(16)));
    } else {
        printErr(QStringLiteral("densescope-cli weights download: %1").arg(error));
    }
    return code;
}

}  // namespace

int runWeights(const QStringList& args) {
    QStringList rest = args;
    const QString sub = rest.size() > 1 ? rest.takeAt(1) : QString();
    if (sub == "list") return runList(rest);
    if (sub == "download") return runDownload(rest);
    if (sub == "verify") return runVerify(rest);
    if (sub == "-h" || sub == "--help" || sub == "help") {
        printOut(kWeightsUsage);
        return kExitOk;
    }
    printErr((sub.isEmpty() ? QString() : "Unknown weights command '" + sub + "'.\n\n") + kWeightsUsage);
    return kExitUsage;
}

}  // namespace cli
