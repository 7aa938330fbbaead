// The real CameraSource, without a camera: QVideoFrames in the formats cameras deliver (NV12,
// YUYV, decoded MJPEG as RGBX) are fed into a QVideoSink the test owns, from a thread of their
// own as a camera backend does, and go through the source's own frame path (the one-frame
// slot, the conversion on the GUI thread) into the window's live feed and the Teach capture.
// Checks: each format's colours survive the conversion; a busy GUI thread skips frames
// instead of queueing them; 30 frames a second for 10 s are all accounted for (shown or
// dropped) with bounded memory; a capture adds one frame per new frame; nothing arrives after
// Stop.
#include <QElapsedTimer>
#include <QFile>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QVideoFrame>
#include <QVideoFrameFormat>
#include <QVideoSink>

#include <atomic>
#include <cstring>
#include <functional>

#include "camera_source.h"
#include "live_feed.h"
#include "teach_panel.h"
#include "ui_test_support.h"

using namespace uitest;
using ds::ui::CameraSource;
using ds::ui::LiveFeed;
using ds::ui::LiveFrame;

namespace {

constexpr QSize kFrameSize(640, 480);  // a common webcam mode
constexpr int kFps = 30;

// One colour per format, so a converted frame tells which path it took.
const QColor kNv12Colour(200, 80, 40);
const QColor kYuyvColour(40, 160, 200);
const QColor kRgbxColour(120, 60, 180);

// BT.601, limited ("video") range: what cameras send and what the frames are marked as.
void toYuv(const QColor& c, int& y, int& u, int& v) {
    const double r = c.red(), g = c.green(), b = c.blue();
    y = qRound(16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256);
    u = qRound(128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
    v = qRound(128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
}

QVideoFrame makeFrame(QVideoFrameFormat::PixelFormat pixelFormat, const QColor& colour) {
    QVideoFrameFormat format(kFrameSize, pixelFormat);
    format.setColorSpace(QVideoFrameFormat::ColorSpace_BT601);
    format.setColorRange(pixelFormat == QVideoFrameFormat::Format_RGBX8888
                             ? QVideoFrameFormat::ColorRange_Full
                             : QVideoFrameFormat::ColorRange_Video);
    QVideoFrame frame(format);
    if (!frame.map(QVideoFrame::WriteOnly)) return {};
    const int w = kFrameSize.width(), h = kFrameSize.height();
    int y = 0, u = 0, v = 0;
    toYuv(colour, y, u, v);
    switch (pixelFormat) {
        case QVideoFrameFormat::Format_NV12:  // a Y plane, then interleaved U and V at half size
            for (int row = 0; row < h; ++row)
                std::memset(frame.bits(0) + row * frame.bytesPerLine(0), y, size_t(w));
            for (int row = 0; row < h / 2; ++row) {
                uchar* line = frame.bits(1) + row * frame.bytesPerLine(1);
                for (int x = 0; x < w / 2; ++x) line[2 * x] = uchar(u), line[2 * x + 1] = uchar(v);
            }
            break;
        case QVideoFrameFormat::Format_YUYV:  // Y0 U Y1 V for each pair of pixels
            for (int row = 0; row < h; ++row) {
                uchar* line = frame.bits(0) + row * frame.bytesPerLine(0);
                for (int x = 0; x < w / 2; ++x) {
                    line[4 * x] = uchar(y), line[4 * x + 1] = uchar(u);
                    line[4 * x + 2] = uchar(y), line[4 * x + 3] = uchar(v);
                }
            }
            break;
        default:  // RGBX8888: R, G, B, X bytes, what an MJPEG decoder hands over
            for (int row = 0; row < h; ++row) {
                uchar* line = frame.bits(0) + row * frame.bytesPerLine(0);
                for (int x = 0; x < w; ++x) {
                    line[4 * x] = uchar(colour.red()), line[4 * x + 1] = uchar(colour.green());
                    line[4 * x + 2] = uchar(colour.blue()), line[4 * x + 3] = 255;
                }
            }
            break;
    }
    frame.unmap();
    return frame;
}

// The format and colour of frame `i` of the 10 s run: a third of the run in each format.
QVideoFrame runFrame(int i, int total) {
    const int third = i * 3 / total;
    if (third == 0) return makeFrame(QVideoFrameFormat::Format_NV12, kNv12Colour);
    if (third == 1) return makeFrame(QVideoFrameFormat::Format_YUYV, kYuyvColour);
    return makeFrame(QVideoFrameFormat::Format_RGBX8888, kRgbxColour);
}

bool near(const QColor& a, const QColor& b, int tolerance = 8) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QColor centre(const QImage& image) {
    return image.pixelColor(image.width() / 2, image.height() / 2);
}

// A camera backend's thread: `count` frames into `sink`, `fps` a second (0: as fast as it can).
std::unique_ptr<QThread> camera(QVideoSink& sink, int count, int fps,
                                const std::function<QVideoFrame(int)>& frameAt) {
    std::unique_ptr<QThread> thread(QThread::create([&sink, count, fps, frameAt] {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < count; ++i) {
            if (fps > 0) {
                const qint64 due = qint64(i) * 1000 / fps;
                if (due > clock.elapsed()) QThread::msleep(ulong(due - clock.elapsed()));
            }
            sink.setVideoFrame(frameAt(i));
        }
    }));
    thread->setObjectName(QStringLiteral("camera"));
    return thread;
}

// Runs the events posted so far on this thread: true once they have all been handled.
bool flushPostedEvents() {
    bool done = false;
    QObject context;
    QMetaObject::invokeMethod(
        &context, [&done] { done = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&done] { return done; }, kWaitMs);
}

// Resident memory in kB (VmRSS of /proc/self/status); -1 where there is none.
qint64 residentKb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

}  // namespace

class TestCameraSource : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        isolateFrom(m_tmp);
        qRegisterMetaType<ds::ui::LiveFrame>();
    }
    void eachFormatConvertsToItsColours();
    void busyWindowSkipsFramesInsteadOfQueueing();
    void thirtyFramesASecondForTenSeconds();

