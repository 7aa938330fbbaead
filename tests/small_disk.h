#pragma once
// A tmpfs of its own, mounted on a temporary folder and unmounted when it goes: a disk that
// really fills up (tst_download_files, tst_output_files). Mounting needs root (CAP_SYS_ADMIN);
// mounted() is false where it is refused, and why() says so for QSKIP.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

class SmallDisk {
public:
    explicit SmallDisk(qint64 bytes = 2 << 20) {
        if (!m_dir.isValid()) {
            m_why = QStringLiteral("no temporary folder");
            return;
        }
        const QByteArray options = "size=" + QByteArray::number(bytes);
        if (::mount("densescope-test", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0,
                    options.constData()) != 0) {
            m_why = QStringLiteral("cannot mount a small tmpfs (%1): these tests need root")
                        .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~SmallDisk() {
        if (m_mounted) ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return m_mounted; }
    const QString& why() const { return m_why; }
    QString path() const { return m_dir.path(); }                             // the folder
    QString path(const QString& name) const { return m_dir.filePath(name); }  // a file in it
    qint64 free() const {
        struct statvfs s {};
        return ::statvfs(QFile::encodeName(m_dir.path()).constData(), &s) == 0
                   ? qint64(s.f_bavail) * qint64(s.f_frsize)
                   : -1;
    }
    // Fills the disk until exactly `bytes` (a multiple of the page size) are left.
    bool leave(qint64 bytes) {
        QFile filler(path(QStringLiteral("filler")));
        const qint64 fill = free() - bytes;
        if (fill < 0 || !filler.open(QIODevice::WriteOnly)) return false;
        return filler.write(QByteArray(int(fill), '\0')) == fill && filler.flush() &&
               free() == bytes;
    }
    // Writes a filler file until the file system says ENOSPC; true when a new file then cannot
    // get a single byte.
    bool fill() {
        QFile f(path(QStringLiteral("filler")));
        if (!f.open(QIODevice::WriteOnly)) return false;
        const QByteArray chunk(4096, 'x');
        while (f.write(chunk) == chunk.size() && f.flush()) {
        }
        f.close();
        QFile probe(path(QStringLiteral("probe")));
        const bool full =
            probe.open(QIODevice::WriteOnly) && (probe.write("x", 1) != 1 || !probe.flush());
        probe.close();
        QFile::remove(path(QStringLiteral("probe")));
        return full;
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_why;
};

#define REQUIRE_DISK(disk)                                      \
    do {                                                        \
        if (!(disk).mounted()) QSKIP(qPrintable((disk).why())); \
    } while (false)
