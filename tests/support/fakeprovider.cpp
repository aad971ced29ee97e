#include "fakeprovider.h"

#include "fakeproviderbodies.h"
#include "fakeproviderserver.h"

#include <QMutexLocker>
#include <QThread>

namespace sift::test {

// ---- ScriptedReply ----------------------------------------------------------------------------------

ScriptedReply ScriptedReply::withHeader(const QByteArray &name, const QByteArray &value) const
{
    ScriptedReply r = *this;
    r.headers.append({name, value});
    return r;
}

ScriptedReply ScriptedReply::after(int ms) const
{
    ScriptedReply r = *this;
    r.delayMs = ms;
    return r;
}

ScriptedReply ScriptedReply::withFinishReason(FinishReason reason) const
{
    ScriptedReply r = *this;
    r.finishReason = reason;
    return r;
}

ScriptedReply ScriptedReply::ok()
{
    return ScriptedReply();
}

ScriptedReply ScriptedReply::ok(const QString &text)
{
    ScriptedReply r;
    r.text = text;
    return r;
}

ScriptedReply ScriptedReply::okAfter(int delayMs, const QString &text)
{
    return ok(text).after(delayMs);
}

ScriptedReply ScriptedReply::truncatedByLength(const QString &text)
{
    return ok(text).withFinishReason(FinishReason::Length);
}

ScriptedReply ScriptedReply::status(int code, const QByteArray &body, const HeaderList &headers)
{
    ScriptedReply r;
    r.kind = Kind::Status;
    r.statusCode = code;
    r.body = body;
    r.headers = headers;
    return r;
}

ScriptedReply ScriptedReply::rateLimited()
{
    return status(429);
}

ScriptedReply ScriptedReply::rateLimitedRetryAfterSeconds(int seconds)
{
    return status(429).withHeader(QByteArrayLiteral("retry-after"), QByteArray::number(seconds));
}

ScriptedReply ScriptedReply::rateLimitedRetryAfterMs(int ms)
{
    return status(429).withHeader(QByteArrayLiteral("retry-after-ms"), QByteArray::number(ms));
}

ScriptedReply ScriptedReply::rateLimitedRetryAfterDate(const QDateTime &when)
{
    return status(429).withHeader(QByteArrayLiteral("retry-after"), detail::httpDate(when));
}

ScriptedReply ScriptedReply::geminiRetryInfo(const QString &delay)
{
    return status(429, detail::geminiRetryInfoBody(delay));
}

ScriptedReply ScriptedReply::geminiPerDayQuota()
{
    return status(429, detail::geminiPerDayQuotaBody());
}

ScriptedReply ScriptedReply::openAiInsufficientQuota()
{
    return status(429, detail::openAiInsufficientQuotaBody());
}

ScriptedReply ScriptedReply::anthropicSpendLimit()
{
    return status(429, detail::anthropicSpendLimitBody());
}

ScriptedReply ScriptedReply::overloaded()
{
    return status(529);
}

ScriptedReply ScriptedReply::ollamaQueueFull()
{
    return status(503, detail::ollamaQueueFullBody());
}

ScriptedReply ScriptedReply::llamaCppLoading()
{
    return status(503, detail::llamaCppLoadingBody());
}

ScriptedReply ScriptedReply::shouldRetryHeader(int code, bool retry)
{
    return status(code).withHeader(QByteArrayLiteral("x-should-retry"),
                                   retry ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
}

ScriptedReply ScriptedReply::resetConnection()
{
    ScriptedReply r;
    r.kind = Kind::ResetConnection;
    return r;
}

ScriptedReply ScriptedReply::hang()
{
    ScriptedReply r;
    r.kind = Kind::Hang;
    return r;
}

ScriptedReply ScriptedReply::truncatedBody()
{
    ScriptedReply r;
    r.kind = Kind::TruncatedBody;
    return r;
}

ScriptedReply ScriptedReply::invalidJson()
{
    ScriptedReply r;
    r.kind = Kind::InvalidJson;
    return r;
}

ScriptedReply ScriptedReply::schemaInvalid()
{
    ScriptedReply r;
    r.kind = Kind::SchemaInvalid;
    return r;
}

ScriptedReply ScriptedReply::slowBody(int chunkMs)
{
    ScriptedReply r;
    r.kind = Kind::SlowBody;
    r.chunkMs = chunkMs;
    return r;
}

ScriptedReply ScriptedReply::ollamaErrorInStream(const QString &message)
{
    ScriptedReply r;
    r.kind = Kind::OllamaErrorInStream;
    r.text = message;
    return r;
}

QString dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::OpenAi:
        return QStringLiteral("openai");
    case Dialect::Anthropic:
        return QStringLiteral("anthropic");
    case Dialect::Gemini:
        return QStringLiteral("gemini");
    case Dialect::Ollama:
        return QStringLiteral("ollama");
    case Dialect::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

// ---- FakeProviderServer -----------------------------------------------------------------------------

FakeProviderServer::FakeProviderServer() : m_state(std::make_shared<detail::SharedState>()) {}

FakeProviderServer::~FakeProviderServer()
{
    stop();
}

bool FakeProviderServer::start()
{
    QMutexLocker lock(&m_lifecycle);
    if (m_thread)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("FakeProviderServer"));
    m_core = new detail::ServerCore(m_state);
    m_core->moveToThread(m_thread);
    m_thread->start();
    bool listening = false;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_core,
        [this, &listening, &port] {
            listening = m_core->listen();
            port = m_core->port();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        stopLocked();
        return false;
    }
    m_port = port;
    return true;
}

void FakeProviderServer::stop()
{
    QMutexLocker lock(&m_lifecycle);
    stopLocked();
}

void FakeProviderServer::stopLocked()
{
    if (!m_thread)
        return;
    m_port = 0;
    QMetaObject::invokeMethod(
        m_core, [this] { m_core->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    // The thread has finished, so nothing else can touch the core any more.
    delete m_core;
    m_core = nullptr;
    delete m_thread;
    m_thread = nullptr;
}

bool FakeProviderServer::isRunning() const
{
    return m_port != 0;
}

quint16 FakeProviderServer::port() const
{
    return m_port;
}

QUrl FakeProviderServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

void FakeProviderServer::setLatency(int ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->latencyMs = qMax(0, ms);
}

void FakeProviderServer::setResponder(Responder r)
{
    auto shared = r ? std::make_shared<const Responder>(std::move(r)) : nullptr;
    QMutexLocker lock(&m_state->mutex);
    m_state->responder = std::move(shared);
}

void FakeProviderServer::setKnownModels(const QStringList &models)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->knownModels = models;
}

void FakeProviderServer::setGeminiThoughtsTokens(int tokens)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->geminiThoughtsTokens = tokens;
}

void FakeProviderServer::setFinishReason(FinishReason reason)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->finishReason = reason;
}

