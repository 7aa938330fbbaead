#include "job_scheduler.h"

#include <QMetaObject>
#include <QMutexLocker>

#include <atomic>

namespace ds::ui {

namespace {

class FunctionTask : public SteppedTask {
public:
    FunctionTask(QString kind, std::function<Step()> step)
        : m_kind(std::move(kind)), m_step(std::move(step)) {}
    QString kind() const override { return m_kind; }
    Step step() override { return m_step(); }
    void cancel() override { m_cancelled.store(true); }
    bool cancelled() const override { return m_cancelled.load(); }

private:
    QString m_kind;
    std::function<Step()> m_step;
    std::atomic<bool> m_cancelled{false};
};

void registerMetaTypes() {
    static const bool once = [] {
        qRegisterMetaType<std::shared_ptr<ds::ui::SteppedTask>>("std::shared_ptr<ds::ui::SteppedTask>");
        return true;
    }();
    Q_UNUSED(once);
}

}  // namespace

std::shared_ptr<SteppedTask> makeTask(const QString& kind, std::function<SteppedTask::Step()> step) {
    return std::make_shared<FunctionTask>(kind, std::move(step));
}

JobScheduler::JobScheduler(QObject* parent) : QObject(parent) { registerMetaTypes(); }

JobScheduler::~JobScheduler() {
    // Nothing runs any more; whoever keeps a task sees that it will not finish.
    QMutexLocker lock(&m_mutex);
    for (auto& [id, weak] : m_taskIndex)
        if (auto task = weak.lock()) task->cancel();
}

QString JobScheduler::describe(std::exception_ptr error) const {
    if (m_errorText) return m_errorText(error);
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("Unknown error");
    }
}

QString JobScheduler::guarded(const std::function<void()>& f) const {
    try {
        f();
        return {};
    } catch (const StepFailure& e) {
        return e.message();
    } catch (...) {
        return describe(std::current_exception());
    }
}

bool JobScheduler::busy() const {
    QMutexLocker lock(&m_mutex);
    return m_busy;
}

quint64 JobScheduler::lastId() const {
    QMutexLocker lock(&m_mutex);
    return m_nextId - 1;
}

bool JobScheduler::hasPending(int slot) const {
    QMutexLocker lock(&m_mutex);
    return m_pending.requests.count(slot) != 0;
}

bool JobScheduler::anyPending() const {
    QMutexLocker lock(&m_mutex);
    return !m_pending.empty();
}

quint64 JobScheduler::newestPosted(int slot) const {
    QMutexLocker lock(&m_mutex);
    const auto it = m_newest.find(slot);
    return it == m_newest.end() ? 0 : it->second;
}

quint64 JobScheduler::enqueue(const std::function<void(Pending&, quint64)>& store) {
    bool schedule = false;
    bool becameBusy = false;
    quint64 id = 0;
    {
        QMutexLocker lock(&m_mutex);
        id = m_nextId++;
        store(m_pending, id);
        m_pending.id = id;
        schedule = !m_scheduled;
        m_scheduled = true;
        becameBusy = !m_busy;
        m_busy = true;
    }
    if (becameBusy) emit busyChanged(true, id);
    if (schedule)
        QMetaObject::invokeMethod(this, &JobScheduler::runPending, Qt::QueuedConnection);
    return id;
}

quint64 JobScheduler::post(int slot, Handler run) {
    return enqueue([&](Pending& p, quint64 id) {
        p.requests[slot] = Request{id, std::move(run)};
        m_newest[slot] = id;
    });
}

std::optional<quint64> JobScheduler::dropPending(int slot, quint64* newest) {
    Request dropped;  // destroyed outside the lock
    {
        QMutexLocker lock(&m_mutex);
        if (newest) {
            const auto it = m_newest.find(slot);
            *newest = it == m_newest.end() ? 0 : it->second;
        }
        const auto it = m_pending.requests.find(slot);
        if (it == m_pending.requests.end()) return std::nullopt;
        dropped = std::move(it->second);
        m_pending.requests.erase(it);
    }
    return dropped.id;
}

quint64 JobScheduler::postTask(std::shared_ptr<SteppedTask> task) {
    std::vector<std::pair<quint64, QString>> dropped;  // superseded while still pending
    const QString kind = task->kind();
    const quint64 id = enqueue([&](Pending& p, quint64 newId) {
        auto& queued = p.tasks;
        for (auto it = queued.begin(); it != queued.end();) {
            if (it->second->kind() == kind) {
                dropped.emplace_back(it->first, kind);
                m_taskIndex.erase(it->first);
                it = queued.erase(it);
            } else {
                ++it;
            }
        }
        // Running, or in the round the thread is taking over (m_mutex is held).
        for (auto& [other, weak] : m_taskIndex)
            if (auto running = weak.lock(); running && running->kind() == kind) running->cancel();
        m_taskIndex[newId] = task;
        queued.emplace_back(newId, std::move(task));
    });
    for (const auto& [oldId, oldKind] : dropped) emit taskCancelled(oldId, oldKind);
    return id;
}

