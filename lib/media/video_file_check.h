#pragma once
// What DenseScope checks about a video file before FFmpeg decodes it (internal to
// densescope_media): VideoDecoder::check and checkFile, the demuxers FFmpeg may run, and the
// picture sizes it may decode, in video_file_check.cpp; and the helpers that file shares with
// the decoding in video_decoder.cpp.
#include <QString>

struct AVInputFormat;

namespace ds::video_detail {

// video_decoder.cpp: tr() in the "ds::VideoDecoder" context, libav's last error line on this
// thread (kept by the log callback that installLogCallback installs once), an FFmpeg error
// code's text with that line, and the "Cannot play video" ds::VideoError.
QString tr(const char* text);
extern thread_local QString t_lastAvMessage;
void installLogCallback();
QString avErrorText(int code);
[[noreturn]] void fail(const QString& path, const QString& what);

// video_file_check.cpp.
extern const char kAllowedDemuxers[];  // FFmpeg's format_whitelist
// Throws unless `demuxer` is one DenseScope lets FFmpeg run (kAllowedDemuxers).
void refuseUnlessAllowed(const QString& path, const AVInputFormat* demuxer);
// Throws when FFmpeg's last log line says it refused the picture size (see the .cpp).
void failIfBadPictureSize(const QString& path);
// Throws unless a stream's declared frame size is one DenseScope plays (kMaxVideoPixels).
void refuseUnlessPlayableSize(const QString& path, int width, int height);

}  // namespace ds::video_detail
