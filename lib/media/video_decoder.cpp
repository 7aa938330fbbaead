#include "video_decoder.h"
#include "video_file_check.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

namespace ds {

namespace {

// libav's own diagnostics ("moov atom not found", "Invalid data found when processing input")
// are kept per thread (video_detail::t_lastAvMessage) and named in our messages instead of
// reaching the terminal.
void avLogCallback(void* avcl, int level, const char* format, va_list args) {
    if (level > AV_LOG_ERROR) return;
    char line[512];
    int prefix = 1;
    av_log_format_line2(avcl, level, format, args, line, sizeof line, &prefix);
    QString text = QString::fromUtf8(line).trimmed();
    if (!text.isEmpty()) video_detail::t_lastAvMessage = text;
}

}  // namespace

namespace video_detail {

// lupdate files the tr() calls in VideoDecoder's members under this context.
QString tr(const char* text) { return QCoreApplication::translate("ds::VideoDecoder", text); }

thread_local QString t_lastAvMessage;

void installLogCallback() {
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(AV_LOG_ERROR);
        av_log_set_callback(avLogCallback);
    });
}

QString avErrorText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    QString message = QString::fromUtf8(text);
    if (!t_lastAvMessage.isEmpty() && !message.contains(t_lastAvMessage))
        message += QStringLiteral("; ") + t_lastAvMessage;
    return message;
}

[[noreturn]] void fail(const QString& path, const QString& what) {
    throw VideoError(QCoreApplication::translate("ds::VideoDecoder", "Cannot play video '%1': %2")
                         .arg(path, what)
                         .toStdString());
}

}  // namespace video_detail

using namespace video_detail;

namespace {

// Probing reads at most this much (FFmpeg's default is 5 MB; the header of any video a camera
// or an editor writes is found in far less) and analyses at most this much of the streams.
constexpr int64_t kProbeBytes = 2 << 20;
constexpr int64_t kAnalyzeMicroseconds = 5'000'000;
// A decoder that fails this many times in a row without asking for input is stuck (a broken
// stream can do that): it is reset and decoding goes on with the next packets.
constexpr int kMaxFailuresInARow = 64;

}  // namespace

int videoInterruptCallback(void* opaque) {
    return static_cast<VideoDecoder*>(opaque)->m_interrupted.load() ? 1 : 0;
}

struct VideoDecoder::Av {
    AVIOContext* io = nullptr;  // ours (opened for probing), so closed by us after the format
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* frame = nullptr;
    SwsContext* sws = nullptr;
    int stream = -1;
    AVRational timeBase{0, 1};
    int64_t startPts = AV_NOPTS_VALUE;

    ~Av() {
        sws_freeContext(sws);
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
        avio_closep(&io);
    }
};

VideoDecoder::VideoDecoder() { installLogCallback(); }
VideoDecoder::~VideoDecoder() = default;

bool VideoDecoder::isOpen() const { return m_av != nullptr; }

