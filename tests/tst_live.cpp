// Live mode (issue: live camera and video): frames pushed through the path a camera's frames
// take (FrameSource::frameReady -> LiveFeed -> worker) update the predictions; frames that
// arrive while the network is busy are dropped, never queued; freeze holds the frame; a video
// file made here with the ffmpeg program plays through the same path; no camera gives a
// disabled menu entry that says so; the Teach tab captures live frames into a class.
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

// Runs the events posted so far (on this thread): true once they have all been handled.
bool flushPostedEvents() {
    bool done = false;
    QObject context;
    QMetaObject::invokeMethod(&context, [&done] { done = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&done] { return done; }, kWaitMs);
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
    void feedKeepsOnlyTheNewestFrame();
    void pushedFramesUpdatePredictions();
    void framesAreDroppedNotQueuedWhileBusy();
    void docksStayPutWhileFramesFlow();
    void freezeHoldsTheFrame();
    void videoFilePlaysThroughTheSamePath();
    void brokenVideoIsRefusedClearly();
    void noCameraDisablesTheMenuEntry();
    void teachCapturesLiveFrames();
    void teachCapturesEachNewCameraFrame();
    void framesPostedBeforeStopAreDropped();
    void framesOfTheOldSourceAreDropped();

private:
    QTemporaryDir m_tmp;
    QString m_video;
};

void TestLive::feedKeepsOnlyTheNewestFrame() {
    QList<QString> sent;
    quint64 nextId = 0;
    LiveFeed feed([&](const LiveFrame& f) {
        sent << f.source;
        return ++nextId;
    });
    auto frame = [](int i) {
        LiveFrame f;
        f.image = colourFrame(i);
        f.source = QString::number(i);
        return f;
    };
    feed.offer(frame(0));  // the network is free: goes at once
    QCOMPARE(sent, QList<QString>{"0"});
    for (int i = 1; i <= 5; ++i) feed.offer(frame(i));  // busy: 1..4 replaced, 5 held
    QCOMPARE(sent.size(), 1);
    QVERIFY(feed.hasHeldFrame());
    QCOMPARE(feed.stats().dropped, 4);
    feed.workerFree(0 /* stale id is ignored */ + 0);
    QCOMPARE(sent, (QList<QString>{"0", "5"}));  // the newest, not 1
    feed.workerFree(feed.inFlight());
    QCOMPARE(feed.inFlight(), quint64(0));
    QVERIFY(!feed.hasHeldFrame());
    const auto s = feed.stats();
    QCOMPARE(s.offered, 6);
    QCOMPARE(s.submitted, 2);
    QCOMPARE(s.answered, 2);
    QCOMPARE(s.dropped, 4);
    QCOMPARE(feed.latest().source, QStringLiteral("5"));
    // Frozen: frames are ignored, not counted as dropped.
    feed.setFrozen(true);
    feed.offer(frame(6));
    QCOMPARE(sent.size(), 2);
    QCOMPARE(feed.stats().offered, 6);
    feed.setFrozen(false);
    feed.offer(frame(7));
    QCOMPARE(sent.last(), QStringLiteral("7"));
}

void TestLive::pushedFramesUpdatePredictions() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* source = new PushSource;
    w->live()->setSource(source);
    QVERIFY(source->start());
    QList<ds::ui::ViewResult> views;
    connect(w.get(), &ds::ui::MainWindow::viewApplied, this,
            [&](const ds::ui::ViewResult& v) { views << v; });
    std::vector<float> previous;
    for (int i = 0; i < 3; ++i) {
        source->push(colourFrame(i * 5), i);
        QTRY_VERIFY_WITH_TIMEOUT(
            !views.isEmpty() &&
                views.last().source == QStringLiteral("test camera, frame %1").arg(i),
            kWaitMs);
        const auto& v = views.last();
        QCOMPARE(v.original.size(), QSize(96, 72));
        QVERIFY(!v.top.empty());
        QVERIFY(v.map);  // the selected layer's maps come with every frame
        std::vector<float> probs;
        for (const auto& p : v.top) probs.push_back(p.probability);
        QVERIFY2(probs != previous, "each frame gets its own predictions");
        previous = probs;
    }
    // The caption names the frame; recent files stay the user's files.
    QVERIFY(!w->recentFiles().contains("test camera, frame 2"));
    QVERIFY(w->live()->statusText().contains("test camera"));
}