private:
    QTemporaryDir m_tmp;
};

void TestCameraSource::eachFormatConvertsToItsColours() {
    QVideoSink sink;
    CameraSource source(&sink, QStringLiteral("test camera"));
    QSignalSpy frames(&source, &ds::ui::FrameSource::frameReady);
    QVERIFY(source.start());
    QVERIFY(source.isRunning());
    const struct {
        QVideoFrameFormat::PixelFormat format;
        QColor colour;
    } cases[] = {{QVideoFrameFormat::Format_NV12, kNv12Colour},
                 {QVideoFrameFormat::Format_YUYV, kYuyvColour},
                 {QVideoFrameFormat::Format_RGBX8888, kRgbxColour}};
    for (const auto& c : cases) {
        const QVideoFrame frame = makeFrame(c.format, c.colour);
        QVERIFY(frame.isValid());
        sink.setVideoFrame(frame);
        QTRY_COMPARE_WITH_TIMEOUT(frames.size(), qsizetype(&c - cases) + 1, 5000);
        const auto live = qvariant_cast<LiveFrame>(frames.last().at(0));
        QCOMPARE(live.image.size(), kFrameSize);
        QVERIFY2(near(centre(live.image), c.colour),
                 qPrintable(QStringLiteral("%1: %2 instead of %3")
                                .arg(int(c.format))
                                .arg(centre(live.image).name(), c.colour.name())));
        QCOMPARE(live.source, QStringLiteral("Camera: test camera"));
    }
    source.stop();
    QVERIFY(!source.isRunning());
}

void TestCameraSource::busyWindowSkipsFramesInsteadOfQueueing() {
    // The GUI thread is busy for a second while the camera delivers 30 frames: afterwards one
    // frame, the newest, is converted and delivered; the other 29 were dropped at the source.
    QVideoSink sink;
    CameraSource source(&sink, QStringLiteral("test camera"));
    QSignalSpy frames(&source, &ds::ui::FrameSource::frameReady);
    QVERIFY(source.start());
    const auto colourOf = [](int i) { return QColor::fromHsv(i * 11, 200, 220); };
    auto thread = camera(sink, kFps, kFps, [&](int i) {
        return makeFrame(QVideoFrameFormat::Format_RGBX8888, colourOf(i));
    });
    thread->start();
    thread->wait();  // the GUI thread does nothing else meanwhile: busy
    QVERIFY(flushPostedEvents());
    QCOMPARE(frames.size(), qsizetype(1));
    QCOMPARE(source.droppedAtSource(), qint64(kFps - 1));
    const auto live = qvariant_cast<LiveFrame>(frames.first().at(0));
    QVERIFY(near(centre(live.image), colourOf(kFps - 1)));
}

