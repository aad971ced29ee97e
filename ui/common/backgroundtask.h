#pragma once

#include <QObject>

#include <atomic>
#include <functional>

class QThread;

namespace sift {

// Runs one long piece of work (an audit, an export) on its own thread so the window never waits for
// it. Progress and the end arrive as queued signals on the owner's thread; cancel() sets the flag the
// work polls. Destroying the task cancels it and waits for the thread, so no work outlives its window.
class BackgroundTask : public QObject
{
    Q_OBJECT

public:
    using Work = std::function<void(const std::function<void(int, int)> &progress, const std::atomic<bool> &cancel)>;

    explicit BackgroundTask(QObject *parent = nullptr);
    ~BackgroundTask() override;

    // Starts `work`; false when a task is still running.
    bool start(Work work);
    void cancel();
    bool isRunning() const;
    bool isCancelling() const { return m_cancel.load(); }
    // Blocks until the running work returns (tests, and shutdown).
    void wait();

Q_SIGNALS:
    void progress(int done, int total);
    void finished();

private:
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace sift
