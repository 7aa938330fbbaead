#include "video_file_source.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>

#include <exception>
#include <new>
#include <utility>

#include "frame_schedule.h"

namespace ds::ui {

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
    m_decoder.reset();
    m_positionS = 0;
}

bool VideoFileSource::start() {
    if (m_path.isEmpty()) {
        emit failed(tr("No video is open."));
        return false;
    }
    if (isRunning()) return true;
    try {
        if (m_thread) m_thread->wait();  // ended by itself (the video's end, an error)
        m_thread.reset();
        // A new decoder each time: the file is opened (again) on the decoding thread, so a
        // slow disk or a large header never holds up the window, and a stopped decoder's
        // interrupt() stays final.
        m_decoder = std::make_unique<ds::VideoDecoder>();
        m_positionS = 0;
        m_stop = false;
        {
            QMutexLocker lock(&m_mutex);
            m_paused = false;
        }
        m_slot.close();  // a frame left by a run that ended by itself is not this run's
        m_slot.open(this, [this] {
            if (auto frame = m_slot.take()) emit frameReady(*frame);
        });
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(QStringLiteral("video"));
        // The thread ends by itself at the end of a video that does not loop, or on an error.
        connect(m_thread.get(), &QThread::finished, this, &FrameSource::stateChanged);
        // Below the network's threads: on a 2-core machine a decoder that takes a core in the
        // middle of a forward pass stalls both of the pass's threads (they work in lockstep); at
        // idle priority it decodes in the gaps, and the frames it is late for are ones live mode
        // would drop anyway.
        m_thread->start(QThread::IdlePriority);
    } catch (const std::exception& e) {  // no exception reaches the window's event loop
        m_slot.close();
        m_thread.reset();
        emit failed(tr("Cannot play video '%1': %2").arg(m_path, QString::fromUtf8(e.what())));
        return false;
    }
    emit stateChanged();
    return true;
}

void VideoFileSource::stop() {
    if (!m_thread) return;
    m_thread->disconnect(this);
    m_slot.close();  // the frame waiting and any put from now on are not delivered
    m_stop = true;
    m_decoder->interrupt();
    {
        QMutexLocker lock(&m_mutex);
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
    emit stateChanged();
}

void VideoFileSource::setPaused(bool paused) {
    QMutexLocker lock(&m_mutex);
    m_paused = paused;
    m_wake.wakeAll();
}

bool VideoFileSource::isRunning() const { return m_thread && m_thread->isRunning(); }

QString VideoFileSource::description() const { return QFileInfo(m_path).fileName(); }

QString VideoFileSource::position() const {
    QString text = ds::formatVideoTime(m_positionS.load());
    if (m_info.durationS > 0) text += QStringLiteral(" / ") + ds::formatVideoTime(m_info.durationS);
    return text;
}

void VideoFileSource::run() {
    // The thread's entry: nothing may leave it (std::terminate). A failure while stopping is the
    // interrupted open or read, not news.
    QString message;
    try {
        play();
        return;
    } catch (const ds::Error& e) {
        message = QString::fromUtf8(e.what());
    } catch (const std::bad_alloc&) {
        message = tr("Cannot play video '%1': out of memory.").arg(m_path);
    } catch (const std::exception& e) {
        message = tr("Cannot play video '%1': %2").arg(m_path, QString::fromUtf8(e.what()));
    } catch (...) {
        message = tr("Cannot play video '%1': an unexpected error stopped it.").arg(m_path);
    }
    if (!m_stop) reportFailure(message);
}

void VideoFileSource::reportFailure(const QString& message) {
    QMetaObject::invokeMethod(
        this, [this, message] { emit failed(message); }, Qt::QueuedConnection);
}

void VideoFileSource::play() {
    ds::VideoDecoder& decoder = *m_decoder;
    decoder.open(m_path);
    const ds::VideoInfo info = decoder.info();
    QMetaObject::invokeMethod(this, [this, info] { m_info = info; }, Qt::QueuedConnection);
    ds::FrameSchedule schedule(info.fps);
    QElapsedTimer clock;
    clock.start();
    // Frozen: waits until unfrozen (or stopped); the clock starts again from there.
    const auto holdWhilePaused = [&] {  // with m_mutex held
        if (!m_paused) return;
        while (m_paused && !m_stop) m_wake.wait(&m_mutex);
        clock.restart();
        schedule.rebase(0);
    };
    while (!m_stop) {
        {
            QMutexLocker lock(&m_mutex);
            holdWhilePaused();
        }
        if (m_stop) break;
        ds::VideoFrame frame;
        if (!decoder.next(frame)) {
            if (m_stop) break;
            if (!m_loop) {
                QMetaObject::invokeMethod(this, [this] { emit ended(); }, Qt::QueuedConnection);
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
            QMutexLocker lock(&m_mutex);
            if (!m_stop && !m_paused) m_wake.wait(&m_mutex, QDeadlineTimer(waitMs));
            holdWhilePaused();  // frozen while waiting: this frame comes first after unfreezing
        }
        if (m_stop) break;
        m_positionS = frame.timeS;
        deliver(frame);
    }
}

void VideoFileSource::deliver(const ds::VideoFrame& frame) {
    LiveFrame live;
    live.image = frame.image;
    live.index = frame.index;
    live.timeS = frame.timeS;
    live.source = tr("%1, frame %2 (%3)")
                      .arg(QFileInfo(m_path).fileName())
                      .arg(frame.index)
                      .arg(ds::formatVideoTime(frame.timeS));
    m_slot.put(std::move(live));  // replaces a frame the window has not taken yet
}

}  // namespace ds::ui
