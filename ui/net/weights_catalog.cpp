#include "weights_catalog.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <exception>
#include <vector>

#include "binary_file.h"
#include "densescope/imagenet_weights.h"

namespace ds::net {

const QVector<OfficialWeights>& officialWeights() {
    // Sizes as torchvision's model documentation lists them (MiB).
    static const QVector<OfficialWeights> table = [] {
        QVector<OfficialWeights> t;
        for (const auto& [variant, mib] : {std::pair<const char*, double>{"densenet121", 30.8},
                                           {"densenet161", 110.4},
                                           {"densenet169", 54.7},
                                           {"densenet201", 77.4}})
            t.push_back({QString::fromLatin1(variant),
                         QString::fromStdString(ds::imagenetFileName(variant)), mib});
        return t;
    }();
    return table;
}

const OfficialWeights* officialFor(const QString& variant) {
    for (const auto& w : officialWeights())
        if (w.variant == variant) return &w;
    return nullptr;
}

QString weightsBaseUrl() {
    QString base = qEnvironmentVariable("DENSESCOPE_WEIGHTS_BASE_URL").trimmed();
    if (base.isEmpty()) base = QStringLiteral("https://download.pytorch.org/models/");
    if (!base.endsWith(QLatin1Char('/'))) base += QLatin1Char('/');
    return base;
}

QUrl officialUrl(const OfficialWeights& w) { return QUrl(weightsBaseUrl() + w.file); }

QString checkpointDir() { return QString::fromStdString(ds::torchHubCheckpointDir()); }

QString megabytes(qint64 bytes) {
    const double mb = double(bytes) / 1e6;
    if (mb >= 10) return QStringLiteral("%1 MB").arg(qRound64(mb));
    return QStringLiteral("%1 MB").arg(mb, 0, 'f', 1);
}

QString hashPrefixOf(const QString& fileName) {
    // torch.hub: HASH_REGEX = re.compile(r'-([a-f0-9]*)\.'), searched in the file name.
    static const QRegularExpression re(QStringLiteral("-([a-f0-9]*)\\."));
    const QRegularExpressionMatch m = re.match(QFileInfo(fileName).fileName());
    return m.hasMatch() ? m.captured(1) : QString();
}

Verification verifyFile(const QString& path) {
    Verification v;
    v.expected = hashPrefixOf(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    try {
        // Weight loading's rule, with its words: a regular file only (a FIFO or a link to
        // /dev/zero is refused at once instead of read forever), read no further than its size.
        ds::BinaryFile file(QFile::encodeName(path).toStdString());
        std::vector<char> chunk(1 << 20);
        while (file.remaining() > 0) {
            const uint64_t n = std::min<uint64_t>(chunk.size(), file.remaining());
            file.readFor(chunk.data(), n, "its bytes");
            hash.addData(QByteArrayView(chunk.data(), qsizetype(n)));
        }
    } catch (const std::exception& e) {
        v.error = QString::fromStdString(e.what());
        return v;
    }
    v.sha256 = QString::fromLatin1(hash.result().toHex());
    if (v.expected.isEmpty()) {
        v.error = QCoreApplication::translate(
                      "ds::net",
                      "%1 carries no hash in its name (torch.hub names files NAME-HASH.pth), so "
                      "it cannot be verified.")
                      .arg(QFileInfo(path).fileName());
        return v;
    }
    v.ok = v.sha256.startsWith(v.expected);
    if (!v.ok)
        v.error = QCoreApplication::translate(
                      "ds::net",
                      "%1 is damaged or not the published file: its SHA-256 starts with %2, its "
                      "name says %3. Delete it and download it again.")
                      .arg(QFileInfo(path).fileName(), v.sha256.left(v.expected.size()),
                           v.expected);
    return v;
}

}  // namespace ds::net
