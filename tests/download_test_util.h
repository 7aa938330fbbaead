#pragma once
// Shared by tst_download (what a server sends) and tst_download_files (what the disk and the
// cache folder hold): a local HTTP server on 127.0.0.1 (http_test_server.h) that serves the tiny
// DenseNet's state dict as torchvision saved it (oracle_download names it by its SHA-256,
// computed in Python), a TORCH_HOME of its own for each test, and densescope-cli run there.
#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "cli_test_util.h"
#include "fixtures.h"
#include "http_test_server.h"

namespace downloadtest {

using clitest::Result;

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString& path, const QByteArray& data) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

// densescope-cli, given `ms` to finish: a run that hangs (a FIFO read forever) is killed and
// reported as code -2 instead of holding the test for ten minutes.
inline Result cliWithin(const QStringList& args, int ms) {
    return clitest::run(args, {}, nullptr, ms);
}

// The test classes derive from it (after QObject) and call setUpTestCase() from
// initTestCase() and setUpTest() from init().
class Fixture {
protected:
    httptest::Server m_server;
    QByteArray m_tiny;      // the state dict's bytes
    QString m_name;         // tiny-<8 hex>.pth
    QString m_sha256;
    std::unique_ptr<QTemporaryDir> m_home;  // TORCH_HOME of one test

    QString checkpoints() const { return m_home->path() + "/hub/checkpoints"; }
    QStringList env() const {
        return {"TORCH_HOME=" + m_home->path(), "DENSESCOPE_WEIGHTS_BASE_URL=" + m_server.url("/m/")};
    }
    Result cli(const QStringList& args) const { return clitest::run(args, env()); }

    void setUpTestCase() {
        // The downloader honours http_proxy: the local server must be reached directly (the
        // CLI runs inherit this environment).
        qputenv("no_proxy", "127.0.0.1,localhost");
        qputenv("NO_PROXY", "127.0.0.1,localhost");
        qputenv("DENSESCOPE_WEIGHTS_BASE_URL", m_server.url("/m/").toUtf8());  // for cliWithin()
        const QJsonObject meta = fixtures::json("download/download.json").object();
        m_name = meta.value("file").toString();
        m_sha256 = meta.value("sha256").toString();
        m_tiny = readAll(fixtures::dir() + "/download/" + m_name);
        QCOMPARE(m_tiny.size(), meta.value("bytes").toInt());
        QVERIFY(m_tiny.size() > 20000);
        QVERIFY(QFile::exists(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope-cli"));
    }

    void setUpTest() {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        qputenv("TORCH_HOME", m_home->path().toUtf8());
        m_server.clearRequests();
    }
};

}  // namespace downloadtest
