// Live mode's window side (issue: live camera and video): a video file made here with the
// ffmpeg program plays through the camera's path; a broken or missing one is refused
// clearly; no camera gives a disabled menu entry that says so; the Teach tab captures live
// frames into a class. The frame rules (newest frame only, drop while busy, freeze, stale
// frames) are in tst_live_feed.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QProcess>
#include <QRegularExpression>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

#ifdef __linux__
#include <sched.h>
#endif

#include "camera_source.h"
#include "feature_map_panel.h"
#include "frame_source.h"
#include "live_feed.h"
#include "predictions_chart.h"
#include "push_source.h"
#include "teach_panel.h"
#include "ui_test_support.h"
#include "video_file_source.h"

using namespace uitest;
using ds::ui::LiveFeed;
using ds::ui::LiveFrame;

namespace {

QImage colourFrame(int i) {
    QImage image(96, 72, QImage::Format_RGB888);
    image.fill(QColor::fromHsv((i * 37) % 360, 200, 60 + (i * 13) % 180));
    return image;
}

}  // namespace

class TestLive : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
        qRegisterMetaType<ds::ui::ViewResult>();
        // A 3 s clip at 30 fps whose frames all differ (ffmpeg's moving test pattern).
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        QVERIFY2(!ffmpeg.isEmpty(), "the ffmpeg program is needed (packaging/install-deps.sh)");
        m_video = m_tmp.filePath(QStringLiteral("clip.mp4"));
        QProcess p;
        p.start(ffmpeg, {"-loglevel", "error", "-y", "-f", "lavfi", "-i",
                         "testsrc2=size=160x120:rate=30", "-t", "3", "-c:v", "mpeg4", "-q:v", "4",
                         m_video});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
    }
    void videoFilePlaysThroughTheSamePath();
    void brokenVideoIsRefusedClearly();
    void noCameraDisablesTheMenuEntry();
    void teachCapturesLiveFrames();
    void teachCapturesEachNewCameraFrame();

private:
    QTemporaryDir m_tmp;
    QString m_video;
};

void TestLive::videoFilePlaysThroughTheSamePath() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    QSignalSpy views(w.get(), &ds::ui::MainWindow::viewApplied);
    QVERIFY(w->live()->openVideo(m_video));
    QVERIFY(w->live()->isLive());
#ifdef __linux__
    // The window's thread keeps its policy while live: SCHED_BATCH bought nothing measurable
    // (benchmarks/README.md, "Live mode") and penalised the one interactive thread.
    QCOMPARE(sched_getscheduler(0), SCHED_OTHER);
#endif
    QTRY_VERIFY_WITH_TIMEOUT(w->live()->feed()->stats().answered >= 10, kWaitMs);
    const auto last = qvariant_cast<ds::ui::ViewResult>(views.last().at(0));
    QVERIFY2(last.source.startsWith("clip.mp4, frame "), qPrintable(last.source));
    QCOMPARE(last.original.size(), QSize(160, 120));
    const QString status = w->live()->statusText();
    QVERIFY2(status.contains("clip.mp4") && status.contains("fps") && status.contains("dropped"),
             qPrintable(status));
    // Freeze pauses the video where it is. Its position ("0:01.3 / 0:03.0", tenths of a
    // second, where the decoder is) may still move by the frame being delivered as the freeze
    // came, one step of 0.1 s at most; over the 300 ms pause a playing video moves 0.2 s or
    // more. Then it goes on.
    const auto positionS = [&w] {
        static const QRegularExpression time(QStringLiteral("^(\\d+):(\\d+\\.\\d)"));
        const auto m = time.match(w->live()->source()->position());
        return m.hasMatch() ? m.captured(1).toInt() * 60 + m.captured(2).toDouble() : -1.0;
    };
    w->live()->setFrozen(true);
    const double at = positionS();
    QVERIFY(at >= 0);
    QTest::qWait(300);  // the pause itself, not a wait for something to happen
    const double after = positionS();
    const double moved = after >= at ? after - at : after;  // (or it looped to the start)
    QVERIFY2(after >= 0 && moved <= 0.1 + 1e-9,
             qPrintable(QStringLiteral("frozen at %1 s, at %2 s 300 ms later").arg(at).arg(after)));
    w->live()->setFrozen(false);
    QTRY_VERIFY_WITH_TIMEOUT(positionS() != after, 5000);
    w->live()->stop();
    QVERIFY(!w->live()->isLive());
    QVERIFY(w->live()->statusText().startsWith("Live stopped"));
#ifdef __linux__
    QCOMPARE(sched_getscheduler(0), SCHED_OTHER);
#endif
    // Without looping the video ends by itself.
    auto* video = qobject_cast<ds::ui::VideoFileSource*>(w->live()->source());
    QVERIFY(video);
    QCOMPARE(video->info().fps, 30.0);
    video->setLoop(false);
    QSignalSpy ended(video, &ds::ui::FrameSource::ended);
    QVERIFY(video->start());
    QVERIFY(ended.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!w->live()->isLive(), 5000);
    // Started again after its end, it plays from the start (the last frame's answer may come
    // first: it was still on its way).
    const QRegularExpression frameNumber(QStringLiteral("^clip\\.mp4, frame (\\d+) "));
    const auto shownFrame = [&] {
        if (views.isEmpty()) return -1;
        const auto v = qvariant_cast<ds::ui::ViewResult>(views.last().at(0));
        const auto m = frameNumber.match(v.source);
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    };
    QVERIFY(shownFrame() >= 45);  // near the clip's end (frame 89: 3 s at 30 frames/s)
    QVERIFY(video->start());
    QTRY_VERIFY_WITH_TIMEOUT(shownFrame() >= 0 && shownFrame() < 45, 10000);
    w->live()->stop();
}

