#include "partial_file.h"

#include <QCryptographicHash>
#include <QFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ds::net {

bool PartialFile::failed() {
    m_errno = errno;
    return false;
}

namespace {

// Opens `path` without following a link and without waiting on a FIFO, and keeps it only when
// it is a regular file with no other name (a hard link planted there shares its bytes with
// another file). Returns the descriptor, or -1 with errno set.
int openOwnRegular(const QByteArray& path, int flags, struct stat* st) {
    const int fd = ::open(path.constData(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -1;
    if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_nlink != 1) {
        ::close(fd);
        errno = EINVAL;
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

}  // namespace

bool PartialFile::create(const QString& path) {
    close();
    const QByteArray p = QFile::encodeName(path);
    if (::unlink(p.constData()) != 0 && errno != ENOENT) return failed();  // a link: itself
    m_fd = ::open(p.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    return m_fd >= 0 || failed();
}

bool PartialFile::openForAppend(const QString& path) {
    close();
    struct stat st {};
    m_fd = openOwnRegular(QFile::encodeName(path), O_WRONLY | O_APPEND, &st);
    return m_fd >= 0 || failed();
}

qint64 PartialFile::hashExisting(const QString& path, qint64 maxBytes, QCryptographicHash& hash) {
    struct stat st {};
    const int fd = openOwnRegular(QFile::encodeName(path), O_RDONLY, &st);
    if (fd < 0) return -1;
    const qint64 size = qint64(st.st_size);
    qint64 done = 0;
    if (size <= maxBytes) {
        QByteArray chunk(1 << 20, Qt::Uninitialized);
        while (done < size) {
            const ssize_t n =
                ::read(fd, chunk.data(), size_t(qMin<qint64>(chunk.size(), size - done)));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;  // shortened meanwhile, or unreadable
            hash.addData(QByteArrayView(chunk.constData(), n));
            done += n;
        }
    }
    ::close(fd);
    if (size > maxBytes || done != size) {
        hash.reset();
        return -1;
    }
    return done;
}

bool PartialFile::write(const char* data, qint64 size) {
    if (m_fd < 0) {
        m_errno = EBADF;
        return false;
    }
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR) continue;
            return failed();
        }
        if (n == 0) {  // a write that makes no progress: treat as a full disk, not a loop
            m_errno = ENOSPC;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

bool PartialFile::sync() {
    if (m_fd < 0) {
        m_errno = EBADF;
        return false;
    }
    return ::fsync(m_fd) == 0 || failed();
}

qint64 PartialFile::size() const {
    struct stat st {};
    if (m_fd < 0 || ::fstat(m_fd, &st) != 0) return -1;
    return qint64(st.st_size);
}

void PartialFile::close() {
    if (m_fd >= 0) ::close(m_fd);  // after sync() nothing is left to fail here
    m_fd = -1;
}

bool PartialFile::diskFull() const { return m_errno == ENOSPC || m_errno == EDQUOT; }

QString PartialFile::errorString() const { return QString::fromLocal8Bit(std::strerror(m_errno)); }

}  // namespace ds::net
