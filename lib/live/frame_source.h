#pragma once
// Where live frames come from: a camera (camera_source.h) or a video file
// (video_file_source.h). A source delivers frames on the GUI thread (frameReady) to the window's
// LiveFeed, which keeps only the newest (live_feed.h); tests push synthetic frames through the
// same LiveFeed::offer.
#include <QObject>
#include <QString>

#include "live_feed.h"

namespace ds::ui {

class FrameSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Starts delivering frames; false (with failed() already emitted) when it cannot.
    virtual bool start() = 0;
    virtual void stop() = 0;
    // Freeze: a video file pauses where it is; a camera keeps running (its frames are ignored).
    virtual void setPaused(bool paused) { Q_UNUSED(paused); }
    virtual bool isRunning() const = 0;
    // A short name for the status bar: the camera's description or the file's name.
    virtual QString description() const = 0;
    // Where the source is, for the status bar ("0:03.2 / 0:10.0"); empty: nothing to say.
    virtual QString position() const { return {}; }
    // Frames the source itself skipped because the window had not taken the ones before
    // (counted with LiveFeed's drops in the status bar).
    virtual qint64 droppedAtSource() const { return 0; }

signals:
    void frameReady(const ds::ui::LiveFrame& frame);
    void failed(const QString& message);  // the source stopped because of this
    void ended();                         // a video file reached its end (without looping)
    void stateChanged();                  // started or stopped (isRunning() changed)
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::LiveFrame)
