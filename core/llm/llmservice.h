#pragma once

#include "chatsubmitter.h"
#include "llmclient.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>

namespace sift {

// The LLM layer on its own thread: the client, its network managers, its clock and its own
// connection to the project database live there; callers on any thread submit requests and get
// results back as queued signals or callbacks on a context object's thread.
class LlmService : public QObject, public ChatSubmitter
{
    Q_OBJECT
public:
    struct Config
    {
        QList<BackendConfig> backends;
        QString databasePath;    // the project's sift.db; empty = no response cache and no call log
        bool readCache = true;   // false for --no-cache
        quint64 randomSeed = 0;
    };

    explicit LlmService(QObject *parent = nullptr);
    // Cancels everything in flight and stops the thread.
    ~LlmService() override;

    // Finds the backends' keys (environment, then keychain), then starts the worker thread;
    // ready() follows. Requests submitted before that wait in the queue.
    void start(const Config &config, const KeyResolver &keys);
    bool isReady() const { return m_ready; }
    // Where each backend's key came from (never the key), once ready.
    QHash<QString, KeyLookup> keySources() const;

    // Thread-safe. The result arrives through finished() on this object's thread, and through
    // `done` on `context`'s thread when given.
    quint64 submit(const QString &backend, const ChatRequest &request, QObject *context = nullptr,
                   LlmClient::Callback done = {}) override;
    void cancel(quint64 id) override;
    // Ends every pending call; their results (Cancelled) still arrive.
    void cancelAll() override;
    // A snapshot, taken on the worker thread; blocks the caller for at most a few microseconds of
    // the worker's time.
    BackendStats stats(const QString &backend) const;

Q_SIGNALS:
    void ready();
    void finished(quint64 id, const sift::ChatResult &result);
    void event(const sift::LlmEvent &event);
    void idle();

private:
    class Worker;
    void startWorker(const Config &config);

    QThread m_thread;
    Worker *m_worker = nullptr;  // lives on m_thread
    bool m_ready = false;
    std::atomic<quint64> m_nextId{0};
    mutable QMutex m_mutex;
    QHash<QString, KeyLookup> m_keys;
    QList<std::function<void()>> m_beforeReady;
};

} // namespace sift
