#pragma once
// The official ImageNet weight files (torchvision's) and torch.hub's integrity rule, without
// LibTorch: what `densescope-cli weights` and the app's Weights menu list, download and verify.
// The downloading itself is WeightsDownloader (weights_downloader.h).
#include <QString>
#include <QUrl>
#include <QVector>

namespace ds::net {

// What a file must be beyond torch.hub's 8-hex-digit prefix: its exact size and whole SHA-256.
// The prefix alone is 32 bits, which a hostile mirror (DENSESCOPE_WEIGHTS_BASE_URL accepts
// http://) can match by brute force; the whole hash cannot be. Either part may be unknown.
struct Pin {
    QString sha256;   // 64 lower-case hex digits; empty: unknown (the prefix rule only)
    qint64 bytes = 0; // 0: unknown
    bool isEmpty() const { return sha256.isEmpty() && bytes <= 0; }
};

// One official file: the variant, its file name in the torch hub cache, its size as
// torchvision's documentation gives it (MiB) and what it is pinned to.
struct OfficialWeights {
    QString variant;  // "densenet121"
    QString file;     // "densenet121-a639ec97.pth"
    double mib = 0;   // 30.8
    Pin pin;          // exact size and whole SHA-256, where known
    qint64 approxBytes() const { return pin.bytes > 0 ? pin.bytes : qint64(mib * 1024 * 1024); }
};

// The four official files, in variant order (the one table of names and sizes).
const QVector<OfficialWeights>& officialWeights();
// The entry for `variant`, or nullptr (densenet264, custom layouts).
const OfficialWeights* officialFor(const QString& variant);
// The pin of the official file named `fileName` (a path's last part counts), else an empty one:
// a file under an official name must be the official file, wherever it came from.
Pin pinFor(const QString& fileName);

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

// The result of checking a file against the hash in its name (and its pin, where known).
struct Verification {
    bool ok = false;
    QString expected;  // the prefix from the name (empty: the name has none)
    QString sha256;    // the file's whole SHA-256 in hex (empty when unreadable or not hashed)
    QString error;     // why it is not ok, in plain words
};
// Reads the whole file (about a second per 100 MB). Only a regular file is read (the rule of
// weight loading, core's BinaryFile): a FIFO, a device or a link to one is refused at once,
// never waited on; a file whose size differs from the pin is refused before it is read. The
// pin is pinFor(path)'s unless one is given.
Verification verifyFile(const QString& path);
Verification verifyFile(const QString& path, const Pin& pin);
// "NAME is not the published file: its SHA-256 is ..., the published file's is ...".
QString fullHashMismatch(const QString& name, const QString& actual, const QString& pinned);

}  // namespace ds::net
