#pragma once
// NAME.partial while a download writes it, with plain POSIX calls rather than QFile: QFile
// buffers, and the error of its last buffered write surfaces only in close(), which returns
// nothing, so a full disk once left a file short by its last buffer that was then renamed and
// reported verified. Here every write reaches the kernel at once and says how it failed, and
// sync() makes sure the bytes are on the disk before the file gets its final name.
//
// The cache folder may be shared (one TORCH_HOME for a lab) or hold anything: what is found
// under NAME.partial is used only when it is a regular file of its own (one link). A symbolic
// link is never followed (O_NOFOLLOW: a link planted there would have the download overwrite
// its target), a FIFO is never waited on (O_NONBLOCK, then fstat), and such a thing is replaced
// by a new file rather than written through.
#include <QString>
#include <QtGlobal>

class QCryptographicHash;

namespace ds::net {

class PartialFile {
public:
    PartialFile() = default;
    ~PartialFile() { close(); }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;

    // A new, empty file at `path`: whatever was there (a file, a link, a FIFO) is removed
    // first, never opened, and the new one is created exclusively. False: error() says why.
    bool create(const QString& path);
    // The regular file at `path`, for appending after its last byte. False: error() says why
    // (ELOOP for a link, EINVAL for a FIFO, device, folder or a file with other names).
    bool openForAppend(const QString& path);
    // Hashes the regular file at `path` into `hash` and returns its size; -1 (nothing hashed)
    // when there is none, it is not a regular file of its own, or it is larger than maxBytes
    // (then it cannot be the start of the file). Never blocks on a FIFO, never reads past the
    // size the file had when it was opened.
    static qint64 hashExisting(const QString& path, qint64 maxBytes, QCryptographicHash& hash);
    // Writes all of data or fails (a short write is retried until the disk refuses).
    bool write(const char* data, qint64 size);
    // fsync(2): the bytes are on the disk (the last chance for a full disk to be told).
    bool sync();
    // The size of the open file as the kernel sees it (fstat), -1 on error.
    qint64 size() const;
    void close();
    bool isOpen() const { return m_fd >= 0; }

    int error() const { return m_errno; }  // errno of the last failure
    bool diskFull() const;                 // ENOSPC or EDQUOT (a quota is a full disk too)
    QString errorString() const;

private:
    bool failed();  // records errno, returns false

    int m_fd = -1;
    int m_errno = 0;
};

}  // namespace ds::net