void TestLive::framesAreDroppedNotQueuedWhileBusy() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* source = new PushSource;
    w->live()->setSource(source);
    source->start();
    const quint64 forwardsBefore = w->worker()->forwardCount();
    QSignalSpy views(w.get(), &ds::ui::MainWindow::viewApplied);
    // 60 frames in one burst, faster than any network: the first goes, each later one replaces
    // the one held back.
    for (int i = 0; i < 60; ++i) source->push(colourFrame(i), i);
    LiveFeed* feed = w->live()->feed();
    QVERIFY(feed->inFlight() != 0);
    QVERIFY(feed->hasHeldFrame());
    QCOMPARE(feed->stats().submitted, 1);
    QCOMPARE(feed->stats().dropped, 58);
    QTRY_VERIFY_WITH_TIMEOUT(feed->inFlight() == 0 && w->isIdle(), kWaitMs);
    // Two passes: the first frame and the newest; nothing in between was computed.
    QCOMPARE(w->worker()->forwardCount() - forwardsBefore, quint64(2));
    QCOMPARE(feed->stats().answered, 2);
    const auto last = qvariant_cast<ds::ui::ViewResult>(views.last().at(0));
    QCOMPARE(last.source, QStringLiteral("test camera, frame 59"));
    QVERIFY2(w->live()->statusText().contains("97%"), qPrintable(w->live()->statusText()));  // 58 / 60
}

void TestLive::docksStayPutWhileFramesFlow() {
    // Each frame changes the status bar's timings and live text. Those changes once relayouted
    // the whole window, and Qt's dock layout moved the separators a few pixels every time:
    // the model column walked across the window within seconds of live mode.
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    w->resize(1280, 720);
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.denseblock1")); }));
    auto* model = w->findChild<QDockWidget*>(QStringLiteral("modelDock"));
    auto* image = w->findChild<QDockWidget*>(QStringLiteral("imageDock"));
    auto* source = new PushSource;
    w->live()->setSource(source);
    source->start();
    auto* statusTimer = w->findChild<QTimer*>(QStringLiteral("liveStatusTimer"));
    QVERIFY(statusTimer);
    QSignalSpy statusUpdates(statusTimer, &QTimer::timeout);
    int modelWidth = 0, imageWidth = 0;
    // Frame after frame until the status bar has been updated a few times meanwhile.
    for (int i = 0; i < 40 || statusUpdates.size() < 3; ++i) {
        QVERIFY2(i < 2000, "the live status was not updated while frames flowed");
        // The live status appears with the first frames (one relayout for the status bar's
        // new part); from then on nothing may move.
        if (i == 5) modelWidth = model->width(), imageWidth = image->width();
        source->push(colourFrame(i), i);
        QTRY_VERIFY_WITH_TIMEOUT(w->live()->feed()->inFlight() == 0, kWaitMs);
    }
    QCOMPARE(model->width(), modelWidth);
    QCOMPARE(image->width(), imageWidth);
}

