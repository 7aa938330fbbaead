// Downloading weight files (lib/net/, `densescope-cli weights`) as the disk and the cache
// folder are: a partial file that is already complete, a damaged file under the final name,
// one download at a time (the lock), a really full disk (a small tmpfs, as root), special
// files (FIFOs, devices, links) in the cache, locks left by another machine, a read-only
// folder, and `weights list/verify` with TORCH_HOME in a temporary folder. What servers send:
// tst_download.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDateTime>
#include <QJsonArray>
#include <QLockFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>

#include "cli_test_util.h"
#include "densescope/npy.h"
#include "download_test_util.h"
#include "fixtures.h"
#include "http_test_server.h"
#include "small_disk.h"
#include "weights_catalog.h"
#include "weights_downloader.h"

using ds::net::WeightsDownloader;
using namespace downloadtest;

class TestDownloadFiles : public QObject, private downloadtest::Fixture {
    Q_OBJECT

private slots:
    void initTestCase() { setUpTestCase(); }
    void init() { setUpTest(); }

    // A partial file that already holds everything: 416, then checked and kept.
    void partialAlreadyComplete() {
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        QDir().mkpath(checkpoints());
        const QString path = checkpoints() + "/" + m_name;
        writeFile(path + ".partial", m_tiny);
        const Result r = cli({"weights", "download", "--url", m_server.url("/m/" + m_name), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(readAll(path), m_tiny);
    }

    // A damaged file under the final name is downloaded again and replaced whole.
    void damagedTargetReplaced() {
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        QDir().mkpath(checkpoints());
        const QString path = checkpoints() + "/" + m_name;
        writeFile(path, m_tiny.left(5000));
        const Result list = cli({"weights", "verify", path, "--json"});
        QCOMPARE(list.code, 1);
        const Result r = cli({"weights", "download", "--url", m_server.url("/m/" + m_name), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(r.json.value("already_present").toBool(true), false);
        QCOMPARE(readAll(path), m_tiny);
    }

    // Two downloads of one file at once (two windows, the app and the CLI) would both append
    // to the partial file: the second is refused while the first runs.
    void oneDownloadAtATime() {
        httptest::Route slow{m_tiny};
        slow.chunkDelayMs = 30;
        m_server.setRoute("/m/" + m_name.toUtf8(), slow);
        WeightsDownloader first;
        QSignalSpy started(&first, &WeightsDownloader::progress);
        QVERIFY(first.start(QUrl(m_server.url("/m/" + m_name))));
        QVERIFY(started.wait(10000));
        const Result second = cli({"weights", "download", "--url", m_server.url("/m/" + m_name)});
        QCOMPARE(second.code, 1);
        QVERIFY2(second.err.contains("already being downloaded"), qPrintable(second.err));
        QSignalSpy done(&first, &WeightsDownloader::finished);
        QVERIFY(done.wait(20000));
        QCOMPARE(readAll(first.targetPath()), m_tiny);
        QVERIFY(!QFile::exists(first.partialPath() + ".lock"));
    }

    // A disk that fills up before the last bytes are written (the last buffered write used to
    // fail unseen at close(): exit 0, "verified", a short file under the final name). Now the
    // failure says the disk is full and how much to free, and nothing has the final name. In
    // the process and through the CLI; the body comes in small chunks, as from a real network.
    void fullDisk_data() {
        QTest::addColumn<bool>("viaCli");
        QTest::newRow("downloader") << false;
        QTest::newRow("cli") << true;
    }

    void fullDisk() {
        QFETCH(bool, viaCli);
        SmallDisk disk(m_tiny.size() + (1 << 20));
        if (!disk.mounted()) QSKIP(qPrintable(disk.why()));
        const qint64 page = 4096;
        // Room for all but the last 4 to 8 KiB of the file (its folder takes no page).
        QVERIFY(QDir().mkpath(disk.path() + "/hub/checkpoints"));
        QVERIFY(disk.leave((m_tiny.size() + page - 1) / page * page - 2 * page));
        httptest::Route chunked{m_tiny};
        chunked.chunkDelayMs = 2;
        m_server.setRoute("/m/" + m_name.toUtf8(), chunked);
        const QString url = m_server.url("/m/" + m_name);
        const QString folder = disk.path() + "/hub/checkpoints";
        QString message;
        if (viaCli) {
            qputenv("TORCH_HOME", disk.path().toUtf8());  // (init() puts it back for the next)
            const Result r = clitest::run({"weights", "download", "--url", url, "--json"});
            QCOMPARE(r.code, 1);
            QCOMPARE(r.json.value("ok").toBool(true), false);
            message = r.json.value("error").toString();
        } else {
            WeightsDownloader d;
            QSignalSpy failed(&d, &WeightsDownloader::failed);
            QSignalSpy finished(&d, &WeightsDownloader::finished);
            QVERIFY(d.start(QUrl(url), folder));
            QTRY_VERIFY_WITH_TIMEOUT(failed.size() + finished.size() > 0, 10000);
            QCOMPARE(finished.size(), 0);
            message = failed[0][0].toString();
        }
        QVERIFY2(message.contains("The disk is full: free ") && message.contains(folder) &&
                     !message.contains("Unknown error"),
                 qPrintable(message));
        QVERIFY(!QFile::exists(folder + "/" + m_name));
    }

    // What a shared cache folder may hold under the names a download uses: a symbolic link at
    // NAME.partial (it used to be followed, and its target overwritten), a FIFO there or at the
    // final name, a link to /dev/zero at the final name (read forever, the lock held). Now such
    // things are replaced, never opened: the download succeeds, quickly, and a link's target
    // is untouched. The CLI is the user's path; the real downloader underneath.
    void specialFilesInTheCache_data() {
        QTest::addColumn<QString>("where");  // "partial" or "final"
        QTest::addColumn<QString>("what");   // "link", "fifo", "devzero"
        QTest::newRow("link at NAME.partial") << "partial" << "link";
        QTest::newRow("FIFO at NAME.partial") << "partial" << "fifo";
        QTest::newRow("FIFO at the final name") << "final" << "fifo";
        QTest::newRow("/dev/zero at the final name") << "final" << "devzero";
    }

    void specialFilesInTheCache() {
        QFETCH(QString, where);
        QFETCH(QString, what);
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        QVERIFY(QDir().mkpath(checkpoints()));
        const QString path = checkpoints() + "/" + m_name;
        const QString planted = where == "partial" ? path + ".partial" : path;
        const QString victim = m_home->path() + "/precious.txt";
        const QByteArray precious = "someone else's file, larger than nothing";
        writeFile(victim, precious);
        if (what == "link") QVERIFY(QFile::link(victim, planted));
        if (what == "devzero") QVERIFY(QFile::link("/dev/zero", planted));
        if (what == "fifo") QCOMPARE(::mkfifo(QFile::encodeName(planted).constData(), 0644), 0);
        const Result r = cliWithin({"weights", "download", "--url", m_server.url("/m/" + m_name), "--json"}, 15000);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QCOMPARE(readAll(path), m_tiny);
        QVERIFY(QFileInfo(path).isFile() && !QFileInfo(path).isSymLink());
        QVERIFY(!QFileInfo::exists(path + ".partial"));
        QCOMPARE(readAll(victim), precious);
    }

    // `weights verify` refuses what is not a regular file at once, as weight loading does.
    void verifyRefusesSpecialFiles() {
        const QString fifo = m_home->path() + "/pipe-0123abcd.pth";
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        const QString zero = m_home->path() + "/zero-0123abcd.pth";
        QVERIFY(QFile::link("/dev/zero", zero));
        const QStringList files{"/dev/zero", fifo, zero};
        const QStringList kinds{"a character device", "a pipe (FIFO)", "a character device"};
        for (int i = 0; i < files.size(); ++i) {
            const Result r = cliWithin({"weights", "verify", files[i], "--json"}, 15000);
            QVERIFY2(r.code == 1, qPrintable(r.err + r.out));
            const QString error = r.json.value("files").toArray()[0].toObject().value("error").toString();
            QVERIFY2(error.contains(kinds[i]) && error.contains("not a regular file"), qPrintable(error));
        }
    }

    // A lock held by a live process is never taken over, however old. Qt's default stale time
    // (30 s) let a second process take over the lock of a long download on a network home,
    // where the holder runs on another machine (so its PID cannot be checked, nor its flock
    // seen): such a lock file, an hour old, must still be respected, and the message says what
    // to delete when no download is running after all.
    void oldLockFromAnotherMachineHolds() {
        QVERIFY(QDir().mkpath(checkpoints()));
        const QString lockPath = checkpoints() + "/" + m_name + ".partial.lock";
        writeFile(lockPath, "4242\ndensescope-cli\nanother-machine.example\n");
        QFile file(lockPath);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        file.close();
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        const Result r = cli({"weights", "download", "--url", m_server.url("/m/" + m_name)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("already being downloaded") && r.err.contains(lockPath), qPrintable(r.err));
        QCOMPARE(m_server.requests().size(), 0);
        QVERIFY(!QFile::exists(checkpoints() + "/" + m_name));
        QVERIFY(QFile::exists(lockPath));
    }

    // A cache folder that cannot be written to: a verified file there is reported present (it
    // used to be "already being downloaded ... wait", the failed lock taken for a held one);
    // a missing one fails saying the folder cannot be written to. As root, permissions do not
    // stop writing: the folder is then a tmpfs remounted read-only.
    void readOnlyFolder() {
        SmallDisk disk(4 << 20);
        const QString folder = disk.path() + "/hub/checkpoints";
        if (::geteuid() == 0 && !disk.mounted()) QSKIP(qPrintable(disk.why()));
        QVERIFY(QDir().mkpath(folder));
        writeFile(folder + "/" + m_name, m_tiny);
        if (::geteuid() == 0) {
            QVERIFY(::mount("tmpfs", QFile::encodeName(disk.path()).constData(), "tmpfs",
                            MS_REMOUNT | MS_RDONLY, nullptr) == 0);
        } else {
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        }
        QVERIFY(!QFile(folder + "/probe").open(QIODevice::WriteOnly));
        qputenv("TORCH_HOME", disk.path().toUtf8());  // (init() puts it back for the next)
        m_server.setRoute("/m/" + m_name.toUtf8(), {m_tiny});
        m_server.setRoute("/m/densenet121-a639ec97.pth", {m_tiny});
        const Result present = clitest::run({"weights", "download", "--url", m_server.url("/m/" + m_name), "--json"});
        QVERIFY2(present.code == 0, qPrintable(present.err + present.out));
        QCOMPARE(present.json.value("already_present").toBool(), true);
        const Result missing = clitest::run({"weights", "download", "densenet121", "--json"});
        QCOMPARE(missing.code, 1);
        const QString error = missing.json.value("error").toString();
        QVERIFY2(error.contains("cannot be written to") && error.contains(folder) && error.contains("TORCH_HOME"),
                 qPrintable(error));
        QCOMPARE(m_server.requests().size(), 0);
        if (::geteuid() != 0) QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    void listAndVerify() {
        QDir().mkpath(checkpoints());
        writeFile(checkpoints() + "/densenet121-a639ec97.pth", m_tiny);  // not the official bytes
        writeFile(checkpoints() + "/" + m_name, m_tiny);
        const Result list = cli({"weights", "list", "--json"});
        QCOMPARE(list.code, 0);
        QCOMPARE(list.json.value("folder").toString(), checkpoints());
        QCOMPARE(list.json.value("base_url").toString(), m_server.url("/m/"));
        const QJsonArray items = list.json.value("weights").toArray();
        QCOMPARE(items.size(), 4);
        const QJsonObject d121 = items[0].toObject();
        QCOMPARE(d121.value("variant").toString(), QString("densenet121"));
        QCOMPARE(d121.value("url").toString(), m_server.url("/m/densenet121-a639ec97.pth"));
        QCOMPARE(d121.value("size_mib").toDouble(), 30.8);
        QCOMPARE(d121.value("present").toBool(), true);
        QCOMPARE(d121.value("verified").toBool(true), false);
        const QJsonObject d161 = items[1].toObject();
        QCOMPARE(d161.value("present").toBool(), false);
        QVERIFY(d161.value("verified").isNull());

        const Result all = cli({"weights", "verify", "--json"});
        QCOMPARE(all.code, 1);
        QCOMPARE(all.json.value("failed").toInt(), 1);
        QCOMPARE(all.json.value("files").toArray().size(), 1);
        const Result good = cli({"weights", "verify", checkpoints() + "/" + m_name, "--json"});
        QCOMPARE(good.code, 0);
        QCOMPARE(good.json.value("files").toArray()[0].toObject().value("sha256").toString(), m_sha256);
        writeFile(checkpoints() + "/plain.pth", m_tiny);
        QCOMPARE(cli({"weights", "verify", checkpoints() + "/plain.pth"}).code, 1);
        QCOMPARE(cli({"weights", "verify", checkpoints() + "/absent-0123.pth"}).code, 1);
    }
};

QTEST_GUILESS_MAIN(TestDownloadFiles)
#include "tst_download_files.moc"
