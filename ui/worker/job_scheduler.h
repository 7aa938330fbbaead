#pragma once
// The inference worker's scheduler, knowing nothing of what it runs: requests coalesced by slot,
// long tasks run in steps between them, cancellation, and the busy state. It runs everything on
// the thread it lives on (moveToThread, or as a child of an object moved there).
//
// Requests: post(slot, f) stores f as the pending request of `slot`, replacing a pending one of
// that slot (the newest wins; the older is dropped unrun), and wakes the thread. The thread takes
// everything pending as one round: the requests in slot order (lowest first), then the round-end
// function (setRoundEnd), then it makes the round's tasks active.
//
// Tasks (SteppedTask) run one step at a time, round robin, whenever no request is pending, so a
// new request waits at most one step. A task supersedes the pending and running tasks of its
// kind(): pending ones are dropped (taskCancelled at once), running ones are cancelled and
// reported when they next come up.
//
// Failure: nothing thrown by a request, the round end or a step leaves the thread. It becomes
// requestFailed / taskFailed with a message (setErrorText words it; StepFailure's message is
// used as it is).
//
// Shutting down: the thread returns to its event loop between two steps of a task, so it can
// quit while a long task runs. shutdown() (any thread) also drops what is pending and ends
// every task as cancelled; nothing posted later runs. The destructor cancels the tasks it still
// holds and runs nothing.
//
// Threading: post*, cancel*, dropPending, the queries and shutdown() may be called from any
// thread; the signals busyChanged(true) and taskCancelled for a dropped pending task come from
// the caller's thread, every other signal from the scheduler's thread.
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ds::ui {

class SteppedTask {
public:
    enum class Step { More, Done, Cancelled };
    virtual ~SteppedTask() = default;
    // Tasks of the same kind supersede each other.
    virtual QString kind() const = 0;
    // Scheduler thread, once, when the task becomes active (after the round that took it), with
    // the id postTask() returned.
    virtual void begin(quint64 id) { Q_UNUSED(id); }
    // Scheduler thread: one short step. Throws on failure.
    virtual Step step() = 0;
    // Any thread.
    virtual void cancel() = 0;
    virtual bool cancelled() const = 0;
};

// A task from a plain function (with its own cancel flag).
std::shared_ptr<SteppedTask> makeTask(const QString& kind, std::function<SteppedTask::Step()> step);

// Thrown by a request or a step whose message is already worded for people: reported as is.
class StepFailure : public std::runtime_error {
public:
    explicit StepFailure(const QString& message)
        : std::runtime_error(message.toStdString()), m_message(message) {}
    const QString& message() const { return m_message; }

private:
    QString m_message;
};

class JobScheduler : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(quint64 id)>;
    using ErrorText = std::function<QString(std::exception_ptr)>;

    explicit JobScheduler(QObject* parent = nullptr);
    ~JobScheduler() override;

    // All return the request's id (ids grow by one, shared by requests and tasks).
    quint64 post(int slot, Handler run);
    quint64 postTask(std::shared_ptr<SteppedTask> task);
    void cancelTask(quint64 id);  // pending: dropped (taskCancelled); running: at its next step
    void cancelAllTasks();
    // Removes the pending request of `slot`; its id (nullopt: none was pending). `newest`, when
    // given, gets newestPosted(slot) as it was at that moment.
    std::optional<quint64> dropPending(int slot, quint64* newest = nullptr);
    void shutdown();

    bool hasPending(int slot) const;
    bool anyPending() const;                // a request or task not yet taken by a round
    quint64 newestPosted(int slot) const;   // the newest id posted to `slot`, pending or not
    quint64 lastId() const;                 // the newest id so far (0: none)
    bool busy() const;

    // Runs after each round's requests with the round's newest id. Set before posting.
    void setRoundEnd(Handler roundEnd) { m_roundEnd = std::move(roundEnd); }
    // Words an error for requestFailed / taskFailed (default: what(), or "Unknown error").
    void setErrorText(ErrorText errorText) { m_errorText = std::move(errorText); }

signals:
    // true when a request arrives at an idle scheduler; false once everything up to `lastId`
    // was run (all its signals were emitted before this one) or dropped.
    void busyChanged(bool busy, quint64 lastId);
    void requestFailed(quint64 id, int slot, const QString& message);  // slot -1: the round end
    void taskFinished(quint64 id, const std::shared_ptr<ds::ui::SteppedTask>& task);
    void taskCancelled(quint64 id, const QString& kind);
    void taskFailed(quint64 id, const QString& message);

private:
    struct Request {
        quint64 id = 0;
        Handler run;
    };
    using TaskList = std::vector<std::pair<quint64, std::shared_ptr<SteppedTask>>>;
    struct Pending {
        quint64 id = 0;  // newest id in this round
        std::map<int, Request> requests;
        TaskList tasks;
        bool empty() const { return requests.empty() && tasks.empty(); }
    };

    quint64 enqueue(const std::function<void(Pending&, quint64)>& store);
    void runPending();
    void adopt(TaskList tasks);  // begin() each, then they step
    void stepTask();  // one step of the next active task (round robin)
    void endTask(size_t index);
    QString describe(std::exception_ptr error) const;
    QString guarded(const std::function<void()>& f) const;  // empty: no exception

    Handler m_roundEnd;
    ErrorText m_errorText;

    mutable QMutex m_mutex;  // guards everything below except m_nextTask
    Pending m_pending;
    std::map<int, quint64> m_newest;  // per slot
    quint64 m_nextId = 1;
    bool m_scheduled = false;
    bool m_busy = false;
    bool m_stopping = false;
    TaskList m_active;  // changed only by the scheduler's thread
    // Every task not yet ended, by id: a cancel reaches it wherever it is, also in the round
    // the thread is taking over at that moment.
    std::map<quint64, std::weak_ptr<SteppedTask>> m_taskIndex;
    size_t m_nextTask = 0;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(std::shared_ptr<ds::ui::SteppedTask>)
