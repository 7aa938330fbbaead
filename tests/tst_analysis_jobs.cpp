// The inference worker's analysis jobs (ui/worker/analysis_job.h): run in steps with progress,
// a newer job of a kind supersedes an older one, cancel works for pending and running jobs, a
// new image is served between two steps (and cancels a job that needs the old image), and
// failures come back as messages. The worker runs on its own thread as in the app; its signals
// reach the spies through a relay on the test's thread (queued, as the window receives them).
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>

#include "densescope/errors.h"
#include "inference_worker.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace uitest;

namespace {

// Counts its steps; each takes `stepMs`. Records the image size it saw.
class CountingJob : public AnalysisJob {
public:
    CountingJob(QString kind, int steps, int stepMs = 5, int needs = NeedsModel | NeedsImage)
        : m_kind(std::move(kind)), m_steps(steps), m_stepMs(stepMs), m_needs(needs) {}
    QString kind() const override { return m_kind; }
    int needs() const override { return m_needs; }
    bool step(AnalysisContext& context) override {
        QThread::msleep(m_stepMs);
        imageWidth = context.image.width;
        ++done;
        context.progress(done, m_steps, QStringLiteral("%1 done").arg(done.load()));
        if (context.cancelled()) throw ds::Cancelled("stopped");
        return done >= m_steps;
    }
    std::atomic<int> done{0};
    int imageWidth = 0;

private:
    QString m_kind;
    int m_steps, m_stepMs, m_needs;
};

class FailingJob : public AnalysisJob {
public:
    QString kind() const override { return QStringLiteral("failing"); }
    bool step(AnalysisContext&) override {
        throw ds::LayerError("Unknown layer 'features.nowhere'.");
    }
};

// Re-emits the worker's signals on the test's thread, where the spies read them.
class Relay : public QObject {
    Q_OBJECT
public:
    explicit Relay(InferenceWorker* worker) {
        connect(worker, &InferenceWorker::analysisProgress, this, &Relay::analysisProgress);
        connect(worker, &InferenceWorker::analysisFinished, this, &Relay::analysisFinished);
        connect(worker, &InferenceWorker::analysisCancelled, this, &Relay::analysisCancelled);
        connect(worker, &InferenceWorker::failed, this, &Relay::failed);
        connect(worker, &InferenceWorker::viewReady, this, &Relay::viewReady);
    }
signals:
    void analysisProgress(quint64 id, const QString& kind, int done, int total, const QString& detail);
    void analysisFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job);
    void analysisCancelled(quint64 id, const QString& kind);
    void failed(quint64 id, ds::ui::RequestKind kind, const QString& message);
    void viewReady(const ds::ui::ViewResult& view);
};

}  // namespace

class TestAnalysisJobs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void runsInStepsWithProgress();
    void newerJobOfAKindSupersedes();
    void cancelPendingAndRunning();
    void imageServedBetweenSteps();
    void failureIsReported();

private:
    void loadModelAndImage();
    QTemporaryDir m_tmp;
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    std::unique_ptr<Relay> m_relay;
};

void TestAnalysisJobs::initTestCase() {
    QVERIFY(!fixtures::dir().isEmpty());
    isolateFrom(m_tmp);
    m_worker = new InferenceWorker();
    m_worker->attach(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_relay = std::make_unique<Relay>(m_worker);
    m_thread.start();
}

void TestAnalysisJobs::cleanupTestCase() {
    m_worker->cancelAllAnalyses();
    m_thread.quit();
    m_thread.wait();
}

void TestAnalysisJobs::loadModelAndImage() {
    m_worker->requestModel(tinyRequest(fixture(QStringLiteral("tiny.pth"))));
    m_worker->requestImageFile(fixture(QStringLiteral("input256.png")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
}

void TestAnalysisJobs::runsInStepsWithProgress() {
    // No model yet: the job fails with a message instead of running.
    {
        QSignalSpy failed(m_relay.get(), &Relay::failed);
        const quint64 id = m_worker->requestAnalysis(std::make_shared<CountingJob>("a", 3));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kWaitMs);
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        QCOMPARE(failed.first().at(1).value<RequestKind>(), RequestKind::Analysis);
        QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("model")));
    }
    loadModelAndImage();
    auto job = std::make_shared<CountingJob>("a", 10, 20);
    QSignalSpy progress(m_relay.get(), &Relay::analysisProgress);
    QSignalSpy finished(m_relay.get(), &Relay::analysisFinished);
    const quint64 id = m_worker->requestAnalysis(job);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWaitMs);
    QCOMPARE(finished.first().at(0).toULongLong(), id);
    QCOMPARE(job->done.load(), 10);
    QCOMPARE(job->imageWidth, 256);  // it saw the current image
    QVERIFY(progress.size() >= 2);
    const auto last = progress.last();
    QCOMPARE(last.at(2).toInt(), 10);  // the final step always reaches the UI
    QCOMPARE(last.at(3).toInt(), 10);
    QCOMPARE(last.at(4).toString(), QStringLiteral("10 done"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
}

void TestAnalysisJobs::newerJobOfAKindSupersedes() {
    auto slow = std::make_shared<CountingJob>("scan", 1000, 10);
    auto other = std::make_shared<CountingJob>("cam", 5);
    auto newer = std::make_shared<CountingJob>("scan", 3);
    QSignalSpy cancelled(m_relay.get(), &Relay::analysisCancelled);
    QSignalSpy finished(m_relay.get(), &Relay::analysisFinished);
    const quint64 slowId = m_worker->requestAnalysis(slow);
    QTRY_VERIFY_WITH_TIMEOUT(slow->done.load() > 0, kWaitMs);  // running
    const quint64 otherId = m_worker->requestAnalysis(other);
    const quint64 newerId = m_worker->requestAnalysis(newer);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 2, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.first().at(0).toULongLong(), slowId);
    QVERIFY(slow->done.load() < 1000);
    QList<quint64> ids{finished.at(0).at(0).toULongLong(), finished.at(1).at(0).toULongLong()};
    QVERIFY(ids.contains(otherId) && ids.contains(newerId));
    QCOMPARE(newer->done.load(), 3);
}

