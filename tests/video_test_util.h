#pragma once
// Shared by tst_video_hostile (files that are not what they seem) and tst_video_live (times
// and live mode's side): the oracle's clips, the tiny model's flags, our programs run with a
// time limit, and a temporary folder of files made byte by byte or by the ffmpeg CLI.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include "fixtures.h"

namespace videotest {

inline QString videoDir() { return fixtures::dir() + "/video"; }
inline QString lossless() { return videoDir() + "/lossless.mkv"; }

inline QStringList tinyArgs() {
    return fixtures::configFlags(fixtures::config("tiny")) +
           QStringList{"--weights", fixtures::dir() + "/tiny.pth", "--device", "cpu"};
}

struct Run {
    int code = -1;  // -2: killed after the time limit
    QString err;
    qint64 ms = 0;
};

// A program of ours with a time limit: a hang is a failure, not a stuck test.
inline Run runBounded(const QString& program, const QStringList& args, int limitMs,
               const QStringList& extraEnv = {}) {
    QProcess p;
    p.setEnvironment(QProcess::systemEnvironment() + extraEnv);
    QElapsedTimer t;
    t.start();
    p.start(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/" + program, args);
    Run r;
    if (!p.waitForFinished(limitMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.code = -2;
    } else {
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    r.ms = t.elapsed();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The test classes derive from it (after QObject) and call setUpTestCase() from initTestCase().
class Files {
protected:
    QTemporaryDir m_tmp;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_tmp.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    // A clip made by the ffmpeg CLI into the temporary folder (lavfi test patterns: small and
    // quick to make).
    QString clip(const QString& name, const QStringList& args) {
        const QString path = m_tmp.filePath(name);
        if (QFile::exists(path)) return path;
        QProcess p;
        p.start("ffmpeg", QStringList{"-hide_banner", "-loglevel", "error", "-nostdin", "-y"} + args + QStringList{path});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            qFatal("ffmpeg failed to make %s: %s", qPrintable(name), p.readAllStandardError().constData());
        return path;
    }

    void setUpTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(lossless()), "fixtures missing: run through ctest");
    }
};

}  // namespace videotest
