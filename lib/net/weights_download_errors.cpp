// WeightsDownloader's failures in words that say what to do (HTTP statuses, network errors,
// and, where the network is the problem, how to put the file in place by hand).
#include <QDir>
#include <QNetworkReply>
#include <QStorageInfo>

#include "weights_catalog.h"
#include "weights_downloader.h"

namespace ds::net {

QString WeightsDownloader::byHand() const {
    return tr(" Without network access: download %1 on another computer and put it, under that "
              "name, in %2.")
        .arg(m_url.toString(), QDir::toNativeSeparators(m_folder));
}

// How much to free: what the file still needs beyond what the disk has left (the whole rest of
// the file when the disk's figures cannot be had).
QString WeightsDownloader::diskFullMessage(qint64 onDisk) const {
    const QString folder = QDir::toNativeSeparators(m_folder);
    if (m_total <= 0)
        return tr("The disk is full: free some space in %1, then try again: the download "
                  "resumes.")
            .arg(folder);
    const QStorageInfo disk(m_folder);
    const qint64 left = qMax<qint64>(0, m_total - onDisk);
    const qint64 free = disk.isValid() ? qMax<qint64>(0, disk.bytesAvailable()) : 0;
    const qint64 need = qMax<qint64>(left - free, 1);
    return tr("The disk is full: free %1 in %2 (the file needs %3 more), then try again: the "
              "download resumes.")
        .arg(megabytes(qMax<qint64>(need, 100000)), folder, megabytes(left));
}

QString WeightsDownloader::errorMessage(const QNetworkReply* reply, int status) const {
    const QString host = m_url.host();
    const QString url = m_url.toString();
    // A redirect Qt would not follow because it leaves HTTP(S) (file://, ftp://): say so, not
    // that the server cannot be reached. The address is shown as the server gave it.
    QUrl to = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (to.isEmpty()) to = QUrl::fromEncoded(reply->rawHeader("Location"));
    if (!to.isEmpty() && !to.isRelative() && to.scheme() != QLatin1String("http") &&
        to.scheme() != QLatin1String("https"))
        return tr("%1 redirected the download to %2, which is not an HTTP(S) address: refused. "
                  "Check the address (or the mirror in DENSESCOPE_WEIGHTS_BASE_URL).")
            .arg(reply->url().host().isEmpty() ? host : reply->url().host(), to.toString());
    if (status == 404 || status == 410)
        return tr("There is no file at %1 (HTTP %2). Check the address; a mirror set with "
                  "DENSESCOPE_WEIGHTS_BASE_URL must hold the official file names.")
            .arg(url)
            .arg(status);
    if (status >= 500)
        return tr("The server %1 failed (HTTP %2). Try again later: what was downloaded is "
                  "kept, and the download resumes.")
            .arg(host)
            .arg(status);
    if (status >= 400)
        return tr("The server %1 refused the download (HTTP %2: %3).")
            .arg(host)
            .arg(status)
            .arg(reply->errorString());
    switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:  // the transfer timeout aborts so
        case QNetworkReply::TimeoutError:
            return tr("No data arrived from %1 for %2 seconds. The network may be down or very "
                      "slow: try again; the download resumes where it stopped.")
                       .arg(host)
                       .arg(m_timeoutMs / 1000) +
                   byHand();
        case QNetworkReply::RemoteHostClosedError:
            return tr("The connection to %1 closed after %2. Try again: the download resumes "
                      "where it stopped.")
                .arg(host, megabytes(m_offset + m_received));
        case QNetworkReply::SslHandshakeFailedError:
            return tr("The secure connection to %1 failed (%2). Check the computer's date and "
                      "time, or a proxy that intercepts HTTPS.")
                       .arg(host, reply->errorString()) +
                   byHand();
        case QNetworkReply::InsecureRedirectError:
        case QNetworkReply::TooManyRedirectsError:
            return tr("%1 redirected the download somewhere it will not follow (%2). Check the "
                      "address.")
                .arg(host, reply->errorString());
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
        case QNetworkReply::ProxyAuthenticationRequiredError:
            return tr("The proxy failed (%1). Check the proxy settings (http_proxy, "
                      "https_proxy).")
                       .arg(reply->errorString()) +
                   byHand();
        default:
            return tr("%1 cannot be reached (%2). Check the network connection and the proxy "
                      "settings, then try again.")
                       .arg(host, reply->errorString()) +
                   byHand();
    }
}

}  // namespace ds::net