void JobScheduler::cancelTask(quint64 id) {
    std::shared_ptr<SteppedTask> dropped;
    {
        QMutexLocker lock(&m_mutex);
        auto& queued = m_pending.tasks;
        for (auto it = queued.begin(); it != queued.end(); ++it)
            if (it->first == id) {
                dropped = std::move(it->second);
                queued.erase(it);
                break;
            }
        // Running, or being taken over by the thread right now: it reports the task when it
        // next looks at it.
        if (auto it = m_taskIndex.find(id); it != m_taskIndex.end())
            if (auto task = it->second.lock()) task->cancel();
        if (dropped) m_taskIndex.erase(id);
    }
    if (dropped) emit taskCancelled(id, dropped->kind());
}

void JobScheduler::cancelAllTasks() {
    TaskList dropped;
    {
        QMutexLocker lock(&m_mutex);
        std::swap(dropped, m_pending.tasks);
        for (auto& [id, weak] : m_taskIndex)
            if (auto task = weak.lock()) task->cancel();
        for (const auto& d : dropped) m_taskIndex.erase(d.first);
    }
    for (const auto& [id, task] : dropped) emit taskCancelled(id, task->kind());
}

void JobScheduler::shutdown() {
    std::map<int, Request> requests;  // destroyed outside the lock
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        std::swap(requests, m_pending.requests);
    }
    cancelAllTasks();
}

void JobScheduler::runPending() {
    quint64 lastId = 0;
    for (;;) {
        Pending round;
        {
            QMutexLocker lock(&m_mutex);
            if (m_stopping) {
                // Pending work is dropped; every task still held ends as cancelled.
                std::swap(round, m_pending);
                for (auto& t : m_active) round.tasks.push_back(std::move(t));
                m_active.clear();
                for (auto& [id, task] : round.tasks) {
                    task->cancel();
                    m_taskIndex.erase(id);
                }
                m_scheduled = false;
                m_busy = false;
                lastId = m_nextId - 1;
                lock.unlock();
                for (const auto& [id, task] : round.tasks) emit taskCancelled(id, task->kind());
                break;
            }
            if (m_pending.empty() && !m_active.empty()) {
                lock.unlock();
                stepTask();  // requests that arrive meanwhile are run before the next step
                // Back to the event loop between steps (m_scheduled stays set): the thread can
                // quit while a long task runs, and the destructor cancels what is left.
                QMetaObject::invokeMethod(this, &JobScheduler::runPending, Qt::QueuedConnection);
                return;
            }
            if (m_pending.empty()) {
                m_scheduled = false;
                m_busy = false;
                // Every request made so far was run (or dropped while pending).
                lastId = m_nextId - 1;
                break;
            }
            std::swap(round, m_pending);
        }
        for (auto& entry : round.requests) {
            const Request& request = entry.second;
            const QString error = guarded([&] { request.run(request.id); });
            if (!error.isEmpty()) emit requestFailed(request.id, entry.first, error);
        }
        if (m_roundEnd) {
            const QString error = guarded([&] { m_roundEnd(round.id); });
            if (!error.isEmpty()) emit requestFailed(round.id, -1, error);
        }
        if (!round.tasks.empty()) adopt(std::move(round.tasks));
    }
    emit busyChanged(false, lastId);
}

void JobScheduler::adopt(TaskList tasks) {
    std::vector<std::pair<quint64, QString>> failures;
    {
        TaskList started;
        for (auto& entry : tasks) {
            SteppedTask& task = *entry.second;
            const QString error = guarded([&] { task.begin(entry.first); });
            if (error.isEmpty())
                started.push_back(std::move(entry));
            else
                failures.emplace_back(entry.first, error);
        }
        QMutexLocker lock(&m_mutex);
        for (auto& t : started) m_active.push_back(std::move(t));
        for (const auto& f : failures) m_taskIndex.erase(f.first);
    }
    for (const auto& [id, error] : failures) emit taskFailed(id, error);
}

void JobScheduler::endTask(size_t index) {
    QMutexLocker lock(&m_mutex);
    m_taskIndex.erase(m_active[index].first);
    m_active.erase(m_active.begin() + std::ptrdiff_t(index));
}

void JobScheduler::stepTask() {
    if (m_active.empty()) return;
    const size_t index = m_nextTask++ % m_active.size();
    const quint64 id = m_active[index].first;  // only this thread changes m_active
    const std::shared_ptr<SteppedTask> task = m_active[index].second;
    if (task->cancelled()) {
        endTask(index);
        emit taskCancelled(id, task->kind());
        return;
    }
    SteppedTask::Step step = SteppedTask::Step::More;
    const QString error = guarded([&] { step = task->step(); });
    if (!error.isEmpty()) {
        endTask(index);
        emit taskFailed(id, error);
    } else if (step == SteppedTask::Step::Cancelled || task->cancelled()) {
        endTask(index);
        emit taskCancelled(id, task->kind());
    } else if (step == SteppedTask::Step::Done) {
        endTask(index);
        emit taskFinished(id, task);
    }
}

}  // namespace ds::ui
