// Output files are written atomically (densescope/atomic_file.h): on a really full disk (a
// small tmpfs mounted here; the tests run as root) densescope-cli cam and features fail with a
// message that says the disk is full, leave no 0-byte or half-written file and keep an
// existing good file byte for byte; special files (a FIFO, a device node, /dev/null) are
// refused as --out and left as they were. The core writer and the Qt exporters are driven
// directly on the same disk.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli_test_util.h"
#include "densescope/atomic_file.h"
#include "densescope/engine.h"
#include "densescope/npy.h"
#include "densescope/teach.h"
#include "feature_export.h"
#include "file_output.h"
#include "fixtures.h"
#include "small_disk.h"

namespace {

QStringList tinyModel() {
    return fixtures::configFlags(fixtures::config("tiny"))
           << "--weights" << QString::fromStdString(fixtures::path("tiny.pth")) << "--threads"
           << "1";
}
QString input() { return QString::fromStdString(fixtures::path("input256.png")); }

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Files in `dir` other than `keep`: temporaries that were left behind.
QStringList leftovers(const QString& dir, const QStringList& keep) {
    QStringList out;
    for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (!keep.contains(name)) out << name;
    return out;
}

}  // namespace

class TestOutputFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope-cli"),
                 "DENSESCOPE_BIN_DIR must hold densescope-cli: run through ctest");
        QVERIFY2(QFile::exists(input()), "fixtures missing: run through ctest");
    }

    // The core writer: a full disk fails at the write, says so and where, and changes nothing.
    void atomicFileOnFullDisk() {
        SmallDisk disk;
        REQUIRE_DISK(disk);
        const QString good = disk.path("good.bin");
        ds::writeFileAtomically(good.toStdString(), std::string(100, 'g'));
        QVERIFY(disk.fill());
        try {
            ds::writeFileAtomically(good.toStdString(), std::string(10000, 'n'));
            QFAIL("a write onto a full disk succeeded");
        } catch (const ds::OutputError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("disk is full") && message.contains(disk.path("")),
                     qPrintable(message));
        }
        QCOMPARE(contents(good), QByteArray(100, 'g'));
        QCOMPARE(leftovers(disk.path(""), {"good.bin", "filler"}), QStringList());
    }

    // A new --out on a full disk: exit 1, the message says the disk is full, no file at all.
    void camOnFullDisk_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("npy") << "cam.npy";
        QTest::newRow("png") << "cam.png";
    }
    void camOnFullDisk() {
        QFETCH(QString, name);
        SmallDisk disk;
        REQUIRE_DISK(disk);
        QVERIFY(disk.fill());
        const auto r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer"
                                                       << "features.norm5"
                                                       << "--out" << disk.path(name) << input());
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + ": " + r.err));
        QVERIFY2(r.err.contains("disk is full"), qPrintable(r.err));
        QVERIFY2(!QFileInfo::exists(disk.path(name)), "a file was left at --out");
        QCOMPARE(leftovers(disk.path(""), {"filler"}), QStringList());
    }

    // An existing good file and no room for the new one: it stays byte for byte.
    void existingFileKeptOnFullDisk_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("layer");
        QTest::newRow("cam npy") << "cam"
                                 << "out.npy"
                                 << "features.denseblock1";
        QTest::newRow("cam png") << "cam"
                                 << "out.png"
                                 << "features.denseblock1";
        // A larger module than the good file's: the old writer truncated it, then ran out.
        QTest::newRow("features npy") << "features"
                                      << "out.npy"
                                      << "features.conv0";
    }
    void existingFileKeptOnFullDisk() {
        QFETCH(QString, command);
        QFETCH(QString, name);
        QFETCH(QString, layer);
        SmallDisk disk;
        REQUIRE_DISK(disk);
        const QString out = disk.path(name);
        // The good file: this command's own output for norm5.
        const auto first = clitest::run(QStringList{command} << tinyModel() << "--layer"
                                                             << "features.norm5"
                                                             << "--out" << out << input());
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QByteArray good = contents(out);
        QVERIFY(!good.isEmpty());
        QVERIFY(disk.fill());
        const auto r = clitest::run(QStringList{command} << tinyModel() << "--layer" << layer
                                                         << "--out" << out << input());
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + ": " + r.err));
        QVERIFY2(r.err.contains("disk is full"), qPrintable(r.err));
        QCOMPARE(contents(out), good);
        QCOMPARE(leftovers(disk.path(""), {name, "filler"}), QStringList());
    }

    // The Qt exporters (the app's CSV and picture exports) go through the same writer.
    void exportersOnFullDisk() {
        SmallDisk disk;
        REQUIRE_DISK(disk);
        ds::FeatureMap map;
        map.layer = "features.conv0";
        map.channels = 4;
        map.height = map.width = 64;
        map.data.assign(size_t(4 * 64 * 64), 0.25f);
        const QString csv = disk.path("map.csv"), png = disk.path("map.png");
        ds::ui::saveBytesFile("good csv\n", csv);
        QImage small(8, 8, QImage::Format_RGB32);
        small.fill(Qt::red);
        ds::ui::writeImage(small, png);
        const QByteArray goodPng = contents(png);
        QVERIFY(disk.fill());
        QVERIFY_THROWS_EXCEPTION(ds::OutputError, ds::ui::writeMapCsv(map, csv));
        QImage big(512, 512, QImage::Format_RGB32);
        for (int y = 0; y < 512; ++y)  // noise: it does not compress into the last free bytes
            for (int x = 0; x < 512; ++x)
                big.setPixel(x, y, qRgb((x * 7919 + y * 104729) % 251, y % 256, x % 256));
        QVERIFY_THROWS_EXCEPTION(ds::OutputError, ds::ui::writeImage(big, png));
        QCOMPARE(contents(csv), QByteArray("good csv\n"));
        QCOMPARE(contents(png), goodPng);
        QCOMPARE(leftovers(disk.path(""), {"map.csv", "map.png", "filler"}), QStringList());
    }

    // --out naming a pipe or a device: exit 1 before any work, and the target stays what it
    // was (the old writer renamed a regular file over it).
    void specialFileRefused_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("command");
        QTest::newRow("train-head onto a FIFO") << "fifo"
                                                << "train-head";
        QTest::newRow("train-head onto a device node") << "device"
                                                       << "train-head";
        QTest::newRow("train-head onto /dev/null") << "/dev/null"
                                                   << "train-head";
        QTest::newRow("cam onto a FIFO") << "fifo"
                                         << "cam";
        QTest::newRow("features onto a device node") << "device"
                                                     << "features";
    }
    void specialFileRefused() {
        QFETCH(QString, kind);
        QFETCH(QString, command);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString target = dir.filePath(command == "train-head" ? "head.safetensors" : "out.npy");
        unsigned expected = S_IFIFO;
        if (kind == "fifo") {
            QVERIFY(::mkfifo(target.toLocal8Bit().constData(), 0644) == 0);
        } else if (kind == "device") {
            // A node like /dev/null (char 1:3) in a folder of our own.
            if (::mknod(target.toLocal8Bit().constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
                QSKIP("cannot make a device node here (mknod needs root)");
            expected = S_IFCHR;
        } else {
            // Only once the rule is in place: the old writer replaced the node itself.
            target = kind;
            expected = S_IFCHR;
            QVERIFY_THROWS_EXCEPTION(ds::OutputError, ds::checkOutputTarget(target.toStdString()));
        }
        const QString data = dir.filePath("data");  // never read: refused before
        QDir().mkpath(data + "/a");
        QDir().mkpath(data + "/b");
        const QStringList args = command == "train-head"
                                     ? QStringList{"train-head"} << tinyModel() << "--data" << data
                                                                 << "--out" << target
                                     : QStringList{command} << tinyModel() << "--layer"
                                                            << "features.norm5"
                                                            << "--out" << target << input();
        const auto r = clitest::run(args);
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + ": " + r.err));
        QVERIFY2(r.err.contains("not a regular file"), qPrintable(r.err));
        struct stat st {};
        QVERIFY(::lstat(target.toLocal8Bit().constData(), &st) == 0);
        QCOMPARE(unsigned(st.st_mode & S_IFMT), expected);
        if (kind != "/dev/null")
            QCOMPARE(leftovers(dir.path(), {QFileInfo(target).fileName()}), QStringList());
    }

    // The head writer (core) refuses the same way, and replaces a regular file atomically.
    void headWriterRefusesSpecialFiles() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath("head.safetensors");
        QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0644) == 0);
        ds::LinearHead head;
        head.classNames = {"a", "b"};
        head.featureCount = 2;
        head.weight = {1, 0, 0, 1};
        head.bias = {0, 0};
        QVERIFY_THROWS_EXCEPTION(ds::OutputError, ds::saveHead(head, fifo.toStdString()));
        struct stat st {};
        QVERIFY(::lstat(fifo.toLocal8Bit().constData(), &st) == 0 && S_ISFIFO(st.st_mode));
        QCOMPARE(leftovers(dir.path(), {"head.safetensors"}), QStringList());
    }
};

QTEST_MAIN(TestOutputFiles)
#include "tst_output_files.moc"
