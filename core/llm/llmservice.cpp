#include "llmservice.h"

#include "calllog.h"
#include "clock.h"
#include "httptransport.h"
#include "store/projectstore.h"

#include <memory>

namespace sift {

// Everything that must live on the worker thread, created there and destroyed there.
class LlmService::Worker : public QObject
{
public:
    void setUp(const LlmService::Config &config, const QHash<QString, KeyLookup> &keys, LlmService *service)
    {
        m_transport = std::make_unique<QtHttpTransport>();
        if (!config.databasePath.isEmpty()) {
            // Its own connection: QtSql connections belong to the thread that opened them.
            auto store = ProjectStore::open(config.databasePath);
            if (store) {
                m_store = std::move(*store);
                m_callStore = std::make_unique<ProjectCallStore>(*m_store);
            } else {
                m_storeProblem = store.errorText();
            }
        }
        m_client = std::make_unique<LlmClient>(m_transport.get(), &m_clock, m_callStore.get(),
                                               LlmClient::Options{config.randomSeed, config.readCache});
        for (const BackendConfig &b : config.backends)
            m_client->addBackend(b, keys.value(b.name));
        QObject::connect(m_client.get(), &LlmClient::event, service, &LlmService::event, Qt::QueuedConnection);
        QObject::connect(m_client.get(), &LlmClient::idle, service, &LlmService::idle, Qt::QueuedConnection);
        if (!m_storeProblem.isEmpty())
            Q_EMIT service->event({LlmEvent::Kind::StoreError, {}, 0, 0, 0, m_storeProblem});
    }
    void tearDown()
    {
        if (m_client)
            m_client->cancelAll();
        m_client.reset();
        m_transport.reset();
        m_callStore.reset();
        m_store.reset();
    }

    LlmClient *client() const { return m_client.get(); }
    QHash<quint64, quint64> clientIds;  // service id -> client id, for cancel()

private:
    SystemClock m_clock;
    std::unique_ptr<QtHttpTransport> m_transport;
    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<ProjectCallStore> m_callStore;
    std::unique_ptr<LlmClient> m_client;
    QString m_storeProblem;
};

LlmService::LlmService(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<sift::ChatResult>();
    qRegisterMetaType<sift::LlmEvent>();
    m_thread.setObjectName(QStringLiteral("sift-llm"));
}

LlmService::~LlmService()
{
    if (m_worker) {
        // The client and its network managers are destroyed on their own thread; what is left of
        // the worker owns nothing thread-bound and is deleted here once the thread has ended.
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->tearDown(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
        m_worker = nullptr;
    }
}

void LlmService::start(const Config &config, const KeyResolver &keys)
{
    // Keys are looked up here, on the caller's thread (the keychain may want the main thread);
    // the worker starts when the last lookup has answered.
    auto remaining = std::make_shared<int>(int(config.backends.size()));
    if (*remaining == 0) {
        startWorker(config);
        return;
    }
    for (const BackendConfig &b : config.backends) {
        keys.resolve(b, this, [this, config, remaining, name = b.name](const KeyLookup &lookup) {
            {
                QMutexLocker lock(&m_mutex);
                m_keys.insert(name, lookup);
            }
            if (--*remaining == 0)
                startWorker(config);
        });
    }
}

QHash<QString, KeyLookup> LlmService::keySources() const
{
    QMutexLocker lock(&m_mutex);
    QHash<QString, KeyLookup> out;
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it)
        out.insert(it.key(), KeyLookup{{}, it->source, it->problem});  // the key stays with the worker
    return out;
}

void LlmService::startWorker(const Config &config)
{
    m_worker = new Worker;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QHash<QString, KeyLookup> keys;
    {
        QMutexLocker lock(&m_mutex);
        keys = m_keys;
    }
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, config, keys] { w->setUp(config, keys, this); },
                              Qt::BlockingQueuedConnection);
    QList<std::function<void()>> waiting;
    {
        QMutexLocker lock(&m_mutex);
        m_ready = true;
        waiting.swap(m_beforeReady);
    }
    for (const auto &submitLater : waiting)
        submitLater();
    Q_EMIT ready();
}

quint64 LlmService::submit(const QString &backend, const ChatRequest &request, QObject *context, LlmClient::Callback done)
{
    const quint64 id = ++m_nextId;
    QPointer<QObject> target(context);
    const bool hasContext = context != nullptr;
    auto send = [this, id, backend, request, target, hasContext, done] {
        QMetaObject::invokeMethod(m_worker, [this, id, backend, request, target, hasContext, done, w = m_worker] {
            const quint64 clientId = w->client()->submit(backend, request, [this, id, target, hasContext, done, w](const ChatResult &r) {
                w->clientIds.remove(id);
                QMetaObject::invokeMethod(this, [this, id, r] { Q_EMIT finished(id, r); }, Qt::QueuedConnection);
                if (hasContext && done && target)
                    QMetaObject::invokeMethod(target, [done, r] { done(r); }, Qt::QueuedConnection);
                else if (!hasContext && done)
                    QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
            });
            w->clientIds.insert(id, clientId);
        });
    };
    {
        QMutexLocker lock(&m_mutex);
        if (!m_ready) {
            m_beforeReady.append(send);
            return id;
        }
    }
    send();
    return id;
}

void LlmService::cancel(quint64 id)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [id, w = m_worker] {
        if (const quint64 clientId = w->clientIds.value(id))
            w->client()->cancel(clientId);
    });
}

void LlmService::cancelAll()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->client()->cancelAll(); });
}

BackendStats LlmService::stats(const QString &backend) const
{
    if (!m_worker)
        return {};
    BackendStats s;
    QMetaObject::invokeMethod(m_worker, [&s, backend, w = m_worker] { s = w->client()->stats(backend); },
                              Qt::BlockingQueuedConnection);
    return s;
}

} // namespace sift
