// --version and --help of the three programs (docs/architecture.md): exit 0, the text on
// stdout, nothing on stderr; densescope answers both with no display at all (no DISPLAY,
// WAYLAND_DISPLAY or QT_QPA_PLATFORM), as in a terminal over ssh or a package build.
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "densescope/version.h"

class TestVersion : public QObject {
    Q_OBJECT
private slots:
    void answers_data();
    void answers();
    void densescopeNeedsNoDisplayForHelp();
};

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

// Runs build/app/PROGRAM with `args` in an environment without any display.
Run runWithoutDisplay(const QString& program, const QStringList& args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + QLatin1Char('/') + program, args);
    Run r;
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
        r.err = program + QStringLiteral(" did not finish within 60 s");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace

void TestVersion::answers_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("flag");
    for (const char* program : {"densescope", "densescope-cli", "densescope-bench"})
        for (const char* flag : {"--version", "--help", "-h"})
            QTest::addRow("%s %s", program, flag)
                << QString::fromLatin1(program) << QString::fromLatin1(flag);
}

void TestVersion::answers() {
    QFETCH(QString, program);
    QFETCH(QString, flag);
    const Run r = runWithoutDisplay(program, {flag});
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
    // stderr: nothing from us (Qt may note a missing XDG_RUNTIME_DIR; that is not ours).
    QVERIFY2(!r.err.contains(program), qPrintable(r.err));
    if (flag == QLatin1String("--version")) {
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], program + QStringLiteral(" (DenseScope) ") +
                               QString::fromStdString(ds::version()));
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))
                     .match(QString::fromStdString(ds::version()))
                     .hasMatch(),
                 "the version is CMake's project(VERSION), x.y.z");
        if (program == QLatin1String("densescope-bench"))
            QCOMPARE(lines[1], QStringLiteral("Qt: not used"));
        else
            QCOMPARE(lines[1], QStringLiteral("Qt ") + QString::fromLatin1(qVersion()));
        QVERIFY2(
            QRegularExpression(QStringLiteral("^LibTorch \\d+\\.\\d+\\.\\d+ \\((CPU|CUDA)\\)$"))
                .match(lines[2])
                .hasMatch(),
            qPrintable(lines[2]));
    } else {
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: ")), qPrintable(r.out.left(200)));
        QVERIFY2(r.out.contains(QStringLiteral("--version")), "--help does not list --version");
        QVERIFY2(r.out.contains(program), qPrintable(r.out.left(200)));
    }
}

// The app's help lists its own flags, and a request for help wins over a display-bound start
// even with an image and other flags (no window is made: it returns at once).
void TestVersion::densescopeNeedsNoDisplayForHelp() {
    const Run r = runWithoutDisplay(QStringLiteral("densescope"),
                                    {QStringLiteral("--variant"), QStringLiteral("densenet169"),
                                     QStringLiteral("--help"), QStringLiteral("photo.png")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    for (const char* flag : {"--screenshot", "--size", "--language", "--weights", "--panel"})
        QVERIFY2(r.out.contains(QLatin1String(flag)), flag);
    // Without a display anything else still needs one: Qt says so and the app does not start.
    const Run start =
        runWithoutDisplay(QStringLiteral("densescope"), {QStringLiteral("--startup-time")});
    QVERIFY(start.code != 0);
}

QTEST_GUILESS_MAIN(TestVersion)
#include "tst_version.moc"
