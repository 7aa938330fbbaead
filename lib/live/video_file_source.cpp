#include "video_file_source.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>

#include <atomic>
#include <exception>
#include <new>
#include <utility>

#include "frame_schedule.h"

namespace ds::ui {

struct VideoFileSource::Run {
    QString path;
    std::unique_ptr<ds::VideoDecoder> decoder;  // interrupt() from the GUI thread
    std::atomic<bool> loop{true};
    std::atomic<bool> stop{false};
    std::atomic<double> positionS{0};
    LatestFrameSlot<LiveFrame> slot;  // decoding thread -> GUI thread
    QMutex mutex;                     // guards paused with wake, and source
    QWaitCondition wake;
    bool paused = false;
    VideoFileSource* source = nullptr;  // null once stopped: nothing more is posted to it

    // Runs `f` on the GUI thread with the source, unless the run was stopped first (then the
    // source may be gone). Posting under the lock: stop() cannot come between check and post,
    // and a call posted to a source that is then destroyed is discarded with it.
    template <typename F>
    void post(F f) {
        QMutexLocker lock(&mutex);
        if (!source) return;
        VideoFileSource* to = source;
        QMetaObject::invokeMethod(to, [to, f] { f(to); }, Qt::QueuedConnection);
    }
};

namespace {
QAtomicInt g_runningThreads{0};  // decoding threads not yet ended, stopped ones included

// At the application's end (after the window is gone), stopped threads get a moment to end,
// so none is still decoding while the program's statics are destroyed.
void waitAtExit() { VideoFileSource::waitForStoppedThreads(2000); }
}  // namespace

VideoFileSource::VideoFileSource(QObject* parent) : FrameSource(parent) {}

VideoFileSource::~VideoFileSource() {
    blockSignals(true);  // nobody is told about a source that is going away
    stop();
}

void VideoFileSource::open(const QString& path) {
    stop();
    try {
        ds::VideoDecoder::check(path);
    } catch (const ds::Error&) {
        throw;
    } catch (const std::exception& e) {  // the window catches ds::Error: nothing else leaves
        throw ds::VideoError(tr("Cannot play video '%1': %2")
                                 .arg(path, QString::fromUtf8(e.what()))
                                 .toStdString());
    }
    m_path = path;
    m_info = {};
    m_info.path = path;
}

void VideoFileSource::setLoop(bool loop) {
    m_loop = loop;
    if (m_run) m_run->loop = loop;
}

bool VideoFileSource::start() {
    if (m_path.isEmpty()) {
        emit failed(tr("No video is open."));
        return false;
    }
    if (isRunning()) return true;
    stop();  // a run that ended by itself (the video's end, an error): its slot and thread
    try {
        // A new decoder each time: the file is opened (again) on the decoding thread, so a
        // slow disk or a large header never holds up the window, and a stopped decoder's
        // interrupt() stays final.
        auto run = std::make_shared<Run>();
        run->path = m_path;
        run->decoder = std::make_unique<ds::VideoDecoder>();
        run->loop = m_loop;
        run->source = this;
        Run* r = run.get();
        run->slot.open(this, [this, r] {
            // Only the current run's frames: a wake-up of a stopped run finds its slot closed.
            if (m_run.get() != r) return;
            if (auto frame = r->slot.take()) emit frameReady(*frame);
        });
        QThread* thread = QThread::create([run] { VideoFileSource::run(run); });
        thread->setObjectName(QStringLiteral("video"));
        // The thread ends by itself at the end of a video that does not loop, on an error, or
        // after stop(); it deletes itself then, whoever is left.
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        connect(thread, &QThread::finished, this, &FrameSource::stateChanged);
        m_run = std::move(run);
        m_thread = thread;
        static const bool registered = (qAddPostRoutine(waitAtExit), true);
        (void)registered;
        g_runningThreads.ref();
        // Below the network's threads: on a 2-core machine a decoder that takes a core in the
        // middle of a forward pass stalls both of the pass's threads (they work in lockstep); at
        // idle priority (SCHED_IDLE) it decodes in the gaps, and the frames it is late for are
        // ones live mode would drop anyway. Live mode answers 80-85% of the forward-bound rate
        // this way against 72-75% at nice +10 (benchmarks/README.md, "Live mode"). Nothing
        // waits for this thread (stop() does not), so its priority cannot hold the window up.
        thread->start(QThread::IdlePriority);
    } catch (const std::exception& e) {  // no exception reaches the window's event loop
        if (m_run) m_run->slot.close();
        m_run.reset();
        m_thread = nullptr;
        emit failed(tr("Cannot play video '%1': %2").arg(m_path, QString::fromUtf8(e.what())));
        return false;
    }
    emit stateChanged();
    return true;
}

void VideoFileSource::stop() {
    if (!m_run) return;
    if (m_thread) m_thread->disconnect(this);
    m_thread = nullptr;  // deletes itself when it has finished
    const std::shared_ptr<Run> run = std::move(m_run);
    m_droppedEarlier += run->slot.replaced();
    run->slot.close();  // the frame waiting and any put from now on are not delivered
    {
        QMutexLocker lock(&run->mutex);
        run->source = nullptr;
        run->stop = true;
        run->wake.wakeAll();
    }
    run->decoder->interrupt();
    emit stateChanged();
}

bool VideoFileSource::waitForStoppedThreads(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (g_runningThreads.loadAcquire() > 0) {
        if (deadline.hasExpired()) return false;
        QThread::msleep(5);
    }
    return true;
}

void VideoFileSource::setPaused(bool paused) {
    if (!m_run) return;
    QMutexLocker lock(&m_run->mutex);
    m_run->paused = paused;
    m_run->wake.wakeAll();
}

bool VideoFileSource::isRunning() const { return m_thread && m_thread->isRunning(); }

qint64 VideoFileSource::droppedAtSource() const {
    return m_droppedEarlier + (m_run ? m_run->slot.replaced() : 0);
}

QString VideoFileSource::description() const { return QFileInfo(m_path).fileName(); }

QString VideoFileSource::position() const {
    QString text = ds::formatVideoTime(m_run ? m_run->positionS.load() : 0.0);
    if (m_info.durationS > 0) text += QStringLiteral(" / ") + ds::formatVideoTime(m_info.durationS);
    return text;
}

void VideoFileSource::run(const std::shared_ptr<Run>& runState) {
    Run& run = *runState;
    // The thread's entry: nothing may leave it (std::terminate). A failure while stopping is the
    // interrupted open or read, not news.
    QString message;
    try {
        play(run);
    } catch (const ds::Error& e) {
        message = QString::fromUtf8(e.what());
    } catch (const std::bad_alloc&) {
        message = tr("Cannot play video '%1': out of memory.").arg(run.path);
    } catch (const std::exception& e) {
        message = tr("Cannot play video '%1': %2").arg(run.path, QString::fromUtf8(e.what()));
    } catch (...) {
        message = tr("Cannot play video '%1': an unexpected error stopped it.").arg(run.path);
    }
    if (!message.isEmpty() && !run.stop)
        run.post([message](VideoFileSource* source) { emit source->failed(message); });
    g_runningThreads.deref();
}

void VideoFileSource::play(Run& run) {
    ds::VideoDecoder& decoder = *run.decoder;
    decoder.open(run.path);
    const ds::VideoInfo info = decoder.info();
    run.post([info](VideoFileSource* source) { source->m_info = info; });
    ds::FrameSchedule schedule(info.fps);
    QElapsedTimer clock;
    clock.start();
    // Frozen: waits until unfrozen (or stopped); the clock starts again from there.
    const auto holdWhilePaused = [&] {  // with run.mutex held
        if (!run.paused) return;
        while (run.paused && !run.stop) run.wake.wait(&run.mutex);
        clock.restart();
        schedule.rebase(0);
    };
    while (!run.stop) {
        {
            QMutexLocker lock(&run.mutex);
            holdWhilePaused();
        }
        if (run.stop) break;
        ds::VideoFrame frame;
        if (!decoder.next(frame)) {
            if (run.stop) break;
            if (!run.loop) {
                run.post([](VideoFileSource* source) { emit source->ended(); });
                break;
            }
            decoder.rewind();
            schedule.restart();
            continue;
        }
        // Wait for the frame's presentation time (a camera delivers no faster), never longer
        // than FrameSchedule::kMaxStepMs whatever the file's timestamps say.
        const qint64 due = schedule.due(frame.timeS, clock.elapsed());
        const qint64 waitMs = ds::FrameSchedule::waitMs(due, clock.elapsed());
        if (waitMs > 0) {
            QMutexLocker lock(&run.mutex);
            if (!run.stop && !run.paused) run.wake.wait(&run.mutex, QDeadlineTimer(waitMs));
            holdWhilePaused();  // frozen while waiting: this frame comes first after unfreezing
        }
        if (run.stop) break;
        run.positionS = frame.timeS;
        LiveFrame live;
        live.image = frame.image;
        live.index = frame.index;
        live.timeS = frame.timeS;
        live.source = tr("%1, frame %2 (%3)")
                          .arg(QFileInfo(run.path).fileName())
                          .arg(frame.index)
                          .arg(ds::formatVideoTime(frame.timeS));
        run.slot.put(std::move(live));  // replaces a frame the window has not taken yet
    }
}

}  // namespace ds::ui
