// VideoFileSource's decoding thread (lib/live/video_file_source.h): its priority, and that
// stop() and the source's destruction never wait for it. The clip is the oracle's lossless FFV1
// video (tests/oracle/make_video.py).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

#include "densescope/process.h"
#include "fixtures.h"
#include "live_feed.h"
#include "video_file_source.h"

namespace {

QString lossless() { return fixtures::dir() + "/video/lossless.mkv"; }

// Every core busy with a spinning thread of normal priority, as other programs on a loaded
// machine (or a forward pass's threads) keep them.
class CoresBusy {
public:
    CoresBusy() {
        for (int i = 0; i < ds::availableCores() + 1; ++i)
            m_threads.emplace_back([this] {
                while (!m_stop.load(std::memory_order_relaxed)) {
                }
            });
    }
    ~CoresBusy() {
        m_stop = true;
        for (auto& t : m_threads) t.join();
    }

private:
    std::atomic<bool> m_stop{false};
    std::vector<std::thread> m_threads;
};

// The scheduling policy and nice value of this process's thread named `name` (Linux's
// /proc/self/task/TID/stat: fields 19 and 41), or {-1, -1}.
std::pair<int, int> policyAndNice(const QString& name) {
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + "/comm"));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name.toUtf8()) continue;
        QFile stat(tasks.filePath(tid + "/stat"));
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray text = stat.readAll();
        // After the command's closing parenthesis: field 3 onwards.
        const QList<QByteArray> f = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (f.size() < 39) continue;
        return {f[38].toInt(), f[16].toInt()};  // policy (field 41), nice (field 19)
    }
    return {-1, -1};
}

}  // namespace

class TestVideoSource : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(QFile::exists(lossless()), "fixtures missing: run through ctest"); }

    // Idle priority (SCHED_IDLE, policy 5), set explicitly: not inherited from the thread that
    // starts it, and below the network's threads (benchmarks/README.md, "Live mode").
    void decoderRunsAtIdlePriority() {
        ds::ui::VideoFileSource source;
        source.open(lossless());
        QSignalSpy frames(&source, &ds::ui::FrameSource::frameReady);
        QVERIFY(source.start());
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 20000);
        const auto [policy, nice] = policyAndNice(QStringLiteral("video"));
        QCOMPARE(policy, 5);  // SCHED_IDLE
        Q_UNUSED(nice);
        source.stop();
        QVERIFY(ds::ui::VideoFileSource::waitForStoppedThreads(10000));
    }

    // With every core busy, Stop returns at once: it used to wait for the decoding thread,
    // which at SCHED_IDLE gets the CPU only in the gaps (seconds on a loaded machine): the
    // window froze on Stop (priority inversion).
    void stopDoesNotWaitForTheDecoder() {
        ds::ui::VideoFileSource source;
        source.open(lossless());
        QSignalSpy frames(&source, &ds::ui::FrameSource::frameReady);
        QVERIFY(source.start());
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 2, 20000);
        qint64 stopMs = 0;
        {
            CoresBusy busy;
            QTest::qWait(200);  // the decoder is in the middle of its work, competing
            QElapsedTimer t;
            t.start();
            source.stop();
            stopMs = t.elapsed();
        }
        QVERIFY2(stopMs < 100, qPrintable(QString("stop() took %1 ms").arg(stopMs)));
        QVERIFY(!source.isRunning());
        const int delivered = frames.count();
        QVERIFY(ds::ui::VideoFileSource::waitForStoppedThreads(10000));
        QCoreApplication::processEvents();
        QCOMPARE(frames.count(), delivered);  // nothing after Stop
    }

    // Destroying a playing source neither waits nor leaves its thread touching it.
    void destroyingAPlayingSource() {
        QElapsedTimer t;
        {
            auto source = std::make_unique<ds::ui::VideoFileSource>();
            source->open(lossless());
            QSignalSpy frames(source.get(), &ds::ui::FrameSource::frameReady);
            QVERIFY(source->start());
            QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 20000);
            CoresBusy busy;
            t.start();
            source.reset();
            QVERIFY2(t.elapsed() < 100, qPrintable(QString("~VideoFileSource took %1 ms").arg(t.elapsed())));
        }
        QVERIFY(ds::ui::VideoFileSource::waitForStoppedThreads(10000));
        QCoreApplication::processEvents();  // queued calls to the destroyed source are dropped
    }

    // Start right after Stop: a new run with its own thread; the old run's frames never arrive.
    void restartAfterStop() {
        ds::ui::VideoFileSource source;
        source.open(lossless());
        QSignalSpy frames(&source, &ds::ui::FrameSource::frameReady);
        QVERIFY(source.start());
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 20000);
        source.stop();
        frames.clear();
        QVERIFY(source.start());
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 20000);
        // The new run starts from the video's beginning.
        QCOMPARE(frames.first().first().value<ds::ui::LiveFrame>().index, 0);
        source.stop();
        QVERIFY(ds::ui::VideoFileSource::waitForStoppedThreads(10000));
    }
};

QTEST_MAIN(TestVideoSource)
#include "tst_video_source.moc"
