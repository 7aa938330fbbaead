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
    // Sizes as torchvision's model documentation lists them (MiB), and the pins. The exact byte
    // counts are the Content-Length download.pytorch.org sends (seen in torchvision's download
    // logs; timm's model index lists the same). densenet121's whole SHA-256 is the one two
    // unrelated published manifests of the official file agree on (and it starts with the
    // name's a639ec97). The other three full hashes are not pinned yet: they are checked by
    // size and torch.hub's prefix until someone with the files fills them in (sha256sum).
    struct Row {
        const char* variant;
        double mib;
        qint64 bytes;
        const char* sha256;
    };
    static const QVector<OfficialWeights> table = [] {
        QVector<OfficialWeights> t;
        for (const Row& r : {
                 Row{"densenet121", 30.8, 32342954,
                     "a639ec97d7c33b07ae66f0b5fb7d0192f95a3b11b7576c66c0126c2a727c4395"},
                 Row{"densenet161", 110.4, 115730790, ""},
                 Row{"densenet169", 54.7, 57365526, ""},
                 Row{"densenet201", 77.4, 81131730, ""}})
            t.push_back({QString::fromLatin1(r.variant),
                         QString::fromStdString(ds::imagenetFileName(r.variant)), r.mib,
                         Pin{QString::fromLatin1(r.sha256), r.bytes}});
        return t;
    }();
    return table;
}

const OfficialWeights* officialFor(const QString& variant) {
    for (const auto& w : officialWeights())
        if (w.variant == variant) return &w;
    return nullptr;
}

Pin pinFor(const QString& fileName) {
    const QString name = QFileInfo(fileName).fileName();
    for (const auto& w : officialWeights())
        if (w.file == name) return w.pin;
    return {};
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

Verification verifyFile(const QString& path) { return verifyFile(path, pinFor(path)); }

Verification verifyFile(const QString& path, const Pin& pin) {
    Verification v;
    v.expected = hashPrefixOf(path);
    const QString name = QFileInfo(path).fileName();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    try {
        // Weight loading's rule, with its words: a regular file only (a FIFO or a link to
        // /dev/zero is refused at once instead of read forever), read no further than its size.
        ds::BinaryFile file(QFile::encodeName(path).toStdString());
        if (pin.bytes > 0 && qint64(file.size()) != pin.bytes) {
            v.error = QCoreApplication::translate(
                          "ds::net",
                          "%1 is damaged or not the published file: it has %2 bytes, the "
                          "published file has %3. Delete it and download it again.")
                          .arg(name)
                          .arg(qint64(file.size()))
                          .arg(pin.bytes);
            return v;
        }
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
                      .arg(name);
        return v;
    }
    v.ok = v.sha256.startsWith(v.expected);
    if (!v.ok) {
        v.error = QCoreApplication::translate(
                      "ds::net",
                      "%1 is damaged or not the published file: its SHA-256 starts with %2, its "
                      "name says %3. Delete it and download it again.")
                      .arg(name, v.sha256.left(v.expected.size()), v.expected);
        return v;
    }
    if (!pin.sha256.isEmpty() && v.sha256 != pin.sha256) {
        v.ok = false;
        v.error = fullHashMismatch(name, v.sha256, pin.sha256);
    }
    return v;
}

QString fullHashMismatch(const QString& name, const QString& actual, const QString& pinned) {
    return QCoreApplication::translate(
               "ds::net",
               "%1 is not the published file: its SHA-256 is %2, the published file's is %3. "
               "Only the start matches, as a file forged to pass torch.hub's check would. "
               "Delete it, and download it from the official address.")
        .arg(name, actual, pinned);
}

}  // namespace ds::net
