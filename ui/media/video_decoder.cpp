#include "video_decoder.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

namespace ds {

namespace {

// lupdate files the tr() calls in VideoDecoder's members under this context.
QString tr(const char* text) { return QCoreApplication::translate("ds::VideoDecoder", text); }

// libav's own diagnostics ("moov atom not found", "Invalid data found when processing input")
// are kept per thread and named in our messages instead of reaching the terminal.
thread_local QString t_lastAvMessage;

void avLogCallback(void* avcl, int level, const char* format, va_list args) {
    if (level > AV_LOG_ERROR) return;
    char line[512];
    int prefix = 1;
    av_log_format_line2(avcl, level, format, args, line, sizeof line, &prefix);
    QString text = QString::fromUtf8(line).trimmed();
    if (!text.isEmpty()) t_lastAvMessage = text;
}

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

}  // namespace

int videoInterruptCallback(void* opaque) {
    return static_cast<VideoDecoder*>(opaque)->m_interrupted.load() ? 1 : 0;
}

struct VideoDecoder::Av {
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
    }
};

VideoDecoder::VideoDecoder() { installLogCallback(); }
VideoDecoder::~VideoDecoder() = default;

bool VideoDecoder::isOpen() const { return m_av != nullptr; }

void VideoDecoder::open(const QString& path) {
    m_av.reset();
    m_info = {};
    m_decoded = m_skipped = 0;
    m_flushing = m_ended = false;
    m_interrupted = false;
    t_lastAvMessage.clear();

    const QFileInfo file(path);
    if (!file.exists()) fail(path, tr("the file does not exist. Check the path."));
    if (file.isDir()) fail(path, tr("it is a folder. Choose a video file in it."));
    if (!file.isFile())
        fail(path, tr("it is not a regular file (a pipe or a device). Save the video to a file "
                      "first."));
    if (!file.isReadable()) fail(path, tr("permission denied. Check the file's permissions."));
    if (file.size() == 0) fail(path, tr("the file is empty."));

    auto av = std::make_unique<Av>();
    av->format = avformat_alloc_context();
    if (!av->format) fail(path, tr("out of memory."));
    av->format->interrupt_callback.callback = videoInterruptCallback;
    av->format->interrupt_callback.opaque = this;
    const QByteArray native = QFile::encodeName(file.absoluteFilePath());
    int rc = avformat_open_input(&av->format, native.constData(), nullptr, nullptr);
    if (rc < 0)
        fail(path, tr("it is not a video file FFmpeg can read (%1). Open a video such as MP4, "
                      "WebM, MKV or AVI.")
                       .arg(avErrorText(rc)));
    rc = avformat_find_stream_info(av->format, nullptr);
    if (rc < 0)
        fail(path, tr("its streams cannot be read (%1). The file may be truncated or corrupt.")
                       .arg(avErrorText(rc)));
    const QString demuxer = QString::fromUtf8(av->format->iformat->name);
    if (demuxer == QLatin1String("image2") || demuxer.endsWith(QLatin1String("_pipe")))
        fail(path, tr("it is a still image, not a video. Open it with File → Open image, or "
                      "classify it without --video."));
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
    if (par->width <= 0 || par->height <= 0 ||
        qint64(par->width) * qint64(par->height) > kMaxVideoPixels)
        fail(path, tr("its frames are %1 x %2 pixels; DenseScope plays videos up to %3 "
                      "megapixels. Scale the video down first.")
                       .arg(par->width)
                       .arg(par->height)
                       .arg(kMaxVideoPixels / 1'000'000));

    av->codec = avcodec_alloc_context3(decoder);
    if (!av->codec || avcodec_parameters_to_context(av->codec, par) < 0)
        fail(path, tr("its decoder cannot be set up."));
    // One decoding thread: the network needs the cores, and one thread keeps up with a
    // camera-sized stream many times over.
    av->codec->thread_count = 1;
    rc = avcodec_open2(av->codec, decoder, nullptr);
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
    m_info.frameCount = stream->nb_frames > 0 ? stream->nb_frames
                        : (m_info.fps > 0 && m_info.durationS > 0)
                            ? qint64(std::llround(m_info.durationS * m_info.fps))
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
            // A broken frame in the middle of a file: skip it, as players do.
            ++m_skipped;
            continue;
        }
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
    const int64_t pts = f->best_effort_timestamp;
    if (pts != AV_NOPTS_VALUE) {
        const int64_t start = av.startPts == AV_NOPTS_VALUE ? 0 : av.startPts;
        out.timeS = double(pts - start) * av_q2d(av.timeBase);
    } else if (m_info.fps > 0) {
        out.timeS = double(out.index) / m_info.fps;
    }
    if (convert) {
        if (f->width <= 0 || f->height <= 0 ||
            qint64(f->width) * qint64(f->height) > kMaxVideoPixels) {
            av_frame_unref(f);
            fail(m_info.path, tr("frame %1 has an impossible size.").arg(out.index));
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
    m_flushing = m_ended = false;
}

QString formatVideoTime(double seconds) {
    if (!(seconds > 0)) seconds = 0;
    const qint64 tenths = qint64(std::floor(seconds * 10 + 1e-6));
    const qint64 minutes = tenths / 600;
    const double rest = double(tenths % 600) / 10.0;
    return QStringLiteral("%1:%2").arg(minutes).arg(rest, 4, 'f', 1, QLatin1Char('0'));
}

}  // namespace ds