void TestAnalysisJobs::cancelPendingAndRunning() {
    QSignalSpy cancelled(m_relay.get(), &Relay::analysisCancelled);
    auto running = std::make_shared<CountingJob>("x", 1000, 10);
    const quint64 runningId = m_worker->requestAnalysis(running);
    QTRY_VERIFY_WITH_TIMEOUT(running->done.load() > 0, kWaitMs);
    m_worker->cancelAnalysis(runningId);
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.size() == 1, kWaitMs);
    QCOMPARE(cancelled.first().at(0).toULongLong(), runningId);
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);

    // Pending: cancelled before the worker takes it (the worker is busy with a model load).
    m_worker->requestModel(tinyRequest(fixture(QStringLiteral("tiny.pth"))));
    auto pending = std::make_shared<CountingJob>("y", 5);
    const quint64 pendingId = m_worker->requestAnalysis(pending);
    m_worker->cancelAnalysis(pendingId);
    // Answered at once while still queued, or by the worker if it was taking the job over.
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 2, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
    QCOMPARE(cancelled.last().at(0).toULongLong(), pendingId);
    QCOMPARE(pending->done.load(), 0);
}

void TestAnalysisJobs::imageServedBetweenSteps() {
    loadModelAndImage();
    QSignalSpy views(m_relay.get(), &Relay::viewReady);
    QSignalSpy cancelled(m_relay.get(), &Relay::analysisCancelled);
    QSignalSpy finished(m_relay.get(), &Relay::analysisFinished);
    auto imageJob = std::make_shared<CountingJob>("image", 400, 10);
    auto modelJob = std::make_shared<CountingJob>("model only", 60, 10, AnalysisJob::NeedsModel);
    const quint64 imageJobId = m_worker->requestAnalysis(imageJob);
    const quint64 modelJobId = m_worker->requestAnalysis(modelJob);
    QTRY_VERIFY_WITH_TIMEOUT(imageJob->done.load() > 2, kWaitMs);
    m_worker->requestImageFile(fixture(QStringLiteral("resized.png")));
    QTRY_VERIFY_WITH_TIMEOUT(!views.isEmpty(), kWaitMs);  // answered while the jobs were still running
    QVERIFY(modelJob->done.load() < 60);
    // The job that needs the image stops; the one that needs only the model goes on. (Waited
    // for on the spies: the worker is idle a moment before its queued signals arrive here.)
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.first().at(0).toULongLong(), imageJobId);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toULongLong(), modelJobId);
    QCOMPARE(modelJob->done.load(), 60);
}

void TestAnalysisJobs::failureIsReported() {
    QSignalSpy failed(m_relay.get(), &Relay::failed);
    const quint64 id = m_worker->requestAnalysis(std::make_shared<FailingJob>());
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kWaitMs);
    QCOMPARE(failed.first().at(0).toULongLong(), id);
    QCOMPARE(failed.first().at(1).value<RequestKind>(), RequestKind::Analysis);
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("features.nowhere")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_worker->busy(), kWaitMs);
}

QTEST_MAIN(TestAnalysisJobs)
#include "tst_analysis_jobs.moc"
