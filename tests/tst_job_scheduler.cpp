// The inference worker's scheduler (ui/worker/job_scheduler.h) alone, with plain functions and
// no model: slot order within a round, the newest request of a slot wins, tasks step round
// robin between requests, a newer task of a kind supersedes the older, cancellation of pending
// and running tasks, every exception becomes a failure signal on the scheduler's thread, and
// neither shutdown nor destruction waits for pending work. The scheduler runs on its own
// thread as in the app.
#include <QSemaphore>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "job_scheduler.h"

using namespace ds::ui;

namespace {

constexpr int kWaitMs = 10000;

// What ran, in order (handlers run on the scheduler's thread).
class Log {
public:
    void add(const QString& what) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_entries << what;
    }
    QStringList entries() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_entries;
    }

private:
    mutable std::mutex m_mutex;
    QStringList m_entries;
};

// A task of `steps` steps (0: never ends) of `stepMs` each, counting them.
std::shared_ptr<SteppedTask> countingTask(const QString& kind, int steps, std::atomic<int>* count,
                                          int stepMs = 2) {
    return makeTask(kind, [=] {
        QThread::msleep(stepMs);
        const int done = ++*count;
        return steps > 0 && done >= steps ? SteppedTask::Step::Done : SteppedTask::Step::More;
    });
}

// Re-emits the scheduler's signals on the test's thread, where the spies read them (queued
// from the scheduler's thread, direct from this one: as the worker's receivers see them).
class Relay : public QObject {
    Q_OBJECT
public:
    explicit Relay(JobScheduler* s) {
        connect(s, &JobScheduler::busyChanged, this, [this](bool busy, quint64 lastId) {
            idle = !busy;
            emit busyChanged(busy, lastId);
        });
        connect(s, &JobScheduler::requestFailed, this, &Relay::requestFailed);
        connect(s, &JobScheduler::taskFinished, this, &Relay::taskFinished);
        connect(s, &JobScheduler::taskCancelled, this, &Relay::taskCancelled);
        connect(s, &JobScheduler::taskFailed, this, &Relay::taskFailed);
    }
    bool idle = true;

signals:
    void busyChanged(bool busy, quint64 lastId);
    void requestFailed(quint64 id, int slot, const QString& message);
    void taskFinished(quint64 id, const std::shared_ptr<ds::ui::SteppedTask>& task);
    void taskCancelled(quint64 id, const QString& kind);
    void taskFailed(quint64 id, const QString& message);
};

}  // namespace

class TestJobScheduler : public QObject {
    Q_OBJECT

    std::unique_ptr<QThread> m_thread;
    JobScheduler* m_scheduler = nullptr;
    std::unique_ptr<Relay> m_relay;
    QSemaphore m_gate;

    // Holds the scheduler's thread in a request until open(), so that what is posted meanwhile
    // waits as one round.
    void hold() {
        m_scheduler->post(100, [this](quint64) { m_gate.acquire(); });
        QTRY_VERIFY_WITH_TIMEOUT(!m_scheduler->hasPending(100), kWaitMs);  // taken: running
    }
    void open() { m_gate.release(); }
    // Idle, and every signal before that delivered here.
    void waitIdle() { QTRY_VERIFY_WITH_TIMEOUT(m_relay->idle, kWaitMs); }
    void startScheduler() {
        m_thread = std::make_unique<QThread>();
        m_scheduler = new JobScheduler;
        m_relay = std::make_unique<Relay>(m_scheduler);
        m_scheduler->moveToThread(m_thread.get());
        connect(m_thread.get(), &QThread::finished, m_scheduler, &QObject::deleteLater);
        m_thread->start();
    }

private slots:
    void init() { startScheduler(); }

    void cleanup() {
        m_gate.release(100);  // a failed test may have left the thread held
        m_scheduler->shutdown();
        m_thread->quit();
        QVERIFY(m_thread->wait(kWaitMs));
        m_thread.reset();
        m_relay.reset();
        m_gate.acquire(m_gate.available());
    }

