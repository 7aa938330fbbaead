#include "video_file_source.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cmath>

namespace ds::ui {

VideoFileSource::VideoFileSource(QObject* parent) : FrameSource(parent) {}

VideoFileSource::~VideoFileSource() {
    blockSignals(true);  // nobody is told about a source that is going away
    stop();
}

void VideoFileSource::open(const QString& path) {
    stop();
    auto decoder = std::make_unique<ds::VideoDecoder>();
    decoder->open(path);
    m_info = decoder->info();
    m_decoder = std::move(decoder);
    m_played = false;
    m_positionS = 0;
}

bool VideoFileSource::start() {
    if (!m_decoder) {
        emit failed(tr("No video is open."));
        return false;
    }
    if (isRunning()) return true;
    if (m_played) {
        // Stopped (its reads interrupted) or at its end: from the start again.
        try {
            m_decoder->open(m_info.path);
        } catch (const ds::Error& e) {
            emit failed(QString::fromUtf8(e.what()));  // the file went meanwhile
            return false;
        }
        m_positionS = 0;
    }
    m_played = true;
    m_stop = false;
    {
        QMutexLocker lock(&m_mutex);
        m_paused = false;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("video"));
    // The thread ends by itself at the end of a video that does not loop, or on an error.
    connect(m_thread.get(), &QThread::finished, this, &FrameSource::stateChanged);
    // Below the network's threads: on a 2-core machine a decoder that takes a core in the
    // middle of a forward pass stalls both of the pass's threads (they work in lockstep); at
    // idle priority it decodes in the gaps, and the frames it is late for are ones live mode
    // would drop anyway.
    m_thread->start(QThread::IdlePriority);
    emit stateChanged();
    return true;
}

void VideoFileSource::stop() {
    if (!m_thread) return;
    m_thread->disconnect(this);
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

QString VideoFileSource::description() const { return QFileInfo(m_info.path).fileName(); }

QString VideoFileSource::position() const {
    QString text = ds::formatVideoTime(m_positionS.load());
    if (m_info.durationS > 0) text += QStringLiteral(" / ") + ds::formatVideoTime(m_info.durationS);
    return text;
}

void VideoFileSource::run() {
    ds::VideoDecoder& decoder = *m_decoder;
    QElapsedTimer clock;
    clock.start();
    double clockZeroS = 0;  // the video time that clock 0 stands for
    bool first = true;
    try {
        while (!m_stop) {
            {
                QMutexLocker lock(&m_mutex);
                if (m_paused) {
                    const double pausedAt = m_positionS.load();
                    while (m_paused && !m_stop) m_wake.wait(&m_mutex);
                    clock.restart();
                    clockZeroS = pausedAt;
                }
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
                first = true;
                continue;
            }
            if (first) {
                clock.restart();
                clockZeroS = frame.timeS;
                first = false;
            }
            // Wait for the frame's presentation time (a camera delivers no faster).
            const double dueMs = (frame.timeS - clockZeroS) * 1000.0;
            const qint64 waitMs = qint64(std::floor(dueMs)) - clock.elapsed();
            if (waitMs > 0) {
                QMutexLocker lock(&m_mutex);
                if (!m_stop) m_wake.wait(&m_mutex, QDeadlineTimer(waitMs));
                if (m_paused) {
                    // Frozen while waiting: this frame comes first after unfreezing.
                    while (m_paused && !m_stop) m_wake.wait(&m_mutex);
                    clock.restart();
                    clockZeroS = frame.timeS;
                }
            }
            if (m_stop) break;
            m_positionS = frame.timeS;
            deliver(frame);
        }
    } catch (const ds::Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QMetaObject::invokeMethod(this, [this, message] { emit failed(message); },
                                  Qt::QueuedConnection);
    }
}

void VideoFileSource::deliver(const ds::VideoFrame& frame) {
    if (m_queued.load() >= kMaxQueued) {
        ++m_droppedAtSource;  // the window has not taken the last ones yet
        return;
    }
    ++m_queued;
    LiveFrame live;
    live.image = frame.image;

    live.index = frame.index;
    live.timeS = frame.timeS;
    live.source = tr("%1, frame %2 (%3)")
                      .arg(QFileInfo(m_info.path).fileName())
                      .arg(frame.index)
                      .arg(ds::formatVideoTime(frame.timeS));
    QMetaObject::invokeMethod(
        this,
        [this, live] {
            --m_queued;
            emit frameReady(live);
        },
        Qt::QueuedConnection);
}

}  // namespace ds::ui
