#pragma once
// Where the GUI thread's time goes: a QApplication whose notify() times every event the GUI
// thread dispatches while recording is on, by kind (the window applying a view, repainting,
// layout, timers...). Only outermost events count, so nothing is counted twice; paints are
// also counted by widget class (inside the repaint that sends them).
#include <QApplication>
#include <QString>

#include <map>

namespace livebench {

double threadCpuMs();  // the calling thread's CPU time so far

class ProfilingApp : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override;

    void setRecording(bool on) { m_recording = on; }
    void reset() { m_ms.clear(), m_paintMs.clear(), m_count.clear(); }
    // CPU ms of the GUI thread (CLOCK_THREAD_CPUTIME_ID: time descheduled does not count) per
    // outermost event kind ("view applied (MainWindow)", "repaint", ...) and per painted
    // widget class.
    const std::map<QString, double>& eventMs() const { return m_ms; }
    const std::map<QString, double>& paintMs() const { return m_paintMs; }
    const std::map<QString, int>& eventCount() const { return m_count; }

private:
    bool m_recording = false;
    int m_depth = 0;
    std::map<QString, double> m_ms, m_paintMs;
    std::map<QString, int> m_count;
};

}  // namespace livebench
