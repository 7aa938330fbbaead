#pragma once
// Downloads a weight file whose name carries torch.hub's hash (NAME-HEX.ext) into a folder
// (the torch hub cache by default), the way torch.hub does it, over Qt's asynchronous network
// access (never blocks the thread it lives in):
//  - the bytes go to NAME.ext.partial beside the target, hashed (SHA-256) while written, each
//    write checked as it happens (partial_file.h);
//  - at the end the bytes are synced to the disk and counted there, the hash must start with
//    HEX (and be the whole pinned SHA-256 of an official file, weights_catalog.h), then the file is renamed to its final name in one step; on a mismatch the partial
//    file is deleted. Nothing half-written ever has the final name (a full disk included);
//  - a partial file left by an interrupted or cancelled download is resumed with an HTTP Range
//    request (206: append; 200: the server ignored the range, start over; 416: check what is
//    there, else start over);
//  - one download of a file at a time, also across processes (NAME.partial.lock, taken over
//    only from a process that died); in a folder that cannot be written to, a verified file
//    already there is still reported as present;
//  - redirects are followed (never from https down to http), the system proxy is used
//    (http_proxy/https_proxy on Linux), and a transfer that receives nothing for timeoutMs, or
//    too little for too long (setMinimumRate), fails with a message that says what to do;
//  - a response never brings the file past its announced or pinned size (nor 2 GiB when
//    neither is known), and a 206 whose Content-Range does not fit is not used.
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QLockFile>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <mutex>

#include "partial_file.h"
#include "weights_catalog.h"

class QNetworkAccessManager;


namespace ds::net {

struct DownloadResult {
    QString path;           // the verified file under its final name
    QString sha256;         // its SHA-256 (hex)
    qint64 bytes = 0;       // its size
    qint64 resumedFrom = 0; // bytes already there from an earlier partial download
    bool alreadyPresent = false;  // it was there and verified: nothing downloaded
};

class WeightsDownloader : public QObject {
    Q_OBJECT
public:
    // The largest file of unknown size downloaded (no DenseNet weight file comes near it).
    static constexpr qint64 kMaxUnknownBytes = qint64(2) << 30;

    explicit WeightsDownloader(QObject* parent = nullptr);
    ~WeightsDownloader() override;

    // Starts downloading `url` into `folder` (created when missing; empty: the torch hub
    // cache). Returns false, with failed() emitted, when the URL's file name has no hash. A
    // file already there is checked, and a partial one hashed, on another thread first: every
    // signal comes later, from the event loop. The file must also match `pin` (empty: the
    // catalogue's pin for an official file name, pinFor()): a body that announces or reaches
    // another size is refused as soon as it does, a whole SHA-256 that differs at the end.
    // A compressed body (any Content-Encoding) is refused.
    bool start(const QUrl& url, const QString& folder = {}, const Pin& pin = {});
    // Stops; the partial file stays for a later resume. Emits cancelled().
    void cancel();
    bool isRunning() const { return m_preparing || m_reply != nullptr; }

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // A transfer that brings less than bytesPerSecond on average over windowMs fails (0: never).
    // Default 1 KB/s over 60 s, or DENSESCOPE_DOWNLOAD_MIN_RATE=BYTES_PER_SECOND[/SECONDS].
    void setMinimumRate(qint64 bytesPerSecond, int windowMs);
    QUrl url() const { return m_url; }
    QString targetPath() const { return m_target; }
    QString partialPath() const { return m_target + QStringLiteral(".partial"); }

signals:
    // received/total count the whole file (total -1 when unknown); bytesPerSecond over this
    // transfer; secondsLeft -1 when unknown. At most ten a second, and always at the end.
    void progress(qint64 received, qint64 total, double bytesPerSecond, double secondsLeft);
    void finished(const ds::net::DownloadResult& result);
    void failed(const QString& message);
    void cancelled(const QString& message);

private:
    struct Prepared {
        Verification target;  // of a file already under the final name
        std::unique_ptr<QCryptographicHash> hash =
            std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
        qint64 offset = 0;  // bytes of the partial file hashed
    };
    struct Alive {
        std::mutex mutex;
        bool yes = true;
    };
    void prepare();
    void onPrepared(Prepared& prepared);
    void writeFailed();
    void diskFailed(const QString& otherwise);
    void request();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void checkRate();
    bool restartPartial();
    void refuse(const QString& message, bool keepPartial);
    void fail(const QString& message, bool keepPartial);
    void complete();
    QString errorMessage(const QNetworkReply* reply, int status) const;
    QString byHand() const;
    QString diskFullMessage(qint64 onDisk) const;

    QNetworkAccessManager* m_nam = nullptr;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    QString m_folder, m_target, m_expected;
    Pin m_pin;  // what the whole file must be, where known
    PartialFile m_file;
    std::unique_ptr<QCryptographicHash> m_hash =
        std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    std::shared_ptr<Alive> m_alive = std::make_shared<Alive>();
    bool m_preparing = false;  // prepare() is at work
    bool m_readOnly = false;   // no lock could be made in the folder: only a check of the file
    std::unique_ptr<QLockFile> m_lock;  // NAME.partial.lock while this object downloads
    qint64 m_offset = 0;     // bytes in the partial file before this transfer
    qint64 m_received = 0;   // bytes written by this transfer
    qint64 m_total = -1;
    qint64 m_maxBytes = kMaxUnknownBytes;  // no file this download can be is larger
    qint64 m_limit = kMaxUnknownBytes;     // this response may bring the file to this size
    qint64 m_resumedFrom = 0;
    bool m_accepted = false;  // the response's status was checked and its body is the file's
    bool m_cancelling = false;
    bool m_retried = false;   // one fresh start after a refused range
    bool m_noRange = false;   // ask for the whole file: the server's range answer did not fit
    QTimer m_rateTimer;       // checkRate(), every m_rateWindowMs while a transfer runs
    qint64 m_rateMark = 0;    // m_received at the last check
    qint64 m_minRate = 1000;  // bytes a second, on average over a window
    int m_rateWindowMs = 60000;
    int m_timeoutMs = 30000;
    QElapsedTimer m_clock;
    qint64 m_lastProgressMs = -1;  // when progress() was last emitted (m_clock)
};

}  // namespace ds::net

Q_DECLARE_METATYPE(ds::net::DownloadResult)
