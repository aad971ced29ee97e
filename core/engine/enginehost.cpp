#include "enginehost.h"

#include "llm/keys.h"
#include "llm/llmservice.h"
#include "project/project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

namespace sift {

EngineHost::Job EngineHost::Job::forProject(const Project &project)
{
    Job job;
    job.projectDir = project.dir();
    job.backends = project.manifest.backends;
    job.randomSeed = quint64(project.manifest.seed);
    return job;
}

EngineHost::EngineHost(const KeyResolver &keys, QObject *parent)
    : QObject(parent), m_keys(std::make_unique<KeyResolver>(keys))
{
    qRegisterMetaType<sift::LlmEvent>();
}

EngineHost::~EngineHost()
{
    if (isRunning()) {
        cancel();
        waitForFinished(5000);
    }
    teardown();
}

bool EngineHost::run(const Job &job)
{
    if (isRunning())
        return false;
    m_kind = job.start ? job.start->kind : QStringLiteral("resume");
    m_paused = false;

    m_llm = std::make_unique<LlmService>();
    connect(m_llm.get(), &LlmService::event, this, &EngineHost::llmEvent);

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("engine"));
    auto *engine = new RunEngine(job.projectDir, m_llm.get());
    engine->moveToThread(m_thread);
    m_engine = engine;
    connect(m_thread, &QThread::finished, engine, &QObject::deleteLater);
    connect(engine, &RunEngine::started, this, &EngineHost::started);
    connect(engine, &RunEngine::progressChanged, this, &EngineHost::progressChanged);
    connect(engine, &RunEngine::batchFinished, this, &EngineHost::batchFinished);
    connect(engine, &RunEngine::notice, this, &EngineHost::notice);
    connect(engine, &RunEngine::finished, this,
            [this](RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems) {
                teardown();
                Q_EMIT finished(outcome, summary, problems);
            });
    m_thread->start();

    // The engine starts once the LLM layer has its keys; requests made before would only wait.
    const std::optional<RunOptions> start = job.start;
    const qint64 resumeRun = job.resumeRun;
    connect(m_llm.get(), &LlmService::ready, engine, [engine, start, resumeRun] {
        if (start)
            engine->start(*start);
        else
            engine->resume(resumeRun);
    });
    LlmService::Config config;
    config.backends = job.backends;
    config.databasePath = QDir(job.projectDir).filePath(QStringLiteral("sift.db"));
    config.readCache = job.readCache;
    config.randomSeed = job.randomSeed;
    m_llm->start(config, *m_keys);
    return true;
}

void EngineHost::pause()
{
    if (!m_engine || m_paused)
        return;
    QMetaObject::invokeMethod(m_engine.data(), &RunEngine::pause, Qt::QueuedConnection);
    m_paused = true;
    Q_EMIT pausedChanged(true);
}

void EngineHost::unpause()
{
    if (!m_engine || !m_paused)
        return;
    QMetaObject::invokeMethod(m_engine.data(), &RunEngine::unpause, Qt::QueuedConnection);
    m_paused = false;
    Q_EMIT pausedChanged(false);
}

void EngineHost::cancel()
{
    if (!m_engine)
        return;
    // In-flight calls are cancelled at once on the LLM thread; the engine then finishes with what
    // it has stored, which a resume continues from.
    QMetaObject::invokeMethod(m_engine.data(), &RunEngine::cancel, Qt::QueuedConnection);
    if (m_llm)
        m_llm->cancelAll();
}

bool EngineHost::waitForFinished(int msecs)
{
    if (!isRunning())
        return true;
    QEventLoop loop;
    connect(this, &EngineHost::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(msecs, &loop, &QEventLoop::quit);
    loop.exec();
    return !isRunning();
}

void EngineHost::teardown()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    // The engine is gone with its thread's last events; the LLM layer can go now.
    m_llm.reset();
    m_kind.clear();
    if (m_paused) {
        m_paused = false;
        Q_EMIT pausedChanged(false);
    }
}

} // namespace sift
