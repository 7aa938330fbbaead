// Live mode's frame rules (issue: live camera and video): frames pushed through the path a
// camera's frames take (FrameSource::frameReady -> LiveFeed -> worker) update the
// predictions; frames that arrive while the network is busy are dropped, never queued;
// freeze holds the frame; frames of a stopped or replaced source are dropped. Split from
// tst_live, which keeps the window side (video files, the camera menu entry, Teach).
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QRegularExpression>
#include <QPushButton>
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

class TestLiveFeed : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
        qRegisterMetaType<ds::ui::ViewResult>();
    }
    void feedKeepsOnlyTheNewestFrame();
    void pushedFramesUpdatePredictions();
    void framesAreDroppedNotQueuedWhileBusy();
    void docksStayPutWhileFramesFlow();
    void freezeHoldsTheFrame();
    void framesPostedBeforeStopAreDropped();
    void framesOfTheOldSourceAreDropped();

private:
    QTemporaryDir m_tmp;
};

void TestLiveFeed::feedKeepsOnlyTheNewestFrame() {
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

void TestLiveFeed::pushedFramesUpdatePredictions() {
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

void TestLiveFeed::framesAreDroppedNotQueuedWhileBusy() {
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

void TestLiveFeed::docksStayPutWhileFramesFlow() {
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

void TestLiveFeed::freezeHoldsTheFrame() {
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

void TestLiveFeed::framesPostedBeforeStopAreDropped() {
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

void TestLiveFeed::framesOfTheOldSourceAreDropped() {
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

QTEST_MAIN(TestLiveFeed)
#include "tst_live_feed.moc"
