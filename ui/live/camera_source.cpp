#include "camera_source.h"

#include <QCamera>
#include <QCameraDevice>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoFrame>
#include <QVideoSink>

namespace ds::ui {

CameraSource::CameraSource(QObject* parent) : FrameSource(parent) {}

CameraSource::~CameraSource() {
    blockSignals(true);  // nobody is told about a source that is going away
    stop();
}

QList<CameraChoice> CameraSource::cameras() {
    QList<CameraChoice> list;
    for (const QCameraDevice& device : QMediaDevices::videoInputs())
        list.append(CameraChoice{device.id(), device.description(), device.isDefault()});
    return list;
}

void CameraSource::setCamera(const QByteArray& id) { m_id = id; }

bool CameraSource::start() {
    if (isRunning()) return true;
    QCameraDevice device = QMediaDevices::defaultVideoInput();
    bool found = m_id.isEmpty() && !device.isNull();
    for (const QCameraDevice& d : QMediaDevices::videoInputs()) {
        if (!m_id.isEmpty() && d.id() == m_id) {
            device = d;
            found = true;
        }
    }
    if (!found) {
        emit failed(m_id.isEmpty()
                        ? tr("No camera was found. Connect one, then choose it in the Live menu.")
                        : tr("The chosen camera is no longer connected. Connect it again or "
                             "choose another in the Live menu."));
        return false;
    }
    m_description = device.description();
    m_camera = std::make_unique<QCamera>(device);
    m_sink = std::make_unique<QVideoSink>();
    m_session = std::make_unique<QMediaCaptureSession>();
    m_session->setCamera(m_camera.get());
    m_session->setVideoSink(m_sink.get());
    connect(m_sink.get(), &QVideoSink::videoFrameChanged, this, &CameraSource::onFrame,
            Qt::QueuedConnection);
    connect(m_camera.get(), &QCamera::errorOccurred, this,
            [this](QCamera::Error, const QString& text) {
                const QString name = m_description;
                // Not from inside the camera's own signal: stop() deletes it.
                QMetaObject::invokeMethod(this, &CameraSource::stop, Qt::QueuedConnection);
                emit failed(tr("The camera %1 stopped: %2. Check that no other program uses it "
                               "and that you may use it, then start it again.")
                                .arg(name, text));
            });
    connect(m_camera.get(), &QCamera::activeChanged, this, &FrameSource::stateChanged);
    m_frames = 0;
    m_camera->start();
    return true;
}

void CameraSource::stop() {
    if (m_camera) {
        m_camera->disconnect(this);
        m_camera->stop();
    }
    if (m_sink) m_sink->disconnect(this);
    m_session.reset();
    m_sink.reset();
    const bool had = m_camera != nullptr;
    m_camera.reset();
    if (had) emit stateChanged();
}

bool CameraSource::isRunning() const { return m_camera && m_camera->isActive(); }

void CameraSource::onFrame(const QVideoFrame& frame) {
    if (!frame.isValid()) return;
    const QImage image = frame.toImage();
    if (image.isNull()) return;
    LiveFrame live;
    live.image = image;
    live.index = m_frames++;
    live.source = tr("Camera: %1").arg(m_description);
    emit frameReady(live);
}

}  // namespace ds::ui
