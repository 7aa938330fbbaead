// The portable bundle's own code (app/portable.cpp): the menu entry that
// --install-desktop-entry writes into the user's XDG folders and --uninstall-desktop-entry
// removes, on a bundle folder laid out as packaging/portable/make-bundle.sh lays it out. (The
// bundle itself is made and run in a minimal Debian chroot by packaging/portable/check-bundle.sh,
// which ./dev test runs.)
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <stdexcept>

#include "portable.h"

namespace {
void writeFile(const QString& path, const QByteArray& data, bool executable = false) {
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
    f.close();
    if (executable) f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
}
QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
const char* const kId = "io.github.densescope.DenseScope.desktop";
}  // namespace

class TestPortable : public QObject {
    Q_OBJECT
private slots:
    void init();
    void installsEntryAndIcons();
    void uninstallRemovesOnlyItsOwn();
    void notABundle();
    void unwritableDataHome();
    void environmentOutsideABundle();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root, m_data;
};

void TestPortable::init() {
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    // A space, quotes and a percent sign: Exec must quote them as the desktop entry spec says.
    m_root = m_tmp->filePath(QStringLiteral("Lab apps/densescope \"0.1\" 100%"));
    m_data = m_tmp->filePath(QStringLiteral("home/.local/share"));
    writeFile(m_root + "/densescope", "#!/bin/sh\n", true);
    writeFile(m_root + "/lib/.densescope-portable", "");
    writeFile(m_root + "/share/applications/" + kId,
              readFile(qEnvironmentVariable("DENSESCOPE_SOURCE_DIR") + "/packaging/linux/" + kId));
    QVERIFY(readFile(m_root + "/share/applications/" + kId).contains("Exec=densescope %f"));
    writeFile(m_root + "/share/icons/hicolor/48x48/apps/densescope.png", "png48");
    writeFile(m_root + "/share/icons/hicolor/scalable/apps/densescope.svg", "<svg/>");
}

void TestPortable::installsEntryAndIcons() {
    const QString said = ds::portable::installDesktopEntry(m_root, m_data);
    const QString entry = m_data + "/applications/" + kId;
    QVERIFY2(said.contains(entry), qPrintable(said));
    const QString text = QString::fromUtf8(readFile(entry));
    const QString exe = m_root + "/densescope";
    QVERIFY2(text.contains(QStringLiteral("\nExec=env OMP_WAIT_POLICY=PASSIVE \"") + QString(exe).replace("\"", "\\\"").replace("%", "%%") +
                           QStringLiteral("\" %f\n")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\nTryExec=") + exe + "\n"), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\nX-DenseScope-Bundle=") + m_root + "\n"));
    QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]\n")));
    // Everything else is the packaged entry's: name, icon, MIME types (videos too), Japanese.
    QVERIFY(text.contains(QStringLiteral("\nIcon=densescope\n")));
    QVERIFY(text.contains(QStringLiteral("video/mp4;")));
    QVERIFY(text.contains(QStringLiteral("Comment[ja]=")));
    QCOMPARE(readFile(m_data + "/icons/hicolor/48x48/apps/densescope.png"), QByteArray("png48"));
    QCOMPARE(readFile(m_data + "/icons/hicolor/scalable/apps/densescope.svg"), QByteArray("<svg/>"));
    // A symbolic link at the entry's name is replaced, never written through to its target.
    writeFile(m_tmp->filePath("victim.txt"), "keep me");
    QFile::remove(entry);
    QVERIFY(QFile::link(m_tmp->filePath("victim.txt"), entry));
    ds::portable::installDesktopEntry(m_root, m_data);
    QCOMPARE(readFile(m_tmp->filePath("victim.txt")), QByteArray("keep me"));
    QVERIFY(!QFileInfo(entry).isSymLink());
    QVERIFY(readFile(entry).contains("X-DenseScope-Bundle="));
    // Again (after moving the bundle): replaced, not duplicated.
    ds::portable::installDesktopEntry(m_root, m_data);
    QCOMPARE(QString::fromUtf8(readFile(entry)).count(QStringLiteral("X-DenseScope-Bundle=")), 1);
}

void TestPortable::uninstallRemovesOnlyItsOwn() {
    const QString entry = m_data + "/applications/" + kId;
    QVERIFY(ds::portable::uninstallDesktopEntry(m_data).startsWith(QStringLiteral("Nothing to remove")));
    ds::portable::installDesktopEntry(m_root, m_data);
    writeFile(m_data + "/icons/hicolor/48x48/apps/other.png", "theirs");
    const QString said = ds::portable::uninstallDesktopEntry(m_data);
    QVERIFY2(said.contains(entry) && said.contains(QStringLiteral("48x48/apps/densescope.png")),
             qPrintable(said));
    QVERIFY(!QFile::exists(entry));
    QVERIFY(!QFile::exists(m_data + "/icons/hicolor/48x48/apps/densescope.png"));
    QVERIFY(!QFile::exists(m_data + "/icons/hicolor/scalable/apps/densescope.svg"));
    QCOMPARE(readFile(m_data + "/icons/hicolor/48x48/apps/other.png"), QByteArray("theirs"));
    // An entry the user wrote (or another package's copy) is left alone, with a reason.
    writeFile(entry, "[Desktop Entry]\nExec=densescope %f\n");
    try {
        ds::portable::uninstallDesktopEntry(m_data);
        QFAIL("a foreign entry was not refused");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not made by --install-desktop-entry")), e.what());
    }
    QVERIFY(QFile::exists(entry));
}

void TestPortable::notABundle() {
    QFile::remove(m_root + "/share/applications/" + kId);
    for (const QString& root : {m_root, QString()}) {
        try {
            ds::portable::installDesktopEntry(root, m_data);
            QFAIL("installed from a folder that is not a bundle");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("portable bundle")), e.what());
        }
    }
    QVERIFY(!QFileInfo::exists(m_data + "/applications"));
}

void TestPortable::unwritableDataHome() {
    // A file where the applications folder should be: no folder can be made there, even by
    // root. The error names the folder; nothing else is written.
    writeFile(m_data + "/applications", "a file, not a folder");
    try {
        ds::portable::installDesktopEntry(m_root, m_data);
        QFAIL("installed into a folder that cannot exist");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(m_data + "/applications"), e.what());
    }
    QVERIFY(!QFileInfo::exists(m_data + "/icons"));
}

void TestPortable::environmentOutsideABundle() {
    // This test program is not in a bundle: nothing about the environment changes.
    QVERIFY(ds::portable::bundleRoot().isEmpty());
    qunsetenv("FONTCONFIG_FILE");
    qputenv("QT_PLUGIN_PATH", "/kept");
    ds::portable::prepareEnvironment();
    QVERIFY(qEnvironmentVariableIsEmpty("FONTCONFIG_FILE"));
    QCOMPARE(qgetenv("QT_PLUGIN_PATH"), QByteArray("/kept"));
}

QTEST_GUILESS_MAIN(TestPortable)
#include "tst_portable.moc"