    void roundRunsSlotsInOrderThenRoundEnd() {
        Log log;
        QSignalSpy busy(m_relay.get(), &Relay::busyChanged);
        m_scheduler->setRoundEnd([&log](quint64 id) { log.add(QStringLiteral("end %1").arg(id)); });
        hold();
        const quint64 c = m_scheduler->post(2, [&log](quint64 id) { log.add(QStringLiteral("2:%1").arg(id)); });
        const quint64 a = m_scheduler->post(0, [&log](quint64 id) { log.add(QStringLiteral("0:%1").arg(id)); });
        const quint64 b = m_scheduler->post(1, [&log](quint64 id) { log.add(QStringLiteral("1:%1").arg(id)); });
        QVERIFY(c < a && a < b);
        QVERIFY(m_scheduler->busy());
        open();
        waitIdle();
        // The held round ends first; the next takes everything posted meanwhile, by slot.
        const QStringList entries = log.entries();
        QCOMPARE(entries.size(), 5);
        QCOMPARE(entries.mid(1), (QStringList{QStringLiteral("0:%1").arg(a),
                                              QStringLiteral("1:%1").arg(b),
                                              QStringLiteral("2:%1").arg(c),
                                              QStringLiteral("end %1").arg(b)}));
        // Busy once, idle once, with the last id.
        QTRY_COMPARE_WITH_TIMEOUT(busy.count(), 2, kWaitMs);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
        QCOMPARE(busy.at(1).at(1).toULongLong(), b);
        QCOMPARE(m_scheduler->lastId(), b);
    }

    void newestRequestOfASlotWins() {
        Log log;
        hold();
        for (const char* name : {"first", "second", "newest"})
            m_scheduler->post(3, [&log, name](quint64) { log.add(QString::fromLatin1(name)); });
        const quint64 other = m_scheduler->post(4, [&log](quint64) { log.add(QStringLiteral("other")); });
        QVERIFY(m_scheduler->hasPending(3));
        QCOMPARE(m_scheduler->newestPosted(3), other - 1);
        QCOMPARE(m_scheduler->newestPosted(7), quint64(0));
        open();
        waitIdle();
        QCOMPARE(log.entries(), (QStringList{QStringLiteral("newest"), QStringLiteral("other")}));
        QVERIFY(!m_scheduler->hasPending(3));
    }

    void droppedRequestNeverRuns() {
        Log log;
        hold();
        const quint64 id = m_scheduler->post(0, [&log](quint64) { log.add(QStringLiteral("dropped")); });
        m_scheduler->post(1, [&log](quint64) { log.add(QStringLiteral("kept")); });
        quint64 newest = 0;
        QCOMPARE(m_scheduler->dropPending(0, &newest), std::optional<quint64>(id));
        QCOMPARE(newest, id);
        QCOMPARE(m_scheduler->dropPending(0), std::nullopt);  // nothing pending any more
        QVERIFY(m_scheduler->anyPending());
        open();
        waitIdle();
        QCOMPARE(log.entries(), QStringList{QStringLiteral("kept")});
        QVERIFY(!m_scheduler->anyPending());
    }

