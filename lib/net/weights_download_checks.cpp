// What a response must be before its bytes are used (status, encoding, Content-Range, size
// against the pin), and how slowly a transfer may go: WeightsDownloader's checks of what a
// server sends, apart from the downloading itself (weights_downloader.cpp).
#include <QNetworkReply>
#include <QRegularExpression>

#include "weights_catalog.h"
#include "weights_downloader.h"

namespace ds::net {

void WeightsDownloader::setMinimumRate(qint64 bytesPerSecond, int windowMs) {
    m_minRate = qMax<qint64>(0, bytesPerSecond);
    m_rateWindowMs = qMax(100, windowMs);
}

// Qt's transfer timeout stops a transfer that receives nothing; a server that trickles (a byte
// a second) would hold the download, the lock and the window for days. Each window of
// m_rateWindowMs must bring m_minRate bytes a second on average, or the download stops (the
// partial file kept, so a better moment resumes it).
void WeightsDownloader::checkRate() {
    if (!m_reply || m_cancelling) return m_rateTimer.stop();
    const qint64 got = m_received - m_rateMark;
    m_rateMark = m_received;
    if (m_minRate <= 0 || got * 1000 >= m_minRate * m_rateWindowMs) return;
    fail(tr("The download from %1 was slower than %2 for %3 s (%4 bytes arrived): the network "
            "or the server is too slow. Try again later: the download resumes where it stopped.")
                 .arg(m_url.host(), m_minRate >= 1000000
                                        ? megabytes(m_minRate) + QStringLiteral("/s")
                                        : QStringLiteral("%1 KB/s").arg(m_minRate / 1000.0))
                 .arg(m_rateWindowMs / 1000.0)
                 .arg(got) +
             byHand(),
         true);
}

void WeightsDownloader::onMetaData() {
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206) return;  // an error page: not the file's bytes
    // Asked for the bytes as stored (Accept-Encoding: identity): a compressed body's size and
    // hash cannot be checked as it arrives, and Qt does not decode what it did not ask for.
    const QByteArray encoding = m_reply->rawHeader("Content-Encoding").trimmed().toLower();
    if (!encoding.isEmpty() && encoding != "identity")
        return refuse(tr("%1 sent %2 encoded (Content-Encoding: %3), not as stored, though "
                         "DenseScope asked for the stored bytes: refused, nothing was saved. "
                         "Use another mirror, or the official address.")
                          .arg(m_url.host(), m_url.fileName(), QString::fromLatin1(encoding)),
                      true);
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (status == 206) {
        // Content-Range: bytes START-END/TOTAL. The part must start where ours ends, end before
        // the total, and be as long as the body announced; anything else (a part from
        // elsewhere, one that runs past the total and would be appended on every retry) is not
        // used. The partial file is left as it is, and the file asked for once more, whole: only
        // once that answer is acceptable does the partial file start over (below).
        static const QRegularExpression re(QStringLiteral("^bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)$"));
        const QString range = QString::fromLatin1(m_reply->rawHeader("Content-Range").trimmed());
        const auto m = re.match(range);
        const qint64 first = m.captured(1).toLongLong(), last = m.captured(2).toLongLong();
        qint64 total = m.captured(3) == QLatin1String("*") ? -1 : m.captured(3).toLongLong();
        if (total < 0 && m_pin.bytes > 0) total = m_pin.bytes;
        const bool fits = m.hasMatch() && m_offset > 0 && !m_noRange && first == m_offset &&
                          last >= first && last < m_maxBytes && (total < 0 || last < total) &&
                          (!length.isValid() || length.toLongLong() == last - first + 1);
        if (!fits) {
            if (!m_retried) {
                m_retried = m_noRange = true;
                m_reply->abort();  // onFinished() asks again, without a range
                return;
            }
            return refuse(tr("%1 answered with a part of %2 that does not fit (Content-Range: "
                             "%3; DenseScope asked for bytes %4 on): refused. What was "
                             "downloaded before is kept. Try again later, or use another "
                             "mirror.")
                              .arg(m_url.host(), m_url.fileName(), range.left(80))
                              .arg(m_offset),
                          true);
        }
        m_total = total;
        m_limit = last + 1;
    } else if (length.isValid()) {
        m_total = length.toLongLong();
    }
    if (m_total < 0 && m_pin.bytes > 0) m_total = m_pin.bytes;
    if (m_total > m_maxBytes || (m_pin.bytes > 0 && m_total != m_pin.bytes))
        return refuse(tr("%1 offers %2 bytes for %3, but the published file has %4: it is not "
                         "the published file, refused, nothing was saved. Check the address (or "
                         "the mirror in DENSESCOPE_WEIGHTS_BASE_URL).")
                          .arg(m_url.host())
                          .arg(m_total)
                          .arg(m_url.fileName())
                          .arg(m_pin.bytes > 0 ? m_pin.bytes : m_maxBytes),
                      true);
    if (status == 200) {
        // The whole file (a server that ignores ranges, or asked again without one): the partial
        // file starts over, only now that the response is known to be acceptable.
        if (m_offset > 0 && !restartPartial()) return writeFailed();
        m_limit = m_total >= 0 ? m_total : m_maxBytes;
    }
    m_resumedFrom = m_offset;  // what is kept from before: nothing when it started over
    m_accepted = true;
}

// A response that cannot be the file: stop it at once and say why (fail() stops the reply). A
// partial file from an earlier, good attempt stays unless this response's bytes went into it.
void WeightsDownloader::refuse(const QString& message, bool keepPartial) {
    fail(message, keepPartial);
}

}  // namespace ds::net
