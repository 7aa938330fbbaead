#pragma once
// Plays a video file as a live source: decodes on its own thread (ds::VideoDecoder) and
// delivers each frame at its presentation time, as a camera would, so live mode drops frames
// the network cannot keep up with exactly as it does for a camera. Loops by default.
//
// Frames reach the GUI thread through a LatestFrameSlot, the camera's drop rule: when the
// window is busy the newest decoded frame replaces the one not yet taken (droppedAtSource()),
// so memory holds at most one waiting frame; stop() closes the slot, so no frame of a stopped
// run is delivered, even after an immediate restart.
//
// The file is opened and probed on the decoding thread, each time start() plays it from its
// start; open() only checks what is quick (ds::VideoDecoder::check), so a file that fails
// later is reported through failed(), as a read error in the middle is. Frames are delivered at
// their timestamps' pace, which is not trusted (ds::FrameSchedule: no wait longer than 2 s).
// No exception leaves the decoding thread or a call from the window.
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>

#include "frame_source.h"
#include "latest_frame_slot.h"
#include "video_decoder.h"

namespace ds::ui {

class VideoFileSource : public FrameSource {
    Q_OBJECT
public:
    explicit VideoFileSource(QObject* parent = nullptr);
    ~VideoFileSource() override;

    // Chooses `path`, after ds::VideoDecoder::check (quick: at most 16 KB read). Throws
    // ds::VideoError (and nothing else); the file is opened by start().
    void open(const QString& path);
    // The video's information once the decoding thread has opened it (empty before: the path
    // only), on the GUI thread.
    const ds::VideoInfo& info() const { return m_info; }
    void setLoop(bool loop) { m_loop = loop; }
    bool loops() const { return m_loop; }

    bool start() override;
    void stop() override;
    void setPaused(bool paused) override;
    bool isRunning() const override;
    QString description() const override;
    QString position() const override;
    qint64 droppedAtSource() const override { return m_slot.replaced(); }

private:
    void run();   // the decoding thread
    void play();  // run() without its catch
    void deliver(const ds::VideoFrame& frame);
    void reportFailure(const QString& message);  // any thread: failed() on the GUI thread

    QString m_path;        // set by open() only while no thread runs: the thread reads it
    ds::VideoInfo m_info;  // GUI thread
    std::unique_ptr<ds::VideoDecoder> m_decoder;  // a new one for each start()
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_loop{true};
    std::atomic<bool> m_stop{false};
    LatestFrameSlot<LiveFrame> m_slot;  // decoding thread -> GUI thread
    std::atomic<double> m_positionS{0};
    QMutex m_mutex;  // guards m_paused with m_wake
    QWaitCondition m_wake;
    bool m_paused = false;
};

}  // namespace ds::ui
