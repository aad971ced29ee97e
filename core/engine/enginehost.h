#pragma once

#include "runengine.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QThread;

namespace sift {

class KeyResolver;
class Project;
class LlmService;
struct BackendConfig;
struct LlmEvent;

// Runs one engine job at a time for a window: the LLM layer on its own thread (LlmService) and
// the engine on another, so the owner's thread only sends commands and receives queued signals.
// Every job gets a fresh LLM layer with the backends as the project has them now.
class EngineHost : public QObject
{
    Q_OBJECT

public:
    struct Job
    {
        QString projectDir;
        QList<BackendConfig> backends;
        quint64 randomSeed = 0;
        bool readCache = true;  // false: ask the backends again
        std::optional<RunOptions> start;  // a new run, or
        qint64 resumeRun = 0;             // resume this run (0: the newest unfinished one)

        // A job over `project` with its backends as they are now: `start` or `resumeRun` to be set.
        static Job forProject(const Project &project);
    };

    explicit EngineHost(const KeyResolver &keys, QObject *parent = nullptr);
    // Cancels a job in progress and waits for it to stop.
    ~EngineHost() override;

    // False when a job is already running.
    bool run(const Job &job);
    void pause();
    void unpause();
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    bool isPaused() const { return m_paused; }
    // The kind of the job running (run, generate, assess, fixup), empty when idle.
    QString runningKind() const { return m_kind; }
    // Blocks until the running job has finished (shutdown and tests), at most `msecs`; false on timeout.
    bool waitForFinished(int msecs);

Q_SIGNALS:
    void started(qint64 runId);
    void progressChanged(const sift::RunProgress &progress);
    void batchFinished(const sift::BatchReport &report);
    void notice(const QString &text);
    void llmEvent(const sift::LlmEvent &event);
    void pausedChanged(bool paused);
    // The job ended; the host is idle again when this arrives.
    void finished(sift::RunEngine::Outcome outcome, const QString &summary, const sift::Diagnostics &problems);

private:
    void teardown();

    std::unique_ptr<KeyResolver> m_keys;
    QThread *m_thread = nullptr;
    QPointer<RunEngine> m_engine;  // lives on m_thread
    std::unique_ptr<LlmService> m_llm;
    QString m_kind;
    bool m_paused = false;
};

} // namespace sift
