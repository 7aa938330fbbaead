#pragma once
// Video files, frame by frame, with FFmpeg's libavformat/libavcodec (the libraries Qt
// Multimedia itself uses on Debian). One decoder serves the app's live mode
// (video_file_source.h) and `densescope-cli classify --video`, so both see the same frames
// with the same numbers and times.
//
// Frames are numbered from 0 in decoding (presentation) order; time_s is the frame's
// presentation time in seconds from the stream's start (its best-effort timestamp, or
// index / fps when the file has none). Pixels are converted to 8-bit RGB with swscale, using
// the colour matrix and range the stream declares (BT.601 limited range when it says nothing).
//
// Bad input never crashes or hangs: a missing, unreadable or non-regular file, a file that is
// not a video, has no video stream, no decoder, absurd dimensions or no decodable frame
// throws ds::VideoError with a message that names the file and says what to do. Packets that
// fail to decode in the middle of a file are skipped and counted (skippedPackets()).
//
// Not thread-safe: one thread uses a decoder at a time. interrupt() may be called from any
// thread to stop a blocking read (next() then returns false) or an open() in progress; it is
// final (a later open() throws too): read the file again with a new decoder.
//
// Only self-contained files are read: FFmpeg's demuxers for playlists and lists of files (HLS,
// DASH, ffconcat, image sequences) are refused before they run, with a message that says so,
// and FFmpeg may open nothing but the chosen file. Probing reads at most 2 MB.
#include <QFileInfo>
#include <QImage>
#include <QString>

#include <atomic>
#include <limits>
#include <memory>

#include "densescope/errors.h"

namespace ds {

class VideoError : public Error {
public:
    using Error::Error;
};

struct VideoInfo {
    QString path;
    int width = 0, height = 0;
    double fps = 0;         // average frame rate (0: unknown)
    double durationS = 0;   // 0: unknown
    qint64 frameCount = 0;  // from the container, else duration * fps (0: unknown)
    QString codec;          // the decoder's short name, e.g. "h264"
    QString container;      // e.g. "mov,mp4,m4a,3gp,3g2,mj2"
};

struct VideoFrame {
    qint64 index = -1;
    double timeS = 0;
    QImage image;  // Format_RGB888; null when next() was asked not to convert
};

// Frames larger than this are refused (a 16K frame is 132 megapixels; nothing a camera or
// classroom video has, and each frame is scaled to 224 x 224 anyway).
constexpr qint64 kMaxVideoPixels = 40'000'000;

class VideoDecoder {
public:
    VideoDecoder();
    ~VideoDecoder();
    VideoDecoder(const VideoDecoder&) = delete;
    VideoDecoder& operator=(const VideoDecoder&) = delete;

    // Opens `path` and reads its stream information. Throws ds::VideoError.
    void open(const QString& path);
    // What can be told quickly without opening the file (on the GUI thread): it is a readable
    // regular file, and its first kCheckBytes are not plainly something open() refuses (a
    // playlist, a still image, or nothing FFmpeg knows in a file that short). Throws
    // ds::VideoError with open()'s message; passing says nothing more (open() may still fail).
    static constexpr int kCheckBytes = 16 * 1024;
    static void check(const QString& path);
    bool isOpen() const;
    const VideoInfo& info() const { return m_info; }

    // The next frame. false at the end of the file (or after interrupt()). `convert` false
    // skips the RGB conversion (frame.image stays null): for frames that are only counted.
    // Throws ds::VideoError when the file yields no frame at all, or fails while reading.
    bool next(VideoFrame& frame, bool convert = true);

    // Back to frame 0 (for looping). Throws ds::VideoError when the file cannot seek.
    void rewind();

    // Frames decoded so far, and packets that failed to decode and were skipped.
    qint64 decodedFrames() const { return m_decoded; }
    qint64 skippedPackets() const { return m_skipped; }

    // Any thread: the read or open in progress (and every later one) stops; next() returns
    // false, open() throws.
    void interrupt() { m_interrupted = true; }

private:
    static QFileInfo checkFile(const QString& path);
    struct Av;
    std::unique_ptr<Av> m_av;
    VideoInfo m_info;
    qint64 m_decoded = 0;
    qint64 m_skipped = 0;
    int m_failuresInARow = 0;  // decoder errors since it last asked for input or gave a frame
    bool m_flushing = false;
    bool m_ended = false;
    std::atomic<bool> m_interrupted{false};
    friend int videoInterruptCallback(void* opaque);
};

// Times beyond this (about 3,000 years) are no real video's: durations are then unknown, and
// formatVideoTime shows this much.
constexpr double kMaxVideoTimeS = 1e11;

// A frame's time in seconds from the stream's start: (pts - startPts) x timeBase, or
// index / fps when the frame has no timestamp (pts == kNoVideoTimestamp); finite whatever the
// numbers (a crafted file's timestamps are anything), 0 when nothing better is known.
constexpr qint64 kNoVideoTimestamp = std::numeric_limits<qint64>::min();  // AV_NOPTS_VALUE
double videoFrameTime(qint64 pts, qint64 startPts, int timeBaseNum, int timeBaseDen, qint64 index,
                      double fps);

// "1:02.5" style (minutes:seconds.tenths) for status text; "0:00.0" for negative times and
// NaN, kMaxVideoTimeS's text for anything larger (infinity included).
QString formatVideoTime(double seconds);

}  // namespace ds
