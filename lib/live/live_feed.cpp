#include "live_feed.h"

#include <utility>

#include "frame_source.h"

namespace ds::ui {

LiveFeed::LiveFeed(Submit submit, QObject* parent) : QObject(parent), m_submit(std::move(submit)) {
    m_clock.start();
}

void LiveFeed::attach(FrameSource* source) {
    detach();
    m_source = source;
    // The run is fixed when the connection is made, so a frame that reaches this lambda after
    // the run ended (a queued delivery, a source that emits after stop()) is recognised.
    m_connection = connect(source, &FrameSource::frameReady, this,
                           [this, run = m_run](const LiveFrame& frame) {
                               if (run == m_run) offer(frame);
                           });
}

void LiveFeed::detach() {
    disconnect(m_connection);
    m_source.clear();
    ++m_run;
    // The frame held back would be classified after the source stopped: it is not.
    if (m_held) {
        ++m_stats.dropped;
        m_held.reset();
    }
}

bool LiveFeed::isAttached(const FrameSource* source) const {
    return source && m_source.data() == source;
}

void LiveFeed::offer(const LiveFrame& offered) {
    if (m_frozen || offered.image.isNull()) return;
    ++m_stats.offered;
    LiveFrame frame = offered;
    frame.sequence = ++m_sequence;
    m_latest = frame;
    if (m_inFlight == 0) {
        send(frame);
        return;
    }
    if (m_held) ++m_stats.dropped;  // never shown: a newer frame takes its place
    m_held = std::move(frame);
}

void LiveFeed::workerFree(quint64 id) {
    if (m_inFlight == 0 || (id != 0 && id < m_inFlight)) return;
    const quint64 answered = m_inFlight;
    m_inFlight = 0;
    ++m_stats.answered;
    m_answeredAt.push_back(m_clock.elapsed());
    emit frameAnswered(answered);
    if (m_held && !m_frozen) {
        LiveFrame next = std::move(*m_held);
        m_held.reset();
        send(next);
    }
}

void LiveFeed::send(const LiveFrame& frame) {
    m_inFlight = m_submit(frame);
    ++m_stats.submitted;
    emit frameSubmitted(frame, m_inFlight);
}

void LiveFeed::setFrozen(bool frozen) {
    if (frozen == m_frozen) return;
    m_frozen = frozen;
    // The frame on screen is the one to inspect: a frame still waiting is not shown later.
    if (frozen && m_held) {
        ++m_stats.dropped;
        m_held.reset();
    }
}

void LiveFeed::reset() {
    m_held.reset();
    m_latest = {};
    m_stats = {};
    m_answeredAt.clear();
    m_frozen = false;
    // A frame in flight still gets its answer; it no longer counts.
}

LiveStats LiveFeed::stats() const {
    LiveStats s = m_stats;
    const qint64 now = m_clock.elapsed();
    while (!m_answeredAt.empty() && now - m_answeredAt.front() > kRateWindowMs)
        m_answeredAt.pop_front();
    if (m_answeredAt.size() >= 2) {
        // Frames per second between the first and the last answer in the window, so a burst
        // that just started does not read as a high rate.
        const double span = double(m_answeredAt.back() - m_answeredAt.front()) / 1000.0;
        if (span > 0) s.fps = double(m_answeredAt.size() - 1) / span;
    }
    return s;
}

}  // namespace ds::ui
