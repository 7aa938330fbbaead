#pragma once
// Plays a video file as a live source: decodes on its own thread (ds::VideoDecoder) and
// delivers each frame at its presentation time, as a camera would, so live mode drops frames
// the network cannot keep up with exactly as it does for a camera. Loops by default.
//
// Frames wait in the GUI thread's event queue at most kMaxQueued deep: when the window is busy
// the decoder drops frames itself instead of filling memory (droppedAtSource()).
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>

#include "frame_source.h"
#include "video_decoder.h"

namespace ds::ui {

class VideoFileSource : public FrameSource {
    Q_OBJECT
public:
    static constexpr int kMaxQueued = 2;

    explicit VideoFileSource(QObject* parent = nullptr);
    ~VideoFileSource() override;

    // Opens `path` (on the calling thread: reading the header is quick). Throws ds::VideoError.
    void open(const QString& path);
    const ds::VideoInfo& info() const { return m_info; }
    void setLoop(bool loop) { m_loop = loop; }
    bool loops() const { return m_loop; }

    bool start() override;
    void stop() override;
    void setPaused(bool paused) override;
    bool isRunning() const override;
    QString description() const override;
    QString position() const override;
    qint64 droppedAtSource() const override { return m_droppedAtSource.load(); }

private:
    void run();  // the decoding thread
    void deliver(const ds::VideoFrame& frame);

    ds::VideoInfo m_info;
    std::unique_ptr<ds::VideoDecoder> m_decoder;
    bool m_played = false;  // the decoder has been read: start() opens the file again
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_loop{true};
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_queued{0};
    std::atomic<qint64> m_droppedAtSource{0};
    std::atomic<double> m_positionS{0};
    QMutex m_mutex;  // guards m_paused with m_wake
    QWaitCondition m_wake;
    bool m_paused = false;
};

}  // namespace ds::ui
