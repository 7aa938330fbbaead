#pragma once
// A camera as a live source, through Qt Multimedia (QCamera -> QMediaCaptureSession ->
// QVideoSink). Frames are converted to QImage on the GUI thread as they arrive.
//
// cameras() lists what Qt Multimedia finds now; an empty list is normal (no camera), not an
// error. A camera that fails (unplugged, busy, permission denied) emits failed() with Qt's
// message and a hint.
#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

#include "frame_source.h"

class QCamera;
class QMediaCaptureSession;
class QVideoFrame;
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
    ~CameraSource() override;

    static QList<CameraChoice> cameras();

    // The camera to use (its id; empty: the system default). Takes effect at the next start().
    void setCamera(const QByteArray& id);
    QByteArray cameraId() const { return m_id; }

    bool start() override;
    void stop() override;
    bool isRunning() const override;
    QString description() const override { return m_description; }

private:
    void onFrame(const QVideoFrame& frame);

    QByteArray m_id;
    QString m_description;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QCamera> m_camera;
    std::unique_ptr<QVideoSink> m_sink;
    qint64 m_frames = 0;
};

}  // namespace ds::ui
