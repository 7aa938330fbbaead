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
//
// stop() never waits for the decoding thread: it tells the thread to end, closes the run's
// frame slot and returns; the thread ends on its own (a read in progress is interrupted) and
// posts nothing more. The thread owns what it uses (Run), so it may outlive the source. It
// runs at idle priority (SCHED_IDLE), below the window and the network's threads: a busy
// machine may starve it for seconds, which is why nothing ever waits for it.
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QWaitCondition>

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
    void setLoop(bool loop);
    bool loops() const { return m_loop; }

    bool start() override;
    void stop() override;
    void setPaused(bool paused) override;
    bool isRunning() const override;
    QString description() const override;
    QString position() const override;
    qint64 droppedAtSource() const override;

    // Waits until the decoding threads of stopped runs have ended (at most `timeoutMs`); true
    // when none is left. For tests and the end of the program; stop() itself never waits.
    static bool waitForStoppedThreads(int timeoutMs);

private:
    struct Run;  // one start()'s decoder, flags and frame slot, shared with its thread
    static void run(const std::shared_ptr<Run>& run);   // the decoding thread
    static void play(Run& run);                         // run() without its catch

    QString m_path;
    ds::VideoInfo m_info;  // GUI thread
    bool m_loop = true;
    std::shared_ptr<Run> m_run;  // the current run's, until stop()
    QPointer<QThread> m_thread;  // the current run's thread; deletes itself once finished
    qint64 m_droppedEarlier = 0;  // frames replaced in earlier runs' slots
};

}  // namespace ds::ui
