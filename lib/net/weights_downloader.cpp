#include "weights_downloader.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <filesystem>
#include <system_error>
#include <thread>

#include "weights_catalog.h"

namespace ds::net {

WeightsDownloader::WeightsDownloader(QObject* parent) : QObject(parent) {
    static const int registered = qRegisterMetaType<ds::net::DownloadResult>();
    Q_UNUSED(registered);
    QNetworkProxyFactory::setUseSystemConfiguration(true);  // http_proxy, https_proxy, no_proxy
    m_nam = new QNetworkAccessManager(this);
    // DENSESCOPE_DOWNLOAD_MIN_RATE=BYTES_PER_SECOND[/SECONDS] (tests, very slow networks).
    const QStringList rate = qEnvironmentVariable("DENSESCOPE_DOWNLOAD_MIN_RATE").split(QLatin1Char('/'));
    if (const qint64 bytes = rate.value(0).toLongLong(); bytes > 0)
        setMinimumRate(bytes, rate.size() > 1 ? qMax(1, rate[1].toInt()) * 1000 : m_rateWindowMs);
    connect(&m_rateTimer, &QTimer::timeout, this, &WeightsDownloader::checkRate);
}

WeightsDownloader::~WeightsDownloader() {
    {
        std::lock_guard<std::mutex> lock(m_alive->mutex);
        m_alive->yes = false;
    }
    if (m_reply) {
        m_cancelling = true;
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

bool WeightsDownloader::start(const QUrl& url, const QString& folder, const Pin& pin) {
    if (isRunning()) return false;
    m_url = url;
    m_cancelling = m_retried = m_noRange = false;
    m_resumedFrom = 0;
    const QString name = url.fileName();
    m_expected = hashPrefixOf(name);
    m_pin = pin.isEmpty() ? pinFor(name) : pin;
    m_maxBytes = m_pin.bytes > 0 ? m_pin.bytes : kMaxUnknownBytes;
    m_folder = folder.isEmpty() ? checkpointDir() : folder;
    m_target = QDir(m_folder).filePath(name);
    if (!url.isValid() || url.scheme().isEmpty() || name.isEmpty()) {
        emit failed(tr("'%1' is not a download address: give a full URL such as "
                       "https://download.pytorch.org/models/densenet121-a639ec97.pth.")
                        .arg(url.toString()));
        return false;
    }
    if (m_expected.isEmpty()) {
        emit failed(tr("The file name %1 carries no hash (torch.hub names files NAME-HASH.pth, "
                       "e.g. densenet121-a639ec97.pth), so the download could not be verified: "
                       "use an address whose file name has one.")
                        .arg(name));
        return false;
    }
    if (!QDir().mkpath(m_folder)) {
        emit failed(tr("The folder %1 cannot be created: check its permissions, or set "
                       "TORCH_HOME to a folder you can write to.")
                        .arg(QDir::toNativeSeparators(m_folder)));
        return false;
    }
    // One download of a file at a time, across processes (the app and the CLI): both would
    // append to the same partial file. A lock left by a process that died is taken over; one
    // held by a live process never is, however old (a long download on a slow network: Qt's
    // default would take over a lock older than 30 s).
    m_lock = std::make_unique<QLockFile>(partialPath() + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0);
    m_readOnly = false;
    if (!m_lock->tryLock(0)) {
        const QLockFile::LockError why = m_lock->error();
        m_lock.reset();
        if (why == QLockFile::LockFailedError) {
            emit failed(tr("%1 is already being downloaded (by another DenseScope window or "
                           "densescope-cli, perhaps on another computer sharing this folder). "
                           "Wait for that download to finish; if none is running, delete %2.")
                            .arg(name, QDir::toNativeSeparators(partialPath() + QStringLiteral(".lock"))));
            return false;
        }
        // No lock can be made: the folder cannot be written to. A verified file already there
        // is still fine (onPrepared() says so); nothing can be downloaded into it.
        m_readOnly = true;
    }
    prepare();
    return true;
}

// Off the caller's thread (hashing takes about a second per 100 MB): is the target already
// there and verified, and what does a partial file hold? onPrepared() goes on, only while this
// object lives (m_alive, under its mutex; the destructor clears it).
void WeightsDownloader::prepare() {
    m_preparing = true;
    std::shared_ptr<Alive> alive = m_alive;
    std::thread([this, alive, target = m_target, partial = partialPath(), maxBytes = m_maxBytes,
                 readOnly = m_readOnly] {
        auto p = std::make_shared<Prepared>();
        if (QFileInfo::exists(target)) p->target = verifyFile(target);
        // A partial file that is not a regular file of its own (a link, a FIFO) or is larger
        // than the file can be is not resumed: create() replaces it.
        if (!p->target.ok && !readOnly) p->offset = qMax<qint64>(0, PartialFile::hashExisting(partial, maxBytes, *p->hash));
        std::lock_guard<std::mutex> lock(alive->mutex);
        if (alive->yes)
            QMetaObject::invokeMethod(this, [this, p] { onPrepared(*p); }, Qt::QueuedConnection);
    }).detach();
}

void WeightsDownloader::onPrepared(Prepared& p) {
    m_preparing = false;
    if (m_cancelling) {
        m_lock.reset();
        emit cancelled(tr("Download cancelled before it started."));
        return;
    }
    if (p.target.ok) {
        DownloadResult r;
        r.path = m_target;
        r.sha256 = p.target.sha256;
        r.bytes = QFileInfo(m_target).size();
        r.alreadyPresent = true;
        m_lock.reset();
        emit finished(r);
        return;
    }
    if (m_readOnly) {
        return fail(tr("The folder %1 cannot be written to, so %2 cannot be downloaded into it. "
                       "Make it writable, or set TORCH_HOME to a folder you can write to.")
                        .arg(QDir::toNativeSeparators(m_folder), m_url.fileName()),
                    true);
    }
    // A damaged file under the final name is downloaded again; the new one replaces it.
    m_file.close();
    if (p.offset > 0) {
        m_hash = std::move(p.hash);  // the part already there counts in the hash
        m_offset = p.offset;
        if (!m_file.openForAppend(partialPath()) || m_file.size() != m_offset) {
            m_file.close();
            if (!restartPartial()) return writeFailed();
        }
    } else if (!restartPartial()) {
        return writeFailed();
    }
    request();
}

void WeightsDownloader::writeFailed() {
    if (m_file.diskFull()) return fail(diskFullMessage(m_offset), true);
    fail(tr("%1 cannot be written: %2. Check the folder's permissions and free space.")
             .arg(QDir::toNativeSeparators(partialPath()), m_file.errorString()),
         true);
}

// Writing, syncing or counting the partial file failed while a reply may be running: stop the
// transfer (fail() does), keep what is on the disk for a resume (it is hashed again from the
// disk then), and say what to do: a full disk in so many words, anything else with the
// system's reason.
void WeightsDownloader::diskFailed(const QString& otherwise) {
    const qint64 onDisk = m_file.size();
    if (m_file.diskFull()) return fail(diskFullMessage(onDisk < 0 ? m_offset + m_received : onDisk), true);
    fail(otherwise, true);
}

void WeightsDownloader::cancel() {
    if (m_preparing) {
        m_cancelling = true;  // onPrepared() says so
        return;
    }
    if (!m_reply) return;
    m_cancelling = true;
    m_reply->abort();  // finished() follows, from the event loop
}

// An empty partial file and a fresh hash: the download starts at byte 0.
bool WeightsDownloader::restartPartial() {
    m_hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    m_offset = 0;
    return m_file.create(partialPath());
}

void WeightsDownloader::request() {
    // m_file is open at m_offset, and m_hash holds its bytes.
    m_received = 0;
    m_total = -1;
    m_limit = m_maxBytes;
    m_accepted = false;
    m_lastProgressMs = -1;
    m_rateMark = 0;
    m_rateTimer.start(m_rateWindowMs);
    QNetworkRequest req(m_url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::NoLessSafeRedirectPolicy);  // http→https yes, back no
    req.setMaximumRedirectsAllowed(10);
    req.setTransferTimeout(m_timeoutMs);
    req.setRawHeader("User-Agent", "DenseScope");
    req.setRawHeader("Accept-Encoding", "identity");  // bytes as stored: ranges and hashes hold
    if (m_offset > 0 && !m_noRange)
        req.setRawHeader("Range", "bytes=" + QByteArray::number(m_offset) + "-");
    m_clock.start();
    m_reply = m_nam->get(req);
    m_reply->setReadBufferSize(4 << 20);  // memory stays bounded however fast the network is
    connect(m_reply, &QNetworkReply::readyRead, this, &WeightsDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &WeightsDownloader::onFinished);
}

void WeightsDownloader::onReadyRead() {
    if (!m_reply) return;
    if (!m_accepted) {
        onMetaData();
        if (!m_accepted || !m_reply) return;
    }
    if (!m_reply->isOpen()) return;  // aborted (the transfer timeout): nothing left to read
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty()) return;
    // Never more than announced, nor than the file can be: an endless body stops as it passes.
    const qint64 limit = m_limit;
    if (m_offset + m_received + data.size() > limit)
        return refuse(tr("%1 sent more than the %2 that %3 has: refused, and what it sent was "
                         "deleted. Check the address (or the mirror in "
                         "DENSESCOPE_WEIGHTS_BASE_URL).")
                          .arg(m_url.host(), megabytes(limit), m_url.fileName()),
                      false);
    if (!m_file.write(data.constData(), data.size()))
        return diskFailed(tr("Writing %1 failed: %2. Check the folder %3 and try again: the "
                             "download resumes.")
                              .arg(QDir::toNativeSeparators(partialPath()), m_file.errorString(),
                                   QDir::toNativeSeparators(m_folder)));
    m_hash->addData(data);
    m_received += data.size();
    const qint64 now = m_clock.elapsed();
    if (m_lastProgressMs >= 0 && now - m_lastProgressMs < 100 && m_offset + m_received != m_total)
        return;  // at most ten updates a second (and always the last one)
    m_lastProgressMs = now;
    const double seconds = std::max(1e-3, m_clock.nsecsElapsed() / 1e9);
    const double rate = m_received / seconds;
    const qint64 done = m_offset + m_received;
    const double left = m_total > 0 && rate > 0 ? (m_total - done) / rate : -1;
    emit progress(done, m_total, rate, left);
}

void WeightsDownloader::onFinished() {
    QNetworkReply* reply = m_reply;
    if (!reply) return;
    if (m_accepted && !m_cancelling) {
        onReadyRead();  // the rest: good bytes even before an error
        if (!m_reply) return;  // writing them failed, and said so
    }
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const qint64 done = m_offset + m_received;
    if (m_cancelling) {
        m_file.close();
        m_lock.reset();
        emit cancelled(tr("Download cancelled after %1. The part downloaded is kept in %2: "
                          "downloading again resumes there.")
                           .arg(megabytes(done), QDir::toNativeSeparators(partialPath())));
        return;
    }
    if (m_retried && !m_accepted && reply->error() == QNetworkReply::OperationCanceledError) {
        request();  // after a range we did not ask for
        return;
    }
    if (status == 416) {
        // Nothing past our bytes: the partial file may already be the whole file (complete()
        // syncs and counts it, so it stays open).
        if (m_offset > 0 && m_hash->result().toHex().startsWith(m_expected.toLatin1())) {
            m_received = 0;
            m_resumedFrom = m_offset;
            complete();
            return;
        }
        m_file.close();
        if (!m_retried) {
            m_retried = true;
            if (!restartPartial()) return writeFailed();
            request();
            return;
        }
    }
    if (reply->error() != QNetworkReply::NoError || (status != 200 && status != 206)) {
        m_file.close();
        fail(errorMessage(reply, status), true);
        return;
    }
    if (m_total >= 0 && done != m_total) {
        m_file.close();
        fail(tr("The connection to %1 ended after %2 of %3. Try again: the download resumes "
                "where it stopped.")
                 .arg(m_url.host(), megabytes(done), megabytes(m_total)),
             true);
        return;
    }
    complete();
}

void WeightsDownloader::complete() {
    // The bytes must be on the disk, all of them, before the file may get its final name: a
    // full disk (or a network file system) may refuse the last of them only now.
    if (!m_file.sync())
        return diskFailed(tr("Saving %1 to the disk failed: %2. Check the folder %3 and try "
                             "again: the download resumes.")
                              .arg(QDir::toNativeSeparators(partialPath()), m_file.errorString(),
                                   QDir::toNativeSeparators(m_folder)));
    const qint64 onDisk = m_file.size();
    if (onDisk != m_offset + m_received) {
        return fail(tr("%1 holds %2 bytes on the disk where %3 were written. Check the disk and "
                       "try again.")
                        .arg(QDir::toNativeSeparators(partialPath()))
                        .arg(onDisk)
                        .arg(m_offset + m_received),
                    false);
    }
    m_file.close();
    const QString actual = QString::fromLatin1(m_hash->result().toHex());
    if (actual.startsWith(m_expected) && !m_pin.sha256.isEmpty() && actual != m_pin.sha256) {
        QFile::remove(partialPath());
        return fail(fullHashMismatch(m_url.fileName(), actual, m_pin.sha256) +
                        tr(" It was deleted; nothing was saved."),
                    false);
    }
    if (!actual.startsWith(m_expected)) {
        QFile::remove(partialPath());
        fail(tr("The downloaded file is not the published one: its SHA-256 starts with %1, but "
                "its name says %2. It was deleted; nothing was saved. Check the address (or the "
                "mirror in DENSESCOPE_WEIGHTS_BASE_URL) and try again.")
                 .arg(actual.left(m_expected.size()), m_expected),
             false);
        return;
    }
    std::error_code ec;  // rename(2): the final name appears whole, in one step
    std::filesystem::rename(partialPath().toStdString(), m_target.toStdString(), ec);
    if (ec) {
        fail(tr("%1 could not be renamed to %2: %3.")
                 .arg(partialPath(), m_target, QString::fromStdString(ec.message())),
             true);
        return;
    }
    DownloadResult r;
    r.path = m_target;
    r.sha256 = actual;
    r.bytes = QFileInfo(m_target).size();
    r.resumedFrom = m_resumedFrom;
    m_lock.reset();
    emit finished(r);
}

void WeightsDownloader::fail(const QString& message, bool keepPartial) {
    if (m_reply) {  // a transfer still running: stopped, its bytes no longer wanted
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_file.close();
    if (!keepPartial || QFileInfo(partialPath()).size() == 0) QFile::remove(partialPath());
    m_lock.reset();
    emit failed(message);
}

}  // namespace ds::net
