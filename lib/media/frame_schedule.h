#pragma once
// When each frame of a video file is due, on a steady clock (milliseconds), for playing it as a
// camera would deliver it (video_file_source.h).
//
// A frame is due one frame-time step after the one before: the difference of their timestamps.
// The timestamps of a file are not trusted: a step of zero or backwards, one that is not a
// number, or one
// longer than kMaxStepMs (an MPEG-TS timestamp wrap, clips concatenated hours apart, a crafted
// file) is a discontinuity, and the frame then follows the one before by one frame interval.
// So no wait is ever longer than kMaxStepMs, and the arithmetic stays in range whatever the
// timestamps are. When the player falls behind by more than kMaxStepMs (the machine was
// suspended), the schedule starts again from now instead of bursting through the backlog.
#include <QtGlobal>

#include <cmath>

namespace ds {

class FrameSchedule {
public:
    static constexpr qint64 kMaxStepMs = 2000;

    // `fps` (0: unknown) gives the step used at a discontinuity: one frame interval, at most
    // kMaxStepMs (a slideshow's), 40 ms when the rate is unknown or absurd.
    explicit FrameSchedule(double fps = 0)
        : m_intervalMs(!(fps > 0 && fps <= 1000) ? 40.0
                       : 1000.0 / fps > double(kMaxStepMs) ? double(kMaxStepMs)
                                                            : 1000.0 / fps) {}

    // The clock time (ms) at which the frame at `timeS` is due, `nowMs` being the clock now.
    // The first frame after restart() is due at once.
    qint64 due(double timeS, qint64 nowMs) {
        qint64 due = nowMs;
        if (m_started) {
            double stepMs = (timeS - m_lastTimeS) * 1000.0;
            // NaN, none (equal times would play as fast as the file decodes), backwards, a jump
            if (!(stepMs > 0 && stepMs <= double(kMaxStepMs))) {
                stepMs = m_intervalMs;
                ++m_discontinuities;
            }
            // stepMs is bounded; the clock readings are checked all the same.
            qint64 behind = 0;
            if (__builtin_add_overflow(m_lastDueMs, qint64(std::llround(stepMs)), &due) ||
                __builtin_sub_overflow(nowMs, due, &behind) || behind > kMaxStepMs)
                due = nowMs;  // far behind: start again from now
        }
        m_started = true;
        m_lastTimeS = timeS;
        m_lastDueMs = due;
        return due;
    }

    // How long to wait for a frame due at `dueMs`: 0 to kMaxStepMs.
    static qint64 waitMs(qint64 dueMs, qint64 nowMs) {
        if (dueMs <= nowMs) return 0;
        qint64 wait = 0;
        if (__builtin_sub_overflow(dueMs, nowMs, &wait) || wait > kMaxStepMs) return kMaxStepMs;
        return wait;
    }

    // The clock was restarted (after a pause) and now reads `nowMs`: the last frame counts as
    // shown now, and the next follows it by its own step.
    void rebase(qint64 nowMs) {
        if (m_started) m_lastDueMs = nowMs;
    }
    // From the start again (a rewind): the next frame is due at once.
    void restart() { m_started = false; }

    // Steps that were not trusted (see above).
    qint64 discontinuities() const { return m_discontinuities; }

private:
    double m_intervalMs;
    bool m_started = false;
    double m_lastTimeS = 0;
    qint64 m_lastDueMs = 0;
    qint64 m_discontinuities = 0;
};

}  // namespace ds