void VideoDecoder::open(const QString& path) {
    m_av.reset();
    m_info = {};
    m_decoded = m_skipped = 0;
    m_failuresInARow = 0;
    m_flushing = m_ended = false;
    t_lastAvMessage.clear();
    if (m_interrupted) fail(path, tr("opening was interrupted."));

    check(path);  // the same refusals as the window's quick check, with the same messages
    const QFileInfo file(path);
    auto av = std::make_unique<Av>();
    // The file itself and nothing else: only the file protocol, our own I/O context (so that
    // the format is known before any demuxer runs), and only the allowed demuxers.
    const AVIOInterruptCB interrupt{videoInterruptCallback, this};
    const QByteArray native = "file:" + QFile::encodeName(file.absoluteFilePath());
    AVDictionary* ioOptions = nullptr;
    av_dict_set(&ioOptions, "protocol_whitelist", "file", 0);
    int rc = avio_open2(&av->io, native.constData(), AVIO_FLAG_READ, &interrupt, &ioOptions);
    av_dict_free(&ioOptions);
    if (rc < 0) fail(path, tr("it cannot be opened (%1).").arg(avErrorText(rc)));
    const AVInputFormat* demuxer = nullptr;
    rc = av_probe_input_buffer2(av->io, &demuxer, native.constData(), nullptr, 0, kProbeBytes);
    if (rc == AVERROR_EXIT) fail(path, tr("opening was interrupted."));
    if (rc < 0 || !demuxer)
        fail(path, tr("it is not a video file FFmpeg can read (%1). Open a video such as MP4, "
                      "WebM, MKV or AVI.")
                       .arg(avErrorText(rc < 0 ? rc : AVERROR_INVALIDDATA)));
    refuseUnlessAllowed(path, demuxer);

    av->format = avformat_alloc_context();
    if (!av->format) fail(path, tr("out of memory."));
    av->format->interrupt_callback = interrupt;
    av->format->pb = av->io;  // custom I/O: avformat_close_input leaves it to ~Av
    AVDictionary* options = nullptr;
    av_dict_set(&options, "format_whitelist", kAllowedDemuxers, 0);
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    av_dict_set_int(&options, "probesize", kProbeBytes, 0);
    av_dict_set_int(&options, "analyzeduration", kAnalyzeMicroseconds, 0);
    rc = avformat_open_input(&av->format, native.constData(), demuxer, &options);
    av_dict_free(&options);
    if (rc < 0) failIfBadPictureSize(path);
    if (rc < 0)  // avformat_open_input freed the context
        fail(path, tr("it is not a video file FFmpeg can read (%1). Open a video such as MP4, "
                      "WebM, MKV or AVI.")
                       .arg(avErrorText(rc)));
    rc = avformat_find_stream_info(av->format, nullptr);
    if (rc < 0) failIfBadPictureSize(path);
    if (rc < 0)
        fail(path, tr("its streams cannot be read (%1). The file may be truncated or corrupt.")
                       .arg(avErrorText(rc)));
    // The best video stream that is not a cover picture (an MP3's or M4A's album art is a
    // one-frame "video" stream with a nonsense frame rate); then its decoder, so that a missing
    // decoder is named for this stream's codec.
    av->stream = av_find_best_stream(av->format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (av->stream >= 0 &&
        (av->format->streams[av->stream]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
        av->stream = AVERROR_STREAM_NOT_FOUND;
        for (unsigned i = 0; i < av->format->nb_streams; ++i) {
            const AVStream* s = av->format->streams[i];
            if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
                !(s->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
                av->stream = int(i);
                break;
            }
        }
        if (av->stream < 0)
            fail(path, tr("its only picture is a cover image (an audio file?), not a video. "
                          "Open a video file."));
    }
    if (av->stream < 0)
        fail(path, tr("it has no video stream (an audio file or a still image?)."));
    const AVCodec* decoder = avcodec_find_decoder(av->format->streams[av->stream]->codecpar->codec_id);
    if (!decoder)
        fail(path, tr("no decoder for its video format is installed (%1). Convert the video to "
                      "H.264 MP4 or VP9 WebM.")
                       .arg(QString::fromUtf8(avcodec_get_name(
                           av->format->streams[av->stream]->codecpar->codec_id))));
    AVStream* stream = av->format->streams[av->stream];
    const AVCodecParameters* par = stream->codecpar;
    refuseUnlessPlayableSize(path, par->width, par->height);

    av->codec = avcodec_alloc_context3(decoder);
    if (!av->codec || avcodec_parameters_to_context(av->codec, par) < 0)
        fail(path, tr("its decoder cannot be set up."));
    // One decoding thread: the network needs the cores, and one thread keeps up with a
    // camera-sized stream many times over.
    av->codec->thread_count = 1;
    rc = avcodec_open2(av->codec, decoder, nullptr);
    if (rc < 0) failIfBadPictureSize(path);
    if (rc < 0) fail(path, tr("its decoder cannot be opened (%1).").arg(avErrorText(rc)));
    av->packet = av_packet_alloc();
    av->frame = av_frame_alloc();
    if (!av->packet || !av->frame) fail(path, tr("out of memory."));
    av->timeBase = stream->time_base;
    av->startPts = stream->start_time;

    m_info.path = path;
    m_info.width = par->width;
    m_info.height = par->height;
    AVRational rate = stream->avg_frame_rate;
    if (rate.num <= 0 || rate.den <= 0) rate = stream->r_frame_rate;
    m_info.fps = (rate.num > 0 && rate.den > 0) ? av_q2d(rate) : 0;
    if (stream->duration > 0)
        m_info.durationS = double(stream->duration) * av_q2d(stream->time_base);
    else if (av->format->duration > 0)
        m_info.durationS = double(av->format->duration) / AV_TIME_BASE;
    if (!std::isfinite(m_info.durationS) || m_info.durationS > kMaxVideoTimeS) m_info.durationS = 0;
    if (!std::isfinite(m_info.fps) || m_info.fps > 1e6) m_info.fps = 0;  // nonsense: unknown
    const double estimate = m_info.durationS * m_info.fps;  // both checked: at most 1e17
    m_info.frameCount = stream->nb_frames > 0 ? stream->nb_frames
                        : estimate >= 1                 ? qint64(std::llround(estimate))
                                                        : 0;
    m_info.codec = QString::fromUtf8(decoder->name);
    m_info.container = QString::fromUtf8(av->format->iformat->name);
    m_av = std::move(av);
}

bool VideoDecoder::next(VideoFrame& out, bool convert) {
    if (!m_av) throw VideoError(tr("No video is open.").toStdString());
    Av& av = *m_av;
    out = {};
    while (!m_ended && !m_interrupted) {
        int rc = avcodec_receive_frame(av.codec, av.frame);
        if (rc == 0) break;
        if (rc == AVERROR_EOF) {
            m_ended = true;
            break;
        }
        if (rc != AVERROR(EAGAIN)) {
            // A broken frame in the middle of a file: skip it, as players do. The decoder may
            // still hold frames, so it is asked again; but one that keeps failing without asking
            // for input never stops by itself (a damaged stream can leave it so): it is reset
            // and fed on, or at the end of the file decoding ends.
            ++m_skipped;
            if (++m_failuresInARow < kMaxFailuresInARow) continue;
            m_failuresInARow = 0;
            if (m_flushing) {
                m_ended = true;
                break;
            }
            avcodec_flush_buffers(av.codec);
        }
        m_failuresInARow = 0;
        if (m_flushing) {
            m_ended = true;
            break;
        }
        rc = av_read_frame(av.format, av.packet);
        if (rc == AVERROR_EOF || (rc < 0 && avio_feof(av.format->pb))) {
            m_flushing = true;
            avcodec_send_packet(av.codec, nullptr);  // drain the frames the decoder holds
            continue;
        }
        if (rc == AVERROR_EXIT) return false;  // interrupt()
        if (rc < 0) failIfBadPictureSize(m_info.path);
        if (rc < 0)
            fail(m_info.path, tr("reading failed after frame %1 (%2).")
                                  .arg(m_decoded)
                                  .arg(avErrorText(rc)));
        if (av.packet->stream_index == av.stream) {
            rc = avcodec_send_packet(av.codec, av.packet);
            if (rc < 0 && rc != AVERROR(EAGAIN)) ++m_skipped;
        }
        av_packet_unref(av.packet);
    }
    if (m_interrupted) return false;
    if (m_ended) {
        if (m_decoded == 0)
            fail(m_info.path, tr("no frame of it could be decoded%1. The file may be truncated "
                                 "or corrupt.")
                                  .arg(t_lastAvMessage.isEmpty()
                                           ? QString()
                                           : QStringLiteral(" (%1)").arg(t_lastAvMessage)));
        return false;
    }

    AVFrame* f = av.frame;
    out.index = m_decoded++;
    static_assert(kNoVideoTimestamp == AV_NOPTS_VALUE);
    out.timeS = videoFrameTime(f->best_effort_timestamp, av.startPts, av.timeBase.num,
                               av.timeBase.den, out.index, m_info.fps);
    if (convert) {
        if (f->width <= 0 || f->height <= 0 ||
            qint64(f->width) * qint64(f->height) > kMaxVideoPixels) {
            const int width = f->width, height = f->height;
            av_frame_unref(f);
            if (width <= 0 || height <= 0)
                fail(m_info.path, tr("frame %1 has no size (%2 x %3): the stream is damaged there.")
                                      .arg(out.index)
                                      .arg(width)
                                      .arg(height));
            fail(m_info.path, tr("frame %1 is %2 x %3 pixels, over the %4-megapixel limit "
                                 "DenseScope plays (the video's header said %5 x %6). Scale the "
                                 "video down first.")
                                  .arg(out.index)
                                  .arg(width)
                                  .arg(height)
                                  .arg(kMaxVideoPixels / 1'000'000)
                                  .arg(m_info.width)
                                  .arg(m_info.height));
        }
        av.sws = sws_getCachedContext(av.sws, f->width, f->height, AVPixelFormat(f->format),
                                      f->width, f->height, AV_PIX_FMT_RGB24,
                                      SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                      nullptr, nullptr, nullptr);
        if (!av.sws) {
            av_frame_unref(f);
            fail(m_info.path, tr("its pixel format (%1) cannot be converted to RGB.")
                                  .arg(QString::fromUtf8(
                                      av_get_pix_fmt_name(AVPixelFormat(f->format)))));
        }
        // The matrix and range the stream declares (BT.601 limited when unspecified).
        const int space = f->colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_ITU601 : f->colorspace;
        const int fullRange = f->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
        int* invTable = nullptr;
        int* table = nullptr;
        int srcRange = 0, dstRange = 0, brightness = 0, contrast = 0, saturation = 0;
        if (sws_getColorspaceDetails(av.sws, &invTable, &srcRange, &table, &dstRange,
                                     &brightness, &contrast, &saturation) >= 0)
            sws_setColorspaceDetails(av.sws, sws_getCoefficients(space), fullRange, table, 1,
                                     brightness, contrast, saturation);
        out.image = QImage(f->width, f->height, QImage::Format_RGB888);
        if (out.image.isNull()) {
            av_frame_unref(f);
            fail(m_info.path, tr("out of memory for a %1 x %2 frame.").arg(f->width).arg(f->height));
        }
        uint8_t* dst[4] = {out.image.bits(), nullptr, nullptr, nullptr};
        int dstStride[4] = {int(out.image.bytesPerLine()), 0, 0, 0};
        sws_scale(av.sws, f->data, f->linesize, 0, f->height, dst, dstStride);
    }
    av_frame_unref(f);
    return true;
}

void VideoDecoder::rewind() {
    if (!m_av) throw VideoError(tr("No video is open.").toStdString());
    Av& av = *m_av;
    int rc = av_seek_frame(av.format, av.stream,
                           av.startPts == AV_NOPTS_VALUE ? 0 : av.startPts, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) rc = avformat_seek_file(av.format, -1, INT64_MIN, 0, 0, 0);
    if (rc < 0) fail(m_info.path, tr("it cannot be played again from the start (%1).").arg(avErrorText(rc)));
    avcodec_flush_buffers(av.codec);
    m_decoded = 0;
    m_failuresInARow = 0;
    m_flushing = m_ended = false;
}

double videoFrameTime(qint64 pts, qint64 startPts, int timeBaseNum, int timeBaseDen, qint64 index,
                      double fps) {
    double seconds = 0;
    if (pts != kNoVideoTimestamp && timeBaseDen != 0) {
        // In double: a crafted pts and start time overflow an int64 subtraction.
        const double start = startPts == kNoVideoTimestamp ? 0.0 : double(startPts);
        seconds = (double(pts) - start) * double(timeBaseNum) / double(timeBaseDen);
    } else if (fps > 0) {
        seconds = double(index) / fps;
    }
    return std::isfinite(seconds) ? seconds : 0.0;
}

QString formatVideoTime(double seconds) {
    if (!(seconds > 0)) seconds = 0;
    // Beyond any real video (about 3,000 years): shown as that, not converted out of range.
    seconds = std::min(seconds, kMaxVideoTimeS);
    const qint64 tenths = qint64(std::floor(seconds * 10 + 1e-6));
    const qint64 minutes = tenths / 600;
    const double rest = double(tenths % 600) / 10.0;
    return QStringLiteral("%1:%2").arg(minutes).arg(rest, 4, 'f', 1, QLatin1Char('0'));
}

}  // namespace ds
