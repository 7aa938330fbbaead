#pragma once
// Live mode's frame slot: keeps only the newest frame, never a queue.
//
// Sources (a camera, a video file, a test) offer() every frame they have. When the network is
// free (nothing in flight) the frame is submitted at once; otherwise it replaces the frame
// held back, and the frame it replaces is counted as dropped. When the window says the worker
// is free again (workerFree()), the held frame, the newest there is, goes next. So the network
// always works on the newest frame and memory holds at most one waiting frame, however slow
// the model is compared with the camera.
//
// Frames come from one source at a time, one run of it (start to stop) at a time: attach()
// takes a source's frames, detach() stops taking them. A frame posted by a source before a
// Stop or a switch and delivered after it belongs to an earlier run and is dropped, uncounted:
// it is neither classified after "Live stopped" nor counted against the new source.
//
// Freeze holds the frame on screen for inspection: offered frames are ignored (not counted as
// dropped) until unfrozen. Statistics: frames offered, shown (submitted and answered), dropped,
// and the rate of answered frames over the last two seconds.
//
// GUI thread only (sources deliver their frames there with queued signals).
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

namespace ds::ui {

class FrameSource;

struct LiveFrame {
    QImage image;
    QString source;      // what the image view's caption says ("clip.mp4, frame 12 (0:00.4)")
    qint64 index = -1;   // the source's frame number (-1: none)
    double timeS = -1;   // the frame's time in the source (-1: none)
    // Set by LiveFeed::offer as the frame enters, unique for the feed's life and increasing
    // (0: not offered). The one reliable "is this a new frame" test: captions repeat (a
    // camera's say only its name) and sources number their frames from 0 again.
    quint64 sequence = 0;
};

struct LiveStats {
    qint64 offered = 0;    // frames the source delivered while live and not frozen
    qint64 submitted = 0;  // frames sent to the network
    qint64 answered = 0;   // of those, answered (predictions and maps shown)
    qint64 dropped = 0;    // replaced by a newer frame before the network was free
    double fps = 0;        // answered frames per second over the last kRateWindowMs
    double droppedShare() const { return offered > 0 ? double(dropped) / double(offered) : 0; }
};

class LiveFeed : public QObject {
    Q_OBJECT
public:
    static constexpr int kRateWindowMs = 2000;

    // `submit` sends a frame to the network and returns its request id (the window's
    // InferenceWorker::requestImage).
    using Submit = std::function<quint64(const LiveFrame&)>;
    explicit LiveFeed(Submit submit, QObject* parent = nullptr);

    // Takes `source`'s frames from now on, as a new run (whatever an earlier run, of this
    // source or another, still delivers is dropped). Call it when the source starts.
    void attach(FrameSource* source);
    // Takes no more frames from the source (it stops); the frame held back is not sent.
    void detach();
    bool isAttached(const FrameSource* source) const;

    // A new frame from the source; it gets the next sequence number (LiveFrame::sequence).
    // attach() connects the source here; tests and benchmarks may offer frames directly.
    void offer(const LiveFrame& frame);
    // The network has answered request `id` (or failed it): the held frame, if any, goes next.
    // Ids older than the frame in flight are ignored. workerFree(0): free whatever is in flight
    // (the worker became idle).
    void workerFree(quint64 id = 0);

    void setFrozen(bool frozen);
    bool isFrozen() const { return m_frozen; }
    // Forgets the held frame, the latest frame and the statistics (a new source starts).
    void reset();

    quint64 inFlight() const { return m_inFlight; }  // 0: the network is free
    bool hasHeldFrame() const { return m_held.has_value(); }
    // The newest frame the source delivered (shown, in flight or held); for capturing live
    // frames as examples (the Teach tab). Null image before the first frame.
    const LiveFrame& latest() const { return m_latest; }
    LiveStats stats() const;

signals:
    void frameSubmitted(const ds::ui::LiveFrame& frame, quint64 requestId);
    void frameAnswered(quint64 requestId);

private:
    void send(const LiveFrame& frame);

    Submit m_submit;
    QPointer<FrameSource> m_source;  // attached: its frames are taken
    QMetaObject::Connection m_connection;
    quint64 m_run = 0;  // the run taken; frames of earlier runs are stale
    std::optional<LiveFrame> m_held;
    LiveFrame m_latest;
    quint64 m_sequence = 0;  // the last number given; never reset, so numbers never repeat
    quint64 m_inFlight = 0;
    bool m_frozen = false;
    LiveStats m_stats;
    QElapsedTimer m_clock;
    mutable std::deque<qint64> m_answeredAt;  // ms on m_clock, the last kRateWindowMs
};

}  // namespace ds::ui