    void tasksStepRoundRobinAndFinish() {
        QSignalSpy finished(m_relay.get(), &Relay::taskFinished);
        std::atomic<int> a{0}, b{0};
        hold();
        const quint64 idA = m_scheduler->postTask(countingTask(QStringLiteral("a"), 20, &a));
        const quint64 idB = m_scheduler->postTask(countingTask(QStringLiteral("b"), 5, &b));
        open();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kWaitMs);
        waitIdle();  // busy until every task ended
        QCOMPARE(finished.at(0).at(0).toULongLong(), idB);  // fewer steps: ends first
        QCOMPARE(finished.at(1).at(0).toULongLong(), idA);
        QCOMPARE(a.load(), 20);
        QCOMPARE(b.load(), 5);
        QVERIFY(finished.at(1).at(1).value<std::shared_ptr<SteppedTask>>());
    }

    void requestsRunBetweenTaskSteps() {
        Log log;
        std::atomic<int> steps{0};
        QSignalSpy finished(m_relay.get(), &Relay::taskFinished);
        m_scheduler->postTask(countingTask(QStringLiteral("long"), 400, &steps, 5));
        QTRY_VERIFY_WITH_TIMEOUT(steps.load() >= 3, kWaitMs);
        std::atomic<int> stepsSeen{-1};
        m_scheduler->post(0, [&](quint64) { stepsSeen = steps.load(); });
        QTRY_VERIFY_WITH_TIMEOUT(stepsSeen.load() >= 0, kWaitMs);
        QVERIFY2(stepsSeen.load() < 100, qPrintable(QString::number(stepsSeen.load())));
        QVERIFY(finished.isEmpty());  // the task goes on afterwards
        QVERIFY(m_scheduler->busy());
        m_scheduler->cancelAllTasks();  // it counts into this function's frame
        waitIdle();
    }

    void newerTaskOfAKindSupersedes() {
        QSignalSpy cancelled(m_relay.get(), &Relay::taskCancelled);
        QSignalSpy finished(m_relay.get(), &Relay::taskFinished);
        std::atomic<int> running{0}, pending{0}, newest{0}, other{0};
        const quint64 runningId = m_scheduler->postTask(countingTask(QStringLiteral("scan"), 0, &running));
        QTRY_VERIFY_WITH_TIMEOUT(running.load() > 0, kWaitMs);
        hold();
        const quint64 pendingId = m_scheduler->postTask(countingTask(QStringLiteral("scan"), 3, &pending));
        const quint64 otherId = m_scheduler->postTask(countingTask(QStringLiteral("cam"), 3, &other));
        const quint64 newestId = m_scheduler->postTask(countingTask(QStringLiteral("scan"), 3, &newest));
        // The pending one is dropped at once (on this thread); the running one stops next.
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.at(0).at(0).toULongLong(), pendingId);
        QCOMPARE(cancelled.at(0).at(1).toString(), QStringLiteral("scan"));
        open();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kWaitMs);
        waitIdle();
        QCOMPARE(cancelled.count(), 2);
        QCOMPARE(cancelled.at(1).at(0).toULongLong(), runningId);
        QSet<quint64> done{finished.at(0).at(0).toULongLong(), finished.at(1).at(0).toULongLong()};
        QCOMPARE(done, (QSet<quint64>{otherId, newestId}));
        QCOMPARE(pending.load(), 0);
    }

    void cancelPendingAndRunningTasks() {
        QSignalSpy cancelled(m_relay.get(), &Relay::taskCancelled);
        QSignalSpy finished(m_relay.get(), &Relay::taskFinished);
        std::atomic<int> running{0}, pending{0};
        const quint64 runningId = m_scheduler->postTask(countingTask(QStringLiteral("a"), 0, &running));
        QTRY_VERIFY_WITH_TIMEOUT(running.load() > 0, kWaitMs);
        hold();
        const quint64 pendingId = m_scheduler->postTask(countingTask(QStringLiteral("b"), 3, &pending));
        m_scheduler->cancelTask(pendingId);
        QCOMPARE(cancelled.count(), 1);  // pending: at once
        QCOMPARE(cancelled.at(0).at(0).toULongLong(), pendingId);
        m_scheduler->cancelTask(runningId);
        open();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 2, kWaitMs);
        waitIdle();
        QCOMPARE(cancelled.at(1).at(0).toULongLong(), runningId);
        QVERIFY(finished.isEmpty());
        QCOMPARE(pending.load(), 0);

        // cancelAllTasks: both kinds, wherever they are.
        std::atomic<int> x{0}, y{0};
        m_scheduler->postTask(countingTask(QStringLiteral("x"), 0, &x));
        QTRY_VERIFY_WITH_TIMEOUT(x.load() > 0, kWaitMs);
        hold();
        m_scheduler->postTask(countingTask(QStringLiteral("y"), 0, &y));
        m_scheduler->cancelAllTasks();
        open();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 4, kWaitMs);
        waitIdle();
        QCOMPARE(y.load(), 0);
    }

    void exceptionsBecomeFailureSignals() {
        QSignalSpy requestFailed(m_relay.get(), &Relay::requestFailed);
        QSignalSpy taskFailed(m_relay.get(), &Relay::taskFailed);
        QSignalSpy finished(m_relay.get(), &Relay::taskFinished);
        Log log;
        std::atomic<quint64> throwAtEnd{0};
        m_scheduler->setRoundEnd([&](quint64 id) {
            if (id == throwAtEnd.load()) throw std::logic_error("end failed");
        });
        hold();
        const quint64 plain = m_scheduler->post(0, [](quint64) { throw std::runtime_error("boom"); });
        const quint64 odd = m_scheduler->post(1, [](quint64) { throw 42; });
        const quint64 worded = m_scheduler->post(2, [](quint64) {
            throw StepFailure(QStringLiteral("Worded for people"));
        });
        const quint64 after = m_scheduler->post(3, [&log](quint64) { log.add(QStringLiteral("after")); });
        const quint64 failing = m_scheduler->postTask(makeTask(QStringLiteral("t"), []() -> SteppedTask::Step {
            throw std::runtime_error("step failed");
        }));
        throwAtEnd = failing;  // the round's newest id
        open();
        waitIdle();
        QCOMPARE(requestFailed.count(), 4);
        QCOMPARE(requestFailed.at(0).at(0).toULongLong(), plain);
        QCOMPARE(requestFailed.at(0).at(1).toInt(), 0);
        QCOMPARE(requestFailed.at(0).at(2).toString(), QStringLiteral("boom"));
        QCOMPARE(requestFailed.at(1).at(0).toULongLong(), odd);
        QCOMPARE(requestFailed.at(1).at(2).toString(), QStringLiteral("Unknown error"));
        QCOMPARE(requestFailed.at(2).at(0).toULongLong(), worded);
        QCOMPARE(requestFailed.at(2).at(2).toString(), QStringLiteral("Worded for people"));
        QCOMPARE(requestFailed.at(3).at(0).toULongLong(), failing);  // the round's newest id
        QCOMPARE(requestFailed.at(3).at(1).toInt(), -1);
        QCOMPARE(requestFailed.at(3).at(2).toString(), QStringLiteral("end failed"));
        QCOMPARE(log.entries(), QStringList{QStringLiteral("after")});  // the round went on
        QVERIFY(after < failing);
        QCOMPARE(taskFailed.count(), 1);
        QCOMPARE(taskFailed.at(0).at(0).toULongLong(), failing);
        QCOMPARE(taskFailed.at(0).at(1).toString(), QStringLiteral("step failed"));
        QVERIFY(finished.isEmpty());

        // The owner words the messages; the thread still serves requests afterwards.
        m_scheduler->setErrorText([](std::exception_ptr) { return QStringLiteral("worded"); });
        m_scheduler->post(0, [](quint64) { throw std::runtime_error("raw"); });
        m_scheduler->post(1, [&log](quint64) { log.add(QStringLiteral("still serving")); });
        waitIdle();
        QTRY_COMPARE_WITH_TIMEOUT(requestFailed.count(), 5, kWaitMs);
        QCOMPARE(requestFailed.at(4).at(2).toString(), QStringLiteral("worded"));
        QCOMPARE(log.entries().last(), QStringLiteral("still serving"));
    }

    void failingBeginIsAFailure() {
        class BadBegin : public SteppedTask {
        public:
            QString kind() const override { return QStringLiteral("bad"); }
            void begin(quint64) override { throw std::runtime_error("cannot start"); }
            Step step() override { return Step::Done; }
            void cancel() override {}
            bool cancelled() const override { return false; }
        };
        QSignalSpy taskFailed(m_relay.get(), &Relay::taskFailed);
        const quint64 id = m_scheduler->postTask(std::make_shared<BadBegin>());
        QTRY_COMPARE_WITH_TIMEOUT(taskFailed.count(), 1, kWaitMs);
        QCOMPARE(taskFailed.at(0).at(0).toULongLong(), id);
        QCOMPARE(taskFailed.at(0).at(1).toString(), QStringLiteral("cannot start"));
        waitIdle();
    }

    void quitsWhileATaskRuns() {
        // No shutdown(): the thread returns to its event loop between steps, so quit() ends it
        // and deleting the scheduler afterwards cancels the task it held.
        std::atomic<int> steps{0};
        auto endless = countingTask(QStringLiteral("endless"), 0, &steps);
        m_scheduler->postTask(endless);
        QTRY_VERIFY_WITH_TIMEOUT(steps.load() > 2, kWaitMs);
        m_thread->quit();
        QVERIFY(m_thread->wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(endless->cancelled(), kWaitMs);  // deleteLater ran the destructor
        startScheduler();  // for cleanup()
    }

    void shutdownDropsPendingWork() {
        Log log;
        QSignalSpy cancelled(m_relay.get(), &Relay::taskCancelled);
        std::atomic<int> running{0}, pending{0};
        auto endless = countingTask(QStringLiteral("endless"), 0, &running);
        m_scheduler->postTask(endless);
        QTRY_VERIFY_WITH_TIMEOUT(running.load() > 0, kWaitMs);
        hold();
        m_scheduler->post(0, [&log](quint64) { log.add(QStringLiteral("never")); });
        m_scheduler->postTask(countingTask(QStringLiteral("later"), 3, &pending));
        m_scheduler->shutdown();
        open();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 2, kWaitMs);
        waitIdle();
        m_scheduler->post(0, [&log](quint64) { log.add(QStringLiteral("after shutdown")); });
        waitIdle();
        QVERIFY(log.entries().isEmpty());
        QCOMPARE(pending.load(), 0);
        QVERIFY(endless->cancelled());
    }

    void destructionWithPendingWorkRunsNothing() {
        // A scheduler whose thread never ran it (no event loop here): deleting it with requests
        // and tasks pending neither runs nor waits for them.
        Log log;
        std::atomic<int> steps{0};
        auto task = countingTask(QStringLiteral("t"), 0, &steps);
        {
            JobScheduler local;
            local.post(0, [&log](quint64) { log.add(QStringLiteral("never")); });
            local.postTask(task);
            QVERIFY(local.busy());
        }
        QCoreApplication::processEvents();  // its queued wake-up went with it
        QVERIFY(log.entries().isEmpty());
        QCOMPARE(steps.load(), 0);
        QVERIFY(task->cancelled());
    }
};

QTEST_GUILESS_MAIN(TestJobScheduler)
#include "tst_job_scheduler.moc"
