#pragma once
// The official ImageNet weight files (torchvision's) and torch.hub's integrity rule, without
// LibTorch: what `densescope-cli weights` and the app's Weights menu list, download and verify.
// The downloading itself is WeightsDownloader (weights_downloader.h).
#include <QString>
#include <QUrl>
#include <QVector>

namespace ds::net {

// One official file: the variant, its file name in the torch hub cache and its size as
// torchvision's documentation gives it (MiB).
struct OfficialWeights {
    QString variant;  // "densenet121"
    QString file;     // "densenet121-a639ec97.pth"
    double mib = 0;   // 30.8
    qint64 approxBytes() const { return qint64(mib * 1024 * 1024); }
};

// The four official files, in variant order (the one table of names and sizes).
const QVector<OfficialWeights>& officialWeights();
// The entry for `variant`, or nullptr (densenet264, custom layouts).
const OfficialWeights* officialFor(const QString& variant);

// https://download.pytorch.org/models/, or $DENSESCOPE_WEIGHTS_BASE_URL (a mirror, a test
// server), always ending in '/'.
QString weightsBaseUrl();
QUrl officialUrl(const OfficialWeights& w);
// The torch hub cache folder (ds::torchHubCheckpointDir()).
QString checkpointDir();

// "32 MB": decimal megabytes, as a download button says it.
QString megabytes(qint64 bytes);

// torch.hub's hash in a file name: the hex digits between the last '-' and the following '.'
// ("densenet121-a639ec97.pth" → "a639ec97"); empty when the name carries none.
QString hashPrefixOf(const QString& fileName);

// The result of checking a file against the hash in its name.
struct Verification {
    bool ok = false;
    QString expected;  // the prefix from the name (empty: the name has none)
    QString sha256;    // the file's whole SHA-256 in hex (empty when unreadable)
    QString error;     // why it is not ok, in plain words
};
// Reads the whole file (about a second per 100 MB).
Verification verifyFile(const QString& path);

}  // namespace ds::net