void TestCameraSource::thirtyFramesASecondForTenSeconds() {
    auto w = started(tinyOptions());
    if (QTest::currentTestFailed()) return;
    auto* teach = w->findChild<ds::ui::TeachPanel*>();
    QVERIFY(teach);
    QVERIFY(w->raisePanel(QStringLiteral("teach")));
    const int c = teach->addClass(QStringLiteral("camera"));
    QVideoSink sink;
    auto* source = new CameraSource(&sink, QStringLiteral("test camera"));
    w->live()->setSource(source);
    QVERIFY(source->start());
    QVERIFY(w->live()->isLive());
    LiveFeed* feed = w->live()->feed();
    // Counted as they come, not kept: 300 frames of 640x480 would be most of the memory
    // measured.
    struct {
        qsizetype count = 0;
        int seen[3] = {0, 0, 0};
        QStringList wrong;
    } delivered;
    connect(source, &ds::ui::FrameSource::frameReady, this, [&delivered](const LiveFrame& live) {
        ++delivered.count;
        const QColor got = centre(live.image);
        const int which = near(got, kNv12Colour)   ? 0
                          : near(got, kYuyvColour) ? 1
                          : near(got, kRgbxColour) ? 2
                                                   : -1;
        if (which >= 0 && live.image.size() == kFrameSize)
            ++delivered.seen[which];
        else if (delivered.wrong.size() < 5)
            delivered.wrong << got.name();
    });
    QSignalSpy answered(feed, &LiveFeed::frameAnswered);
    // Warm up (the first pass allocates what the later ones reuse), then measure.
    sink.setVideoFrame(makeFrame(QVideoFrameFormat::Format_NV12, kNv12Colour));
    QTRY_VERIFY_WITH_TIMEOUT(answered.size() >= 1 && w->isIdle(), kWaitMs);
    delivered = {};
    const qint64 droppedBefore = source->droppedAtSource();
    const qint64 offeredBefore = feed->stats().offered;
    const qint64 rssBefore = residentKb();

    constexpr int kFrames = 10 * kFps;
    auto thread = camera(sink, kFrames, kFps, [](int i) { return runFrame(i, kFrames); });
    QElapsedTimer clock;
    clock.start();
    thread->start();
    // Hold the capture button meanwhile: every tick takes the newest frame, never one twice.
    auto* timer = teach->findChild<QTimer*>(QStringLiteral("teachCaptureTimer"));
    QVERIFY(timer);
    QSignalSpy ticks(timer, &QTimer::timeout);
    teach->startCapture();
    QVERIFY(teach->capturing());
    QTRY_VERIFY_WITH_TIMEOUT(teach->capturedCount() >= 10, 8000);
    teach->stopCapture();
    QVERIFY2(teach->capturedCount() <= ticks.size() + 1,
             qPrintable(QStringLiteral("%1 frames for %2 ticks")
                            .arg(teach->capturedCount())
                            .arg(ticks.size())));
    QCOMPARE(teach->examples(c).size(), teach->capturedCount());

    QTRY_VERIFY_WITH_TIMEOUT(thread->isFinished(), 20000);
    const qint64 runMs = clock.elapsed();
    // Every frame is accounted for: converted and offered to the feed, or dropped at the source.
    QTRY_COMPARE_WITH_TIMEOUT(qint64(delivered.count) + (source->droppedAtSource() - droppedBefore),
                              qint64(kFrames), 5000);
    QCOMPARE(feed->stats().offered - offeredBefore, qint64(delivered.count));
    QVERIFY2(delivered.count >= kFrames / 10,
             qPrintable(QStringLiteral("%1 of %2 frames shown").arg(delivered.count).arg(kFrames)));
    // Each format's colour came through; nothing else did.
    QVERIFY2(delivered.wrong.isEmpty(), qPrintable(delivered.wrong.join(QLatin1Char(' '))));
    QVERIFY(delivered.seen[0] > 0 && delivered.seen[1] > 0 && delivered.seen[2] > 0);
    const qint64 rssAfter = residentKb();
    const qint64 growthMb = (rssAfter - rssBefore) / 1024;
    qInfo(
        "%d frames in %lld ms: %d shown, %lld dropped at the source, %lld answered; "
        "VmRSS %lld MB -> %lld MB",
        kFrames, runMs, int(delivered.count), source->droppedAtSource() - droppedBefore,
        qint64(answered.size()), rssBefore / 1024, rssAfter / 1024);
    // A queue of 300 frames of 640x480 would hold 90 to 370 MB. The sanitizers' allocator
    // keeps freed memory in quarantine, so its bound is wider.
    const qint64 boundMb = fixtures::sanitized() ? 512 : 64;
    if (rssBefore > 0) QVERIFY2(growthMb < boundMb, qPrintable(QString::number(growthMb)));

    // A capture adds one frame for each new frame, none without.
    for (int i = 0; i < 3; ++i) {
        const qsizetype before = delivered.count;
        sink.setVideoFrame(makeFrame(QVideoFrameFormat::Format_YUYV, kYuyvColour));
        QTRY_COMPARE_WITH_TIMEOUT(delivered.count, before + 1, 5000);
        teach->startCapture();
        teach->stopCapture();
        QCOMPARE(teach->capturedCount(), 1);
        teach->startCapture();
        teach->stopCapture();
        QCOMPARE(teach->capturedCount(), 0);
    }

    // Stop while a frame waits for the GUI thread: neither it nor later frames arrive.
    auto last = camera(sink, 1, 0,
                       [](int) { return makeFrame(QVideoFrameFormat::Format_NV12, kNv12Colour); });
    last->start();
    last->wait();  // its wake-up is in the GUI thread's queue
    const qsizetype deliveredAtStop = delivered.count;
    const qint64 offeredAtStop = feed->stats().offered;
    QSignalSpy submitted(feed, &LiveFeed::frameSubmitted);
    w->live()->stop();
    QVERIFY(!w->live()->isLive());
    sink.setVideoFrame(makeFrame(QVideoFrameFormat::Format_RGBX8888, kRgbxColour));
    QVERIFY(flushPostedEvents());
    QTRY_VERIFY_WITH_TIMEOUT(feed->inFlight() == 0 && w->isIdle(), kWaitMs);
    QCOMPARE(delivered.count, deliveredAtStop);
    QCOMPARE(feed->stats().offered, offeredAtStop);
    QCOMPARE(submitted.size(), 0);
    QVERIFY(w->live()->statusText().startsWith("Live stopped"));
}

QTEST_MAIN(TestCameraSource)
#include "tst_camera_source.moc"
