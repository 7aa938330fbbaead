// densescope's OpenMP wait policy (app/passive_openmp.cpp): the program restarts itself once
// with OMP_WAIT_POLICY=PASSIVE, except where a restart goes wrong (started through the dynamic
// loader, under valgrind), and the variable it added does not reach the programs it starts.
// Runs the built densescope with --version, which it answers before any window exists.
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QStringList& extraEnv = {}) {
    QProcess p;
    QStringList env;
    for (const QString& e : QProcess::systemEnvironment())
        if (!e.startsWith("OMP_WAIT_POLICY=") && !e.startsWith("DENSESCOPE_SPINNING_OPENMP="))
            env << e;
    p.setEnvironment(env + extraEnv);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = program + " " + args.join(' ') + " hung";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString densescope() { return qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope"; }

}  // namespace

class TestOpenMpStart : public QObject {
    Q_OBJECT
private slots:
    // The restart happens (libgomp starts with the variable set), and the variable is gone
    // again by the time the program could start another one.
    void addedVariableDoesNotReachChildren() {
        QTemporaryDir tmp;
        const QString log = tmp.filePath("env.log");
        const Run r = run(densescope(), {"--version"},
                          {"LD_PRELOAD=" + QString(DS_ENV_PROBE), "DS_ENV_PROBE_OUT=" + log});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("densescope (DenseScope)"), qPrintable(r.out + r.err));
        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        // Before the restart the process runs no library constructor; after it, once each.
        QCOMPARE(lines, (QStringList{"start PASSIVE", "exit (unset)"}));
    }

    // A variable the person set is theirs: left as it is, no restart.
    void policyThePersonSetIsKept() {
        QTemporaryDir tmp;
        const QString log = tmp.filePath("env.log");
        const Run r = run(densescope(), {"--version"},
                          {"OMP_WAIT_POLICY=ACTIVE", "LD_PRELOAD=" + QString(DS_ENV_PROBE),
                           "DS_ENV_PROBE_OUT=" + log});
        QCOMPARE(r.code, 0);
        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts),
                 (QStringList{"start ACTIVE", "exit ACTIVE"}));
    }

    // `ld-linux-x86-64.so.2 ./densescope --version`: the restart used to run the loader with
    // densescope's arguments, and the loader printed its own version.
    void startsThroughTheDynamicLoader() {
        const QString loader = QStringLiteral("/lib64/ld-linux-x86-64.so.2");
        if (!QFileInfo::exists(loader)) QSKIP("no /lib64/ld-linux-x86-64.so.2 (not x86-64 glibc)");
        const Run r = run(loader, {densescope(), "--version"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("densescope (DenseScope)"), qPrintable(r.out + r.err));
    }

    // Under valgrind, /proc/self/exe is valgrind's tool, which refused to be restarted:
    // densescope ended with "valgrind: You cannot run ... directly".
    void runsUnderValgrind() {
        const QString valgrind = QStandardPaths::findExecutable("valgrind");
        if (valgrind.isEmpty()) QSKIP("valgrind is not installed (packaging/install-deps.sh installs it)");
        const Run r = run(valgrind, {"--tool=none", "--quiet", densescope(), "--version"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("densescope (DenseScope)"), qPrintable(r.out + r.err));
    }
};

QTEST_GUILESS_MAIN(TestOpenMpStart)
#include "tst_openmp_start.moc"
