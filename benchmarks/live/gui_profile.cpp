#include "gui_profile.h"

#include <QEvent>
#include <QMetaObject>
#include <QThread>

#include <time.h>

namespace livebench {

namespace {

QString kindOf(QObject* receiver, QEvent* event) {
    const QString cls = QString::fromLatin1(receiver->metaObject()->className());
    switch (event->type()) {
        case QEvent::MetaCall: return QStringLiteral("queued call to ") + cls;
        case QEvent::UpdateRequest: return QStringLiteral("repaint (UpdateRequest)");
        case QEvent::Paint: return QStringLiteral("paint ") + cls;
        case QEvent::LayoutRequest: return QStringLiteral("layout");
        case QEvent::Timer: return QStringLiteral("timer of ") + cls;
        default: return QStringLiteral("event %1").arg(int(event->type()));
    }
}

}  // namespace

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

bool ProfilingApp::notify(QObject* receiver, QEvent* event) {
    if (!m_recording || QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    // Named before dispatching: the event may delete its receiver (DeferredDelete) or itself.
    const bool outer = m_depth == 0;
    const bool paint = event->type() == QEvent::Paint;
    const QString kind = outer ? kindOf(receiver, event) : QString();
    const QString cls = paint ? QString::fromLatin1(receiver->metaObject()->className()) : QString();
    const double start = threadCpuMs();
    ++m_depth;
    const bool result = QApplication::notify(receiver, event);
    --m_depth;
    const double ms = threadCpuMs() - start;
    if (outer) m_ms[kind] += ms, ++m_count[kind];
    if (paint) m_paintMs[cls] += ms;
    return result;
}

}  // namespace livebench
