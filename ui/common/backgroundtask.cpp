#include "common/backgroundtask.h"

#include <QThread>

namespace sift {

BackgroundTask::BackgroundTask(QObject *parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask()
{
    cancel();
    wait();
    delete m_thread;  // its finished() slot, which would delete it, dies with this object
}

bool BackgroundTask::start(Work work)
{
    if (isRunning())
        return false;
    m_cancel = false;
    QThread *thread = QThread::create([this, work = std::move(work)] {
        // Emitted from the worker; Qt queues it to the receivers on the task's thread.
        work([this](int done, int total) { Q_EMIT progress(done, total); }, m_cancel);
    });
    m_thread = thread;
    connect(thread, &QThread::finished, this, [this, thread] {
        thread->deleteLater();
        if (m_thread != thread)
            return;  // a newer run has replaced it; its end is that run's to report
        m_thread = nullptr;
        Q_EMIT finished();
    });
    thread->start();
    return true;
}

void BackgroundTask::cancel()
{
    m_cancel = true;
}

bool BackgroundTask::isRunning() const
{
    return m_thread != nullptr;  // until finished() has been emitted
}

void BackgroundTask::wait()
{
    if (m_thread)
        m_thread->wait();
}

} // namespace sift
