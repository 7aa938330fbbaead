#include "video_file_check.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include "video_decoder.h"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
}

namespace ds {

namespace video_detail {

// The demuxers DenseScope lets FFmpeg use: each reads one self-contained file (the audio ones
// are here so that a sound file is named as such). Everything else is refused before it reads
// anything: playlists and lists of files (hls, dash, concat/ffconcat, ...) make FFmpeg open other
// files or addresses, loop on themselves or wait forever for a live playlist's next entry; image
// sequences (image2) read the files next to the one chosen.
const char kAllowedDemuxers[] =
    "mov,matroska,avi,mpeg,mpegts,flv,ogg,asf,ivf,h264,hevc,m4v,mpegvideo,obu,av1,nut,"
    "yuv4mpegpipe,mp3,wav,flac,aac";

namespace {

// Demuxers that name other files or addresses, for the message.
constexpr char kPlaylistDemuxers[] = "hls,dash,concat,webm_dash_manifest,imf,sdp,rtsp,tee";
bool inList(const char* name, const char* list) { return av_match_list(name, list, ',') > 0; }

[[noreturn]] void failPlaylist(const QString& path, const QString& what) {
    fail(path, QCoreApplication::translate("ds::VideoDecoder",
                                           "it is a playlist or a list of other files (%1), not "
                                           "a video. DenseScope plays only self-contained video "
                                           "files, so that a file cannot make it read other "
                                           "files or addresses: open one of the videos it lists "
                                           "instead.")
                   .arg(what));
}

}  // namespace

// FFmpeg refuses some picture sizes (av_image_check_size: zero, or too large for its buffers)
// with an unrelated error code ("Device or resource busy" from the y4m demuxer); its log line
// names the size: say that.
void failIfBadPictureSize(const QString& path) {
    static const QRegularExpression badSize(
        QStringLiteral("Picture size (\\d+)x(\\d+) is invalid"));
    const QRegularExpressionMatch m = badSize.match(t_lastAvMessage);
    if (!m.hasMatch()) return;
    fail(path, QCoreApplication::translate("ds::VideoDecoder",
                                           "its pictures are %1 x %2 pixels, a size FFmpeg "
                                           "cannot decode. The file is damaged, or is not a "
                                           "real video.")
                   .arg(m.captured(1), m.captured(2)));
}

// Throws unless `demuxer` is one DenseScope lets FFmpeg run (kAllowedDemuxers).
void refuseUnlessAllowed(const QString& path, const AVInputFormat* demuxer) {
    const QString demuxerName = QString::fromUtf8(demuxer->name);
    const QString demuxerText =
        QStringLiteral("%1, \"%2\"")
            .arg(demuxerName,
                 QString::fromUtf8(demuxer->long_name ? demuxer->long_name : demuxer->name));
    if (demuxerName == QLatin1String("image2") || demuxerName.endsWith(QLatin1String("_pipe")))
        fail(path, QCoreApplication::translate("ds::VideoDecoder",
                                               "it is a still image, not a video. Open it with "
                                               "File → Open image, or classify it without "
                                               "--video."));
    if (inList(demuxer->name, kPlaylistDemuxers)) failPlaylist(path, demuxerText);
    if (!inList(demuxer->name, kAllowedDemuxers))
        fail(path, QCoreApplication::translate("ds::VideoDecoder",
                                               "its format (%1) is not one DenseScope plays. "
                                               "Convert it to MP4, WebM, MKV or AVI.")
                       .arg(demuxerText));
}

void refuseUnlessPlayableSize(const QString& path, int width, int height) {
    if (width <= 0 || height <= 0)
        fail(path, QCoreApplication::translate(
                       "ds::VideoDecoder",
                       "its video stream gives no frame size (%1 x %2): its header may be damaged, "
                       "or its first picture lies further into the file than DenseScope looks. "
                       "Convert the video to MP4 or WebM.")
                       .arg(width)
                       .arg(height));
    if (qint64(width) * qint64(height) > kMaxVideoPixels)
        fail(path, QCoreApplication::translate(
                       "ds::VideoDecoder",
                       "its frames are %1 x %2 pixels; DenseScope plays videos up to %3 "
                       "megapixels. Scale the video down first.")
                       .arg(width)
                       .arg(height)
                       .arg(kMaxVideoPixels / 1'000'000));
}

}  // namespace video_detail

using namespace video_detail;

QFileInfo VideoDecoder::checkFile(const QString& path) {
    const QFileInfo file(path);
    if (!file.exists()) fail(path, tr("the file does not exist. Check the path."));
    if (file.isDir()) fail(path, tr("it is a folder. Choose a video file in it."));
    if (!file.isFile())
        fail(path, tr("it is not a regular file (a pipe or a device). Save the video to a file "
                      "first."));
    if (!file.isReadable()) fail(path, tr("permission denied. Check the file's permissions."));
    if (file.size() == 0) fail(path, tr("the file is empty."));
    return file;
}

void VideoDecoder::check(const QString& path) {
    installLogCallback();
    const QFileInfo file = checkFile(path);
    QFile in(file.absoluteFilePath());
    if (!in.open(QIODevice::ReadOnly))
        fail(path, tr("it cannot be opened (%1).").arg(in.errorString()));
    QByteArray head(kCheckBytes + AVPROBE_PADDING_SIZE, '\0');  // FFmpeg's probes read past
    const qint64 got = in.read(head.data(), kCheckBytes);
    if (got < 0) fail(path, tr("it cannot be read (%1).").arg(in.errorString()));
    // Playlists by their first line, whatever FFmpeg's probes make of them (newer FFmpeg does
    // not take an HLS playlist named .mp4 for one; older ones do, and follow it).
    if (head.startsWith("#EXTM3U")) failPlaylist(path, QStringLiteral("M3U/HLS"));
    if (head.startsWith("ffconcat")) failPlaylist(path, QStringLiteral("ffconcat"));
    const QByteArray native = QFile::encodeName(file.absoluteFilePath());
    AVProbeData probe{};
    probe.filename = native.constData();
    probe.buf = reinterpret_cast<unsigned char*>(head.data());
    probe.buf_size = int(got);
    int score = 0;
    const AVInputFormat* demuxer = av_probe_input_format3(&probe, /*is_opened=*/1, &score);
    // Only what is certain from the first bytes: a format that is refused anyway, or nothing
    // FFmpeg would take in a file read to its end (in a file shorter than its probe size it
    // wants a score above AVPROBE_SCORE_RETRY). The rest is open()'s to decide.
    const bool sure = demuxer && score > AVPROBE_SCORE_RETRY;
    if (sure) refuseUnlessAllowed(path, demuxer);
    if (!sure && got < kCheckBytes && in.atEnd())
        fail(path, tr("it is not a video file FFmpeg can read (%1). Open a video such as MP4, "
                      "WebM, MKV or AVI.")
                       .arg(avErrorText(AVERROR_INVALIDDATA)));
}

}  // namespace ds
