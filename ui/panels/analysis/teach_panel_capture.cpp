// TeachPanel: live frames as examples. Hold the button (or C) while the camera or video shows
// the thing to teach; five new frames a second go into the selected class.
#include <QAbstractSpinBox>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextEdit>
#include <QTimer>

#include "live_feed.h"
#include "teach_panel.h"

namespace ds::ui {

namespace {
bool typingIn(QWidget* w) {
    return qobject_cast<QLineEdit*>(w) || qobject_cast<QTextEdit*>(w) ||
           qobject_cast<QPlainTextEdit*>(w) || qobject_cast<QAbstractSpinBox*>(w);
}
}  // namespace

void TeachPanel::setLiveFeed(LiveFeed* feed) {
    if (feed != m_liveFeed) m_lastCaptured = 0;  // sequence numbers belong to one feed
    m_liveFeed = feed;
    if (!m_captureTimer) {
        m_captureTimer = new QTimer(this);
        m_captureTimer->setObjectName(QStringLiteral("teachCaptureTimer"));  // tests count ticks
        m_captureTimer->setInterval(kCaptureIntervalMs);
        connect(m_captureTimer, &QTimer::timeout, this, &TeachPanel::captureFrame);
        // A held key that the system repeats without marking the repeats (some X servers,
        // remote desktops) arrives as release + press pairs: the capture ends only when no
        // press follows the release within kReleaseGraceMs, so one hold is one capture.
        m_releaseTimer = new QTimer(this);
        m_releaseTimer->setSingleShot(true);
        m_releaseTimer->setInterval(kReleaseGraceMs);
        connect(m_releaseTimer, &QTimer::timeout, this, &TeachPanel::stopCapture);
        // Key presses go to the focused widget, which is rarely this panel: watch them all.
        qApp->installEventFilter(this);
    }
    updateCaptureButton();
}

void TeachPanel::setLiveRunning(bool running) {
    m_liveRunning = running;
    if (!running) stopCapture();
    updateCaptureButton();
}

bool TeachPanel::capturing() const { return m_captureTimer && m_captureTimer->isActive(); }

void TeachPanel::startCapture() {
    if (capturing() || !m_liveFeed || !m_liveRunning || selectedClass() < 0) return;
    m_captured = 0;
    captureFrame();  // the frame shown as the key goes down, then every interval
    m_captureTimer->start();
    m_capture->setDown(true);
}

void TeachPanel::stopCapture() {
    if (m_releaseTimer) m_releaseTimer->stop();
    if (!capturing()) return;
    m_captureTimer->stop();
    m_capture->setDown(false);
    const int c = selectedClass();
    // Worded from the count and the class, again after a change of language.
    if (c < 0) return;
    setWordedMessage(
        [this, c, captured = m_captured] {
            if (captured == 0)
                return tr("No new frame came from the camera or video while you held it: "
                          "nothing was added to %1.")
                    .arg(className(c));
            return captured == 1 ? tr("1 frame added to %1.").arg(className(c))
                                 : tr("%1 frames added to %2.").arg(captured).arg(className(c));
        },
        m_captured == 0);
}

void TeachPanel::captureFrame() {
    const int c = selectedClass();
    if (!m_liveFeed || c < 0) return stopCapture();
    const LiveFrame& frame = m_liveFeed->latest();
    // Only new frames: a frozen or slow source must not fill the class with copies. By the
    // feed's sequence number, not the caption: a camera's captions are all the same.
    if (frame.image.isNull() || frame.sequence == m_lastCaptured) return;
    if (!addImage(c, frame.image)) return stopCapture();
    m_lastCaptured = frame.sequence;
    ++m_captured;
}

void TeachPanel::updateCaptureButton() {
    if (!m_capture) return;
    const bool can = m_liveFeed && m_liveRunning && selectedClass() >= 0;
    m_capture->setEnabled(can);
    m_capture->setToolTip(
        can ? tr("While you hold this button (or the C key), five new live frames a second go "
                 "into the selected class.")
            : tr("Start a camera or a video (Live menu) and select a class to capture live "
                 "frames into it."));
}

bool TeachPanel::eventFilter(QObject* watched, QEvent* event) {
    const auto type = event->type();
    if ((type == QEvent::KeyPress || type == QEvent::KeyRelease) && watched->isWidgetType()) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_C && !key->isAutoRepeat() &&
            (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier &&
            watched == QApplication::focusWidget()) {
            if (type == QEvent::KeyPress && capturing()) {  // a repeat: the hold goes on
                m_releaseTimer->stop();
                return true;
            }
            if (type == QEvent::KeyPress && isShown() && !typingIn(QApplication::focusWidget()) &&
                m_capture->isEnabled()) {
                startCapture();
                return true;
            }
            if (type == QEvent::KeyRelease && capturing()) {
                m_releaseTimer->start();
                return true;
            }
        }
    }
    return AnalysisPanel::eventFilter(watched, event);
}

}  // namespace ds::ui
