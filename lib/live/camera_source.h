#pragma once
// A camera as a live source, through Qt Multimedia (QCamera -> QMediaCaptureSession ->
// QVideoSink).
//
// Frames reach the GUI thread through a one-frame slot (latest_frame_slot.h): the sink's
// thread keeps only the newest QVideoFrame, and the GUI thread converts to QImage only the
// frame it takes. A busy GUI thread therefore skips camera frames (droppedAtSource()) instead
// of queueing them and converting each one.
//
// cameras() lists what Qt Multimedia finds now; an empty list is normal (no camera), not an
// error. A camera that fails (unplugged, busy, permission denied) emits failed() with Qt's
// message and a hint.
#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QString>
#include <QVideoFrame>

#include <memory>

#include "frame_source.h"
#include "latest_frame_slot.h"

class QCamera;
class QMediaCaptureSession;
class QVideoSink;

namespace ds::ui {

struct CameraChoice {
    QByteArray id;        // QCameraDevice::id(), remembered in the settings
    QString description;  // what the menu shows
    bool isDefault = false;
};

class CameraSource : public FrameSource {
    Q_OBJECT
public:
    explicit CameraSource(QObject* parent = nullptr);
    // Frames from `sink` instead of a camera: start() listens to it, stop() stops listening;
    // everything after the sink is the camera's own path. For tests, which feed a sink of
    // their own with QVideoSink::setVideoFrame (from any thread, as a camera's backend does).
    CameraSource(QVideoSink* sink, const QString& description, QObject* parent = nullptr);
    ~CameraSource() override;

    static QList<CameraChoice> cameras();

    // The camera to use (its id; empty: the system default). Takes effect at the next start().
    void setCamera(const QByteArray& id);
    QByteArray cameraId() const { return m_id; }

    bool start() override;
    void stop() override;
    // From start() to stop() (a camera that goes away stops the source).
    bool isRunning() const override { return m_running; }
    QString description() const override { return m_description; }
    // Camera frames replaced by a newer one before the GUI thread took them.
    qint64 droppedAtSource() const override { return m_slot->replaced(); }

private:
    bool openCamera();  // creates the camera and its session; false: failed()
    void listen(QVideoSink* sink);
    void deliver();  // the GUI thread's wake-up: converts the newest frame

    QByteArray m_id;
    QString m_description;
    QPointer<QVideoSink> m_testSink;  // set: frames come from it, not from a camera
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QCamera> m_camera;
    std::unique_ptr<QVideoSink> m_sink;
    // Shared with the sink's connection, which may still be running on the sink's thread
    // while stop() disconnects it.
    std::shared_ptr<LatestFrameSlot<QVideoFrame>> m_slot;
    QMetaObject::Connection m_sinkConnection;
    bool m_running = false;
    qint64 m_frames = 0;
};

}  // namespace ds::ui
