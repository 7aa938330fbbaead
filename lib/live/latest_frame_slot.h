#pragma once
// One frame between a producer thread (a camera's video sink, a decoder) and the GUI thread:
// a slot, never a queue.
//
// The producer put()s every frame on its own thread: the newest replaces one not yet taken
// (counted in replaced()), and one wake-up is posted to the receiver only when the slot was
// empty. The receiver's wake-up take()s whatever is newest then. However far the GUI thread
// falls behind (a busy window, a slow paint), at most one frame waits and one wake-up
// is queued, and only the frame taken needs converting. Both live sources (the camera and the
// video file) use it: one drop rule.
//
// Lifetime: the receiver open()s the slot when it starts and close()s it when it stops and
// before it is destroyed. After close() returns no wake-up is posted, so a producer on another
// thread never posts to a deleted object; frames put while closed are discarded.
//
// put() from any thread; open(), close() and take() on the receiver's thread.
#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <functional>
#include <optional>
#include <utility>

namespace ds::ui {

template <typename Frame>
class LatestFrameSlot {
public:
    // `wake` runs on `receiver`'s thread after a frame was put into the empty slot.
    void open(QObject* receiver, std::function<void()> wake) {
        QMutexLocker lock(&m_mutex);
        m_receiver = receiver;
        m_wake = std::move(wake);
    }

    // No more wake-ups; the frame waiting, if any, is discarded (not counted as replaced).
    void close() {
        std::optional<Frame> discarded;  // released after the lock: a camera buffer goes back
        QMutexLocker lock(&m_mutex);
        m_receiver = nullptr;
        m_wake = nullptr;
        discarded.swap(m_frame);
    }

    // False when the slot is closed (the frame is discarded).
    bool put(Frame frame) {
        std::optional<Frame> replaced;
        QMutexLocker lock(&m_mutex);
        if (!m_receiver) return false;
        const bool wasEmpty = !m_frame.has_value();
        if (!wasEmpty) {
            ++m_replaced;
            replaced.swap(m_frame);
        }
        m_frame = std::move(frame);
        // Under the lock, so close() cannot run between the check above and the post.
        if (wasEmpty) QMetaObject::invokeMethod(m_receiver, m_wake, Qt::QueuedConnection);
        return true;
    }

    // The newest frame put since the last take(); none when a wake-up finds the slot emptied.
    std::optional<Frame> take() {
        QMutexLocker lock(&m_mutex);
        std::optional<Frame> frame;
        frame.swap(m_frame);
        return frame;
    }

    // Frames replaced before they were taken, since the slot was made.
    qint64 replaced() const {
        QMutexLocker lock(&m_mutex);
        return m_replaced;
    }

private:
    mutable QMutex m_mutex;
    QObject* m_receiver = nullptr;
    std::function<void()> m_wake;
    std::optional<Frame> m_frame;
    qint64 m_replaced = 0;
};

}  // namespace ds::ui
