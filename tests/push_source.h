// A camera stand-in for the live tests (tst_live, tst_window_controllers): frames go out when
// the test says so, pausing is recorded, and a failure can be simulated. With `sameCaption`
// every frame has the same caption, as a camera's do ("Camera: NAME").
#pragma once

#include <QImage>
#include <QMetaObject>
#include <QString>

#include <utility>

#include "frame_source.h"
#include "live_feed.h"

namespace uitest {

class PushSource : public ds::ui::FrameSource {
public:
    explicit PushSource(bool sameCaption = false,
                        QString description = QStringLiteral("test camera"))
        : m_sameCaption(sameCaption), m_description(std::move(description)) {}
    bool start() override {
        m_running = true;
        emit stateChanged();
        return true;
    }
    void stop() override {
        m_running = false;
        emit stateChanged();
    }
    void setPaused(bool paused) override { m_paused = paused; }
    bool isRunning() const override { return m_running; }
    QString description() const override { return m_description; }
    bool paused() const { return m_paused; }
    // Stops with this reason, as a camera that went away does.
    void fail(const QString& message) {
        m_running = false;
        emit failed(message);
    }
    void push(const QImage& image, qint64 index) { emit frameReady(frame(image, index)); }
    // As VideoFileSource delivers: the frame waits in the event queue and is emitted from
    // there, whatever happened to the source meanwhile.
    void post(const QImage& image, qint64 index) {
        QMetaObject::invokeMethod(
            this, [this, f = frame(image, index)] { emit frameReady(f); }, Qt::QueuedConnection);
    }

private:
    ds::ui::LiveFrame frame(const QImage& image, qint64 index) const {
        ds::ui::LiveFrame f;
        f.image = image;
        f.index = index;
        f.source = m_sameCaption ? m_description
                                 : QStringLiteral("%1, frame %2").arg(m_description).arg(index);
        return f;
    }

    bool m_sameCaption = false;
    QString m_description;
    bool m_running = false;
    bool m_paused = false;
};

}  // namespace uitest