void TestLive::brokenVideoIsRefusedClearly() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    const QString text = m_tmp.filePath("notes.mp4");
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a video\n");
    }
    QSignalSpy errors(w.get(), &ds::ui::MainWindow::errorShown);
    QVERIFY(!w->live()->openVideo(text));
    QCOMPARE(errors.size(), 1);
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains("notes.mp4") && message.contains("not a video file"), qPrintable(message));
    QVERIFY(!w->live()->isLive());
    QVERIFY(!w->live()->openVideo(m_tmp.filePath("missing.mp4")));
}

void TestLive::noCameraDisablesTheMenuEntry() {
    if (!ds::ui::CameraSource::cameras().isEmpty()) QSKIP("this machine has a camera");
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    QMenu* menu = w->liveMenu();
    emit menu->aboutToShow();  // the list is made when the menu opens
    QAction* none = menu->findChild<QAction*>(QStringLiteral("noCameraAction"));
    QVERIFY(none);
    QVERIFY(menu->actions().contains(none));
    QVERIFY(!none->isEnabled());
    QVERIFY2(none->text().contains("No camera found"), qPrintable(none->text()));
    // Starting the camera anyway says why, without a dialog.
    QSignalSpy errors(w.get(), &ds::ui::MainWindow::errorShown);
    QVERIFY(!w->live()->startCamera());
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().at(1).toString().contains("No camera was found"));
    // Video still works from the same menu.
    QVERIFY(menu->actions().contains(w->findChild<QAction*>("actionOpenVideo")));
}

void TestLive::teachCapturesLiveFrames() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    ds::ui::TeachPanel* teach = w->findChild<ds::ui::TeachPanel*>();
    QVERIFY(teach);
    QVERIFY(w->raisePanel(QStringLiteral("teach")));
    const int c = teach->addClass(QStringLiteral("pattern"));
    auto* capture = teach->findChild<QPushButton*>(QStringLiteral("teachCapture"));
    QVERIFY(capture);
    QVERIFY(!capture->isEnabled());  // nothing live yet
    QVERIFY(w->live()->openVideo(m_video));
    QTRY_VERIFY_WITH_TIMEOUT(capture->isEnabled(), 5000);
    // Hold the button until five new frames have gone in, one at most for each tick of the
    // capture timer, each a different file.
    auto* timer = teach->findChild<QTimer*>(QStringLiteral("teachCaptureTimer"));
    QVERIFY(timer);
    QSignalSpy ticks(timer, &QTimer::timeout);
    QTest::mousePress(capture, Qt::LeftButton);
    QVERIFY(teach->capturing());
    QTRY_VERIFY_WITH_TIMEOUT(teach->capturedCount() >= 5, 10000);
    QTest::mouseRelease(capture, Qt::LeftButton);
    QVERIFY(!teach->capturing());
    const QStringList files = teach->examples(c);
    QVERIFY2(files.size() <= ticks.size() + 1,
             qPrintable(QStringLiteral("%1 files, %2 ticks").arg(files.size()).arg(ticks.size())));
    QCOMPARE(files.size(), teach->capturedCount());
    QCOMPARE(QSet<QString>(files.begin(), files.end()).size(), files.size());
    QCOMPARE(QImage(files.first()).size(), QSize(160, 120));
    // Frozen: the same frame is never captured twice, however many ticks pass.
    w->live()->setFrozen(true);
    ticks.clear();
    teach->startCapture();
    QTRY_VERIFY_WITH_TIMEOUT(ticks.size() >= 3, 5000);
    teach->stopCapture();
    QVERIFY(teach->examples(c).size() <= files.size() + 1);
    w->live()->stop();
    QVERIFY(!capture->isEnabled());
}

void TestLive::teachCapturesEachNewCameraFrame() {
    // A camera's frames all have the same caption; each hold still captures the frame that is
    // new since the last one, and only that.
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* teach = w->findChild<ds::ui::TeachPanel*>();
    QVERIFY(teach);
    QVERIFY(w->raisePanel(QStringLiteral("teach")));
    const int c = teach->addClass(QStringLiteral("camera"));
    auto* source = new PushSource(/*sameCaption=*/true);
    w->live()->setSource(source);
    QVERIFY(source->start());
    for (int i = 0; i < 3; ++i) {
        source->push(colourFrame(i), i);
        teach->startCapture();  // captures the frame shown as the hold begins
        teach->stopCapture();
        QCOMPARE(teach->capturedCount(), 1);
        QCOMPARE(teach->examples(c).size(), i + 1);
    }
    // No new frame since the last hold: nothing is added.
    teach->startCapture();
    teach->stopCapture();
    QCOMPARE(teach->capturedCount(), 0);
    QCOMPARE(teach->examples(c).size(), 3);
    // Every frame the feed takes has its own increasing number.
    const quint64 before = w->live()->feed()->latest().sequence;
    source->push(colourFrame(9), 9);
    QVERIFY(w->live()->feed()->latest().sequence > before);
    w->live()->stop();
}

QTEST_MAIN(TestLive)
#include "tst_live.moc"