void FakeProviderServer::enqueue(const ScriptedReply &reply)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->script.append(reply);
}

void FakeProviderServer::enqueue(const ScriptedReply &reply, int times)
{
    QMutexLocker lock(&m_state->mutex);
    for (int i = 0; i < times; ++i)
        m_state->script.append(reply);
}

int FakeProviderServer::pendingScriptedReplies() const
{
    QMutexLocker lock(&m_state->mutex);
    return static_cast<int>(m_state->script.size());
}

void FakeProviderServer::clearScript()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->script.clear();
}

QList<ReceivedRequest> FakeProviderServer::requests() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests;
}

int FakeProviderServer::requestCount() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->received;
}

void FakeProviderServer::clearRequests()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->requests.clear();
    m_state->received = 0;
}

void FakeProviderServer::setRecordRequests(bool record)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->recordRequests = record;
}

int FakeProviderServer::openConnections() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->open;
}

int FakeProviderServer::maxConcurrentConnections() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->maxOpen;
}

int FakeProviderServer::totalConnections() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->total;
}

int FakeProviderServer::inFlight() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->inFlight;
}

int FakeProviderServer::maxInFlight() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->maxInFlight;
}

void FakeProviderServer::resetCounters()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->maxOpen = m_state->open;
    m_state->maxInFlight = m_state->inFlight;
    m_state->total = 0;
}

QString FakeProviderServer::defaultReply(const ReceivedRequest &request)
{
    return QStringLiteral("ok: ") + detail::lastUserText(request);
}

int FakeProviderServer::countWords(const QString &text)
{
    return detail::countWords(text);
}

int FakeProviderServer::promptTokens(const ReceivedRequest &request)
{
    return detail::promptTokens(request);
}

QJsonObject FakeProviderServer::responseSchema(const ReceivedRequest &request)
{
    return detail::responseSchema(request);
}

} // namespace sift::test
