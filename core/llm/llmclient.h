#pragma once

#include "chat.h"
#include "keys.h"
#include "project/manifest.h"
#include "tokenbucket.h"

#include <QObject>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <unordered_map>

namespace sift {

class Clock;
class HttpTransport;
class LlmCallStore;
class Provider;
struct HttpResponse;
struct RetryDecision;

// Something worth a line in a run's log: a retry, a cooldown, an invalid reply, a failure.
struct LlmEvent
{
    enum class Kind { Retry, Cooldown, InvalidReply, Failure, StoreError };
    Kind kind = Kind::Retry;
    QString backend;
    quint64 callId = 0;
    int attempt = 0;
    qint64 delayMs = 0;
    QString message;  // keys masked
};

// Counters of one backend, for progress displays and the status bar.
struct BackendStats
{
    int queued = 0;        // waiting to be sent (including retries waiting out their delay)
    int inFlight = 0;
    int limit = 0;         // the concurrency allowed right now (lower while ramping up after a 429)
    int maxInFlight = 0;   // the most requests that were ever in flight at once
    qint64 coolingDownUntilMs = 0;
    qint64 completed = 0;
    qint64 failed = 0;
    qint64 retries = 0;
    qint64 rateLimited = 0;
    qint64 cacheHits = 0;
    qint64 invalidReplies = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicroUsd = 0;
};

// Sends chat requests to the project's backends and survives what real providers do: retries what
// is worth retrying (and nothing else), obeys the servers' delay hints, cools a whole backend down
// on a 429 and ramps it back up, keeps client-side request and token budgets, validates structured
// replies, answers repeated requests from the response cache and logs every call with its cost.
//
// Lives on one thread (the one that owns the transport); every callback and signal comes on it.
class LlmClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ChatResult &)>;
    struct Options
    {
        quint64 randomSeed = 0;  // for the backoff jitter
        bool readCache = true;   // false = --no-cache: ask the backend, still store its reply
    };

    // `store` may be null (no cache, no call log). None of the pointers is owned.
    LlmClient(HttpTransport *transport, Clock *clock, LlmCallStore *store, Options options, QObject *parent = nullptr);
    ~LlmClient() override;

    // Adds (or replaces) a backend with the key found for it. A key that was not found makes every
    // call to the backend fail at once with the lookup's explanation.
    void addBackend(const BackendConfig &config, const KeyLookup &key);
    QStringList backendNames() const;

    // Queues a request; the result arrives through `done` (if given) and finished(), always later,
    // never from inside submit().
    quint64 submit(const QString &backend, const ChatRequest &request, Callback done = {});
    void cancel(quint64 id);
    void cancelAll();

    int pendingCount() const { return int(m_calls.size()); }
    BackendStats stats(const QString &backend) const;

    // The cache key of a request: a hash of provider, base URL, model, seed and the request body
    // (messages and every parameter), without the key.
    static QString requestHash(const BackendConfig &backend, const QByteArray &body, const ChatRequest &request);
    static qint64 costMicroUsd(const BackendConfig &backend, qint64 inputTokens, qint64 outputTokens);

Q_SIGNALS:
    void finished(quint64 id, const sift::ChatResult &result);
    void event(const sift::LlmEvent &event);
    // Nothing is pending any more.
    void idle();

private:
    struct Call;
    struct Backend;

    Backend *backend(const QString &name) const;
    void pump(Backend &b);
    void wakeAt(Backend &b, qint64 atMs);
    void start(Backend &b, Call &call);
    void onResponse(quint64 id, const HttpResponse &response);
    void onSuccess(Backend &b, Call &call, const ChatCompletion &completion);
    void retryOrFail(Backend &b, Call &call, const RetryDecision &decision, int httpStatus);
    void finish(quint64 id, CallStatus status, ChatCompletion completion, QString error, QString hint, int httpStatus);
    void finishLater(quint64 id, CallStatus status, ChatCompletion completion, QString error, QString hint);
    LlmCallRecord callRecord(const Backend &b, const Call &call, const QString &status, const ChatCompletion &c,
                             qint64 latencyMs, const QString &error) const;
    void log(const Backend &b, const Call &call, const QString &status, const ChatCompletion &c, qint64 latencyMs,
             const QString &error);
    // Store writes are grouped: everything that arrives in one pass of the event loop is written in
    // one transaction, and only then are its results delivered, so a result a caller has seen is
    // always already in the response cache.
    void write(LlmCallEntry entry, std::function<void()> then = {});
    void flushWrites();
    void report(LlmEvent e);
    QString redact(const QString &text) const;
    double unitRandom();

    HttpTransport *m_transport;
    Clock *m_clock;
    LlmCallStore *m_store;
    Options m_options;
    std::mt19937_64 m_random;
    std::map<QString, std::unique_ptr<Backend>> m_backends;
    std::unordered_map<quint64, std::unique_ptr<Call>> m_calls;
    QList<QByteArray> m_keys;  // for masking, in memory only
    quint64 m_nextId = 0;
    QList<LlmCallEntry> m_writes;
    std::vector<std::function<void()>> m_afterWrites;
    bool m_flushQueued = false;
};

} // namespace sift

Q_DECLARE_METATYPE(sift::LlmEvent)
