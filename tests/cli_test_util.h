#pragma once
// Running the built densescope-cli from a test (tst_cli, tst_cli_explain): its exit code,
// stdout, stderr and, with --json, the parsed object.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace clitest {

struct Result {
    int code = -1;
    QString out, err;
    QJsonObject json;
};

// `extraEnv`: "NAME=value" entries added to this process's environment; `input`: written to
// the program's standard input, which is then closed (as `cat photo.png | densescope-cli ...`).
// `timeoutMs`: a run that takes longer (a hang) is killed and reported as code -2, its stderr
// saying so.
inline Result run(const QStringList& args, const QStringList& extraEnv = {},
                  const QByteArray* input = nullptr, int timeoutMs = 600000) {
    QProcess p;
    QStringList env = QProcess::systemEnvironment();
    env << extraEnv;
    p.setEnvironment(env);
    p.start(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope-cli", args);
    if (input) {  // standard input is a pipe, as in `cat photo.png | densescope-cli ...`
        p.waitForStarted();
        p.write(*input);
        p.closeWriteChannel();
    }
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.code = -2;
        r.err = "densescope-cli " + args.join(' ') + " hung (killed after " +
                QString::number(timeoutMs) + " ms)";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    if (args.contains("--json")) r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    return r;
}

}  // namespace clitest