void TestLive::freezeHoldsTheFrame() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* source = new PushSource;
    w->live()->setSource(source);
    source->start();
    source->push(colourFrame(1), 1);
    QTRY_VERIFY_WITH_TIMEOUT(w->live()->feed()->inFlight() == 0 && w->isIdle(), kWaitMs);
    // Space freezes, wherever the focus is (here: the network tree, where Space would select).
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QWidget* tree = w->findChild<QWidget*>(QStringLiteral("networkTreeView"));
    QVERIFY(tree);
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Space);
    QVERIFY(w->live()->isFrozen());
    QVERIFY(w->live()->statusText().startsWith("Frozen"));
    const quint64 forwards = w->worker()->forwardCount();
    const qint64 submitted = w->live()->feed()->stats().submitted;
    // Frames reach the feed as they are pushed: none is sent to the network.
    for (int i = 2; i < 20; ++i) source->push(colourFrame(i), i);
    QCOMPARE(w->live()->feed()->stats().submitted, submitted);
    QVERIFY(w->isIdle());
    QCOMPARE(w->worker()->forwardCount(), forwards);
    QCOMPARE(w->live()->feed()->latest().source, QStringLiteral("test camera, frame 1"));
    // The frozen frame can be inspected: another layer is answered from it.
    QVERIFY(settle(*w, [&] { w->selectLayer(QStringLiteral("features.transition1")); }));
    QCOMPARE(w->featureMaps()->featureMap()->layer, std::string("features.transition1"));
    QCOMPARE(w->worker()->forwardCount(), forwards);  // from the kept pass
    QTest::keyClick(tree, Qt::Key_Space);
    QVERIFY(!w->live()->isFrozen());
    source->push(colourFrame(30), 30);
    QTRY_VERIFY_WITH_TIMEOUT(w->live()->feed()->stats().answered == 2 && w->isIdle(), kWaitMs);
}

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

void TestLive::framesPostedBeforeStopAreDropped() {
    // Frames a source posted before Stop and delivered after it, and the frame held back for
    // the network, are not classified after "Live stopped".
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* source = new PushSource;
    w->live()->setSource(source);
    QVERIFY(source->start());
    LiveFeed* feed = w->live()->feed();
    source->push(colourFrame(0), 0);  // in flight
    source->push(colourFrame(1), 1);  // held back
    QVERIFY(feed->hasHeldFrame());
    for (int i = 2; i < 5; ++i) source->post(colourFrame(i), i);  // on their way
    QSignalSpy submitted(feed, &LiveFeed::frameSubmitted);
    w->live()->stop();
    QVERIFY(w->live()->statusText().startsWith("Live stopped"));
    QVERIFY(flushPostedEvents());
    QTRY_VERIFY_WITH_TIMEOUT(feed->inFlight() == 0 && w->isIdle(), kWaitMs);
    QCOMPARE(submitted.size(), 0);
    QCOMPARE(feed->stats().offered, 2);
    QCOMPARE(feed->latest().index, 1);
    // Started again, the source's new frames go to the network.
    QVERIFY(source->start());
    source->push(colourFrame(5), 5);
    QCOMPARE(submitted.size(), 1);
    QCOMPARE(feed->latest().index, 5);
    QTRY_VERIFY_WITH_TIMEOUT(feed->inFlight() == 0 && w->isIdle(), kWaitMs);
}

void TestLive::framesOfTheOldSourceAreDropped() {
    // Frames the previous source posted before another took over are not counted against the
    // new one, nor shown as its frames.
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;  // started() fails inside a helper
    auto* first = new PushSource;
    w->live()->setSource(first);
    QVERIFY(first->start());
    for (int i = 0; i < 3; ++i) first->post(colourFrame(i), i);
    auto* second = new PushSource;
    w->live()->setSource(second);
    QVERIFY(second->start());
    QSignalSpy submitted(w->live()->feed(), &LiveFeed::frameSubmitted);
    QVERIFY(flushPostedEvents());
    QCOMPARE(submitted.size(), 0);
    QCOMPARE(w->live()->feed()->stats().offered, 0);
    QVERIFY(w->live()->feed()->latest().image.isNull());
    second->push(colourFrame(7), 7);
    QCOMPARE(submitted.size(), 1);
    QCOMPARE(w->live()->feed()->latest().index, 7);
    QTRY_VERIFY_WITH_TIMEOUT(w->live()->feed()->inFlight() == 0 && w->isIdle(), kWaitMs);
}

QTEST_MAIN(TestLive)
#include "tst_live.moc"
