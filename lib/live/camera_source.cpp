#include "camera_source.h"

#include <QCamera>
#include <QCameraDevice>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoSink>

namespace ds::ui {

CameraSource::CameraSource(QObject* parent)
    : FrameSource(parent), m_slot(std::make_shared<LatestFrameSlot<QVideoFrame>>()) {}

CameraSource::CameraSource(QVideoSink* sink, const QString& description, QObject* parent)
    : CameraSource(parent) {
    m_testSink = sink;
    m_description = description;
}

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
    if (m_testSink) {
        listen(m_testSink);
    } else {
        if (!openCamera()) return false;
        listen(m_sink.get());
        m_camera->start();
    }
    m_frames = 0;
    m_running = true;
    emit stateChanged();
    return true;
}

bool CameraSource::openCamera() {
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
    connect(m_camera.get(), &QCamera::errorOccurred, this,
            [this](QCamera::Error, const QString& text) {
                const QString name = m_description;
                // Not from inside the camera's own signal: stop() deletes it.
                QMetaObject::invokeMethod(this, &CameraSource::stop, Qt::QueuedConnection);
                emit failed(tr("The camera %1 stopped: %2. Check that no other program uses it "
                               "and that you may use it, then start it again.")
                                .arg(name, text));
            });
    connect(m_camera.get(), &QCamera::activeChanged, this, [this](bool active) {
        // Active -> inactive without an error (the device went away): the source has stopped.
        if (!active && m_running)
            QMetaObject::invokeMethod(this, &CameraSource::stop, Qt::QueuedConnection);
    });
    return true;
}

void CameraSource::listen(QVideoSink* sink) {
    m_slot->open(this, [this] { deliver(); });
    // Runs on the thread that emits (the camera backend's): no conversion there, and no event
    // per frame; the slot keeps the newest frame and wakes the GUI thread once.
    m_sinkConnection = connect(
        sink, &QVideoSink::videoFrameChanged, sink,
        [slot = m_slot](const QVideoFrame& frame) {
            if (frame.isValid()) slot->put(frame);
        },
        Qt::DirectConnection);
}

void CameraSource::stop() {
    // First: no wake-up from here on, and the frame waiting is dropped, so nothing the camera
    // sent before the stop arrives after it.
    m_slot->close();
    disconnect(m_sinkConnection);
    if (m_camera) {
        m_camera->disconnect(this);
        m_camera->stop();
    }
    m_session.reset();
    m_sink.reset();
    m_camera.reset();
    if (!m_running) return;
    m_running = false;
    emit stateChanged();
}

void CameraSource::deliver() {
    const std::optional<QVideoFrame> frame = m_slot->take();
    if (!frame || !m_running) return;
    const QImage image = frame->toImage();
    if (image.isNull()) return;
    LiveFrame live;
    live.image = image;
    live.index = m_frames++;
    live.source = tr("Camera: %1").arg(m_description);
    emit frameReady(live);
}

}  // namespace ds::ui
