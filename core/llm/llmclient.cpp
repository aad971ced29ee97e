#include "llmclient.h"

#include "calllog.h"
#include "clock.h"
#include "httptransport.h"
#include "jsonschema.h"
#include "provider.h"
#include "retrypolicy.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace sift {

namespace {
qint64 estimateTokens(const ChatRequest &request, const BackendConfig &backend)
{
    // About four characters a token for the prompt, plus the most the reply may use: the same
    // figure providers charge against token budgets before they know the real one.
    qint64 chars = request.system.size();
    for (const Message &m : request.messages)
        chars += m.content.size();
    return chars / 4 + (request.maxTokens > 0 ? request.maxTokens : backend.maxOutputTokens);
}
} // namespace

struct LlmClient::Call
{
    quint64 id = 0;
    QString backend;
    ChatRequest request;
    HttpRequestSpec http;
    QString hash;
    Callback done;
    int attempts = 0;
    int retries = 0;
    int invalidReplies = 0;
    ChatCompletion discarded;  // the invalid replies paid for so far, summed
    qint64 tokenEstimate = 0;
    quint64 transportHandle = 0;
    bool inFlight = false;
    bool queued = false;
    bool completing = false;  // its reply is in and being written: it completes normally
    qint64 lastSentMs = -1;
};

struct LlmClient::Backend
{
    BackendConfig config;
    std::unique_ptr<Provider> provider;
    KeyLookup key;
    std::deque<quint64> ready;                 // in order of submission; retries go first
    std::multimap<qint64, quint64> waiting;    // retries waiting out their delay, by due time
    int inFlight = 0;
    int limit = 1;
    qint64 cooldownUntil = 0;
    qint64 rampFrom = 0;       // successes of requests sent before this do not widen the window
    int rateLimitStreak = 0;
    qint64 wakeAt = -1;
    TokenBucket requests;
    TokenBucket tokens;
    BackendStats stats;
};

LlmClient::LlmClient(HttpTransport *transport, Clock *clock, LlmCallStore *store, Options options, QObject *parent)
    : QObject(parent), m_transport(transport), m_clock(clock), m_store(store), m_options(options),
      m_random(options.randomSeed)
{
    qRegisterMetaType<sift::ChatResult>();
    qRegisterMetaType<sift::LlmEvent>();
}

LlmClient::~LlmClient()
{
    // Replies already paid for are kept, even if nobody hears of them any more.
    if (m_store && !m_writes.isEmpty())
        m_store->write(m_writes);
    // Nothing may call back into a destroyed client: abort what is still in flight, silently.
    for (auto &[id, call] : m_calls) {
        if (call->inFlight) {
            call->inFlight = false;
            call->done = {};
            m_transport->abort(call->transportHandle);
        }
    }
}

void LlmClient::addBackend(const BackendConfig &config, const KeyLookup &key)
{
    // A backend that already exists is updated in place: its queue and calls in flight carry on.
    std::unique_ptr<Backend> &slot = m_backends[config.name];
    if (!slot)
        slot = std::make_unique<Backend>();
    Backend &b = *slot;
    b.config = config;
    b.provider = Provider::create(config.provider);
    b.key = key;
    b.limit = std::clamp(config.concurrency, 1, 256);
    b.requests = TokenBucket(config.requestsPerMinute);
    b.tokens = TokenBucket(config.tokensPerMinute);
    if (!key.key.isEmpty() && !m_keys.contains(key.key))
        m_keys.append(key.key);
    m_transport->configurePool(config.name, b.limit);
}

QStringList LlmClient::backendNames() const
{
    QStringList names;
    for (const auto &[name, b] : m_backends)
        names.append(name);
    return names;
}

LlmClient::Backend *LlmClient::backend(const QString &name) const
{
    const auto it = m_backends.find(name);
    return it == m_backends.end() ? nullptr : it->second.get();
}

BackendStats LlmClient::stats(const QString &name) const
{
    const Backend *b = backend(name);
    if (!b)
        return {};
    BackendStats s = b->stats;
    s.queued = int(b->ready.size() + b->waiting.size());
    s.inFlight = b->inFlight;
    s.limit = b->limit;
    s.coolingDownUntilMs = b->cooldownUntil > m_clock->nowMs() ? b->cooldownUntil : 0;
    return s;
}

quint64 LlmClient::submit(const QString &backendName, const ChatRequest &request, Callback done)
{
    const quint64 id = ++m_nextId;
    auto call = std::make_unique<Call>();
    call->id = id;
    call->backend = backendName;
    call->request = request;
    call->done = std::move(done);
    Call &c = *call;
    m_calls.emplace(id, std::move(call));

    Backend *b = backend(backendName);
    if (!b || !b->provider) {
        finishLater(id, CallStatus::Failed, {},
                    b ? tr("backend %1 has unknown provider '%2'").arg(backendName, b->config.provider)
                      : tr("there is no backend named %1").arg(backendName),
                    tr("check backends and roles in sift.yaml"));
        return id;
    }
    if (!b->key.found()) {
        finishLater(id, CallStatus::Failed, {}, b->key.problem,
                    tr("export %1=... before starting Sift, or store the key in the system keychain (Backend settings)")
                        .arg(b->config.apiKeyEnv));
        return id;
    }
    c.http = b->provider->chatRequest(request, b->config, b->key.key);
    c.hash = requestHash(b->config, c.http.body, request);
    c.tokenEstimate = estimateTokens(request, b->config);

    if (m_store && m_options.readCache && request.useCache) {
        if (const std::optional<CachedReply> hit = m_store->cachedReply(c.hash)) {
            ChatCompletion completion;
            completion.text = hit->text;
            completion.finishReason = hit->finishReason;
            completion.inputTokens = hit->inputTokens;
            completion.outputTokens = hit->outputTokens;
            completion.requestId = hit->providerRequestId;
            completion.fromCache = true;
            completion.requestHash = c.hash;
            ++b->stats.cacheHits;
            c.completing = true;
            write({std::nullopt, callRecord(*b, c, QStringLiteral("cached"), completion, 0, {})},
                  [this, id, completion] { finish(id, CallStatus::Ok, completion, {}, {}, 0); });
            return id;
        }
    }
    c.queued = true;
    b->ready.push_back(id);
    pump(*b);
    return id;
}

void LlmClient::pump(Backend &b)
{
    const qint64 now = m_clock->nowMs();
    // Retries whose delay is over go ahead of new requests, in the order they fell due.
    std::deque<quint64> due;
    while (!b.waiting.empty() && b.waiting.begin()->first <= now) {
        due.push_back(b.waiting.begin()->second);
        b.waiting.erase(b.waiting.begin());
    }
    b.ready.insert(b.ready.begin(), due.begin(), due.end());

    while (!b.ready.empty()) {
        if (now < b.cooldownUntil) {
            wakeAt(b, b.cooldownUntil);
            break;
        }
        if (b.inFlight >= b.limit)
            break;  // the next completion pumps again
        const auto it = m_calls.find(b.ready.front());
        if (it == m_calls.end()) {
            b.ready.pop_front();
            continue;
        }
        Call &call = *it->second;
        const qint64 at = std::max(b.requests.availableAt(now, 1), b.tokens.availableAt(now, double(call.tokenEstimate)));
        if (at > now) {
            wakeAt(b, at);
            break;
        }
        b.ready.pop_front();
        start(b, call);
    }
    if (!b.waiting.empty())
        wakeAt(b, b.waiting.begin()->first);
}

void LlmClient::wakeAt(Backend &b, qint64 atMs)
{
    if (b.wakeAt != -1 && b.wakeAt <= atMs)
        return;  // an earlier wake-up is already booked; it will book the next one
    b.wakeAt = atMs;
    const QString name = b.config.name;
    m_clock->callAt(atMs, this, [this, name, atMs] {
        Backend *target = backend(name);
        if (!target)
            return;
        if (target->wakeAt == atMs)
            target->wakeAt = -1;
        pump(*target);
    });
}

void LlmClient::start(Backend &b, Call &call)
{
    const qint64 now = m_clock->nowMs();
    call.queued = false;
    call.inFlight = true;
    ++call.attempts;
    call.lastSentMs = now;
    ++b.inFlight;
    b.stats.maxInFlight = std::max(b.stats.maxInFlight, b.inFlight);
    b.requests.take(now, 1);
    b.tokens.take(now, double(call.tokenEstimate));
    const HttpTimeouts timeouts{int(b.config.connectTimeoutSeconds * 1000), int(b.config.timeoutSeconds * 1000)};
    const quint64 id = call.id;
    call.transportHandle = m_transport->send(b.config.name, call.http, timeouts,
                                             [this, id](const HttpResponse &r) { onResponse(id, r); });
}

void LlmClient::onResponse(quint64 id, const HttpResponse &response)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || !it->second->inFlight)
        return;  // cancelled: cancel() has already finished it
    Call &call = *it->second;
    Backend &b = *backend(call.backend);
    call.inFlight = false;
    --b.inFlight;
    const bool success = response.outcome == HttpResponse::Outcome::Received && response.status >= 200 && response.status < 300;
    // A freed slot is refilled before the reply is read: under load the next request leaves one
    // parse earlier. (Not after a failure, which may cool the backend down first.)
    if (success)
        pump(b);

    if (response.outcome == HttpResponse::Outcome::Cancelled) {
        finish(id, CallStatus::Cancelled, {}, tr("cancelled"), {}, 0);
    } else if (success) {
        const ParsedReply parsed = b.provider->parseChatReply(response);
        if (parsed.ok) {
            ChatCompletion completion = parsed.completion;
            completion.latencyMs = response.latencyMs;
            onSuccess(b, call, completion);
        } else {
            retryOrFail(b, call, RetryPolicy::unreadableReply(parsed.problem), response.status);
        }
    } else {
        const ProviderError error = response.outcome == HttpResponse::Outcome::Received ? b.provider->parseError(response)
                                                                                         : ProviderError{};
        retryOrFail(b, call, RetryPolicy::classify(response, error, m_clock->nowUtc(), b.config.apiKeyEnv), response.status);
    }
    if (Backend *again = backend(b.config.name))
        pump(*again);
}

void LlmClient::onSuccess(Backend &b, Call &call, const ChatCompletion &received)
{
    ChatCompletion completion = received;
    completion.attempts = call.attempts;
    completion.requestHash = call.hash;
    completion.costMicroUsd = costMicroUsd(b.config, completion.inputTokens, completion.outputTokens);
    b.stats.inputTokens += completion.inputTokens;
    b.stats.outputTokens += completion.outputTokens;
    b.stats.costMicroUsd += completion.costMicroUsd;
    b.tokens.correct(double(call.tokenEstimate - completion.inputTokens - completion.outputTokens));
    // Every success after a 429 widens the window again (slow start), up to the configured size;
    // replies to requests sent before the cooldown say nothing about the backend's state now.
    if (call.lastSentMs >= b.rampFrom) {
        b.limit = std::min(b.limit + 1, std::clamp(b.config.concurrency, 1, 256));
        b.rateLimitStreak = 0;
    }

    if (!call.request.responseSchema.isEmpty()) {
        QJsonObject object;
        const bool lenient = b.config.structuredOutput == QLatin1String("prompt");
        QString problem = extractJsonObject(completion.text, lenient, object);
        if (problem.isEmpty())
            problem = validateAgainstSchema(object, call.request.responseSchema);
        if (!problem.isEmpty()) {
            // A reply that does not validate is paid for, logged, and asked for again: it is never
            // handed on as if it were an answer.
            ++b.stats.invalidReplies;
            ++call.invalidReplies;
            const QString message = tr("backend %1 replied with JSON that does not match the schema: %2").arg(b.config.name, problem);
            report({LlmEvent::Kind::InvalidReply, b.config.name, call.id, call.attempts, 0, message});
            if (call.invalidReplies <= call.request.maxInvalidRetries) {
                log(b, call, QStringLiteral("invalid_reply"), completion, completion.latencyMs, message);
                call.discarded.inputTokens += completion.inputTokens;
                call.discarded.outputTokens += completion.outputTokens;
                call.discarded.costMicroUsd += completion.costMicroUsd;
                call.queued = true;
                b.ready.push_front(call.id);
                return;
            }
            // The last one is reported once its row is in the call log, as a success is once it is cached.
            call.completing = true;
            const QString error = tr("%1 (%2 replies, none valid)").arg(message).arg(call.invalidReplies);
            write({std::nullopt, callRecord(b, call, QStringLiteral("invalid_reply"), completion, completion.latencyMs, message)},
                  [this, id = call.id, completion, error] {
                      finish(id, CallStatus::InvalidReply, completion, error,
                             tr("the model does not follow the schema: try structured_output: native, a stronger model, "
                                "or a simpler schema"),
                             0);
                  });
            return;
        }
        if (lenient)
            completion.text = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

    ++b.stats.completed;
    call.completing = true;
    const quint64 id = call.id;
    write({CachedReply{call.hash, b.config.name, b.config.model, completion.text, completion.finishReason,
                       completion.inputTokens, completion.outputTokens, completion.requestId, completion.costMicroUsd},
           callRecord(b, call, QStringLiteral("ok"), completion, completion.latencyMs, {})},
          [this, id, completion] { finish(id, CallStatus::Ok, completion, {}, {}, 0); });
}

void LlmClient::retryOrFail(Backend &b, Call &call, const RetryDecision &decision, int httpStatus)
{
    const QString name = b.config.name;
    if (!decision.retry) {
        finish(call.id, CallStatus::Failed, {}, tr("backend %1: %2").arg(name, decision.reason), decision.hint, httpStatus);
        return;
    }
    if (call.attempts >= b.config.maxAttempts) {
        finish(call.id, CallStatus::Exhausted, {},
               tr("backend %1 failed %2 time(s); the last error: %3").arg(name).arg(call.attempts).arg(decision.reason),
               tr("the server kept failing: check its status, or raise max_attempts for %1 in sift.yaml").arg(name), httpStatus);
        return;
    }
    const qint64 capMs = qint64(b.config.maxRetryWaitSeconds * 1000);
    if (decision.serverDelayMs && *decision.serverDelayMs > capMs) {
        finish(call.id, CallStatus::Failed, {},
               tr("backend %1 asks to wait %2 s before retrying (%3), longer than max_retry_wait_s (%4 s)")
                   .arg(name)
                   .arg(double(*decision.serverDelayMs) / 1000.0)
                   .arg(decision.reason)
                   .arg(b.config.maxRetryWaitSeconds),
               tr("try again later, or raise max_retry_wait_s for %1 in sift.yaml").arg(name), httpStatus);
        return;
    }
    const qint64 now = m_clock->nowMs();
    qint64 delay = 0;
    if (decision.rateLimited) {
        // The whole backend is over its limit: everything queued waits, and the window shrinks once
        // per episode (not once per reply of the same burst), then grows back with each success.
        ++b.stats.rateLimited;
        const bool alreadyCooling = now < b.cooldownUntil;
        delay = decision.serverDelayMs.value_or(RetryPolicy::backoffMs(b.rateLimitStreak, capMs, unitRandom()));
        ++b.rateLimitStreak;
        if (!alreadyCooling)
            b.limit = std::max(1, std::min(b.limit, b.inFlight + 1) / 2);
        if (now + delay > b.cooldownUntil) {
            b.cooldownUntil = now + delay;
            b.rampFrom = b.cooldownUntil;
            report({LlmEvent::Kind::Cooldown, name, call.id, call.attempts, delay,
                    tr("backend %1 is rate limited (%2); pausing it for %3 s").arg(name, decision.reason).arg(double(delay) / 1000.0)});
        }
    } else {
        delay = decision.serverDelayMs.value_or(RetryPolicy::backoffMs(call.retries, capMs, unitRandom()));
    }
    ++call.retries;
    ++b.stats.retries;
    call.queued = true;
    b.waiting.emplace(now + delay, call.id);
    report({LlmEvent::Kind::Retry, name, call.id, call.attempts, delay,
            tr("backend %1: %2; retry %3 of %4 in %5 s")
                .arg(name, decision.reason)
                .arg(call.attempts)
                .arg(b.config.maxAttempts - 1)
                .arg(double(delay) / 1000.0)});
}

void LlmClient::cancel(quint64 id)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second->completing)
        return;
    Call &call = *it->second;
    if (Backend *b = backend(call.backend)) {
        if (call.inFlight) {
            call.inFlight = false;
            --b->inFlight;
            m_transport->abort(call.transportHandle);
        }
        if (call.queued) {
            b->ready.erase(std::remove(b->ready.begin(), b->ready.end(), id), b->ready.end());
            for (auto w = b->waiting.begin(); w != b->waiting.end();)
                w = w->second == id ? b->waiting.erase(w) : std::next(w);
        }
    }
    const QString name = call.backend;
    finish(id, CallStatus::Cancelled, {}, tr("cancelled"), {}, 0);
    if (Backend *b = backend(name))
        pump(*b);
}

void LlmClient::cancelAll()
{
    for (auto &[name, b] : m_backends) {
        b->ready.clear();
        b->waiting.clear();
    }
    std::vector<quint64> ids;
    ids.reserve(m_calls.size());
    for (const auto &[id, call] : m_calls)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (quint64 id : ids) {
        if (m_calls.count(id) && !m_calls.at(id)->completing) {
            m_calls.at(id)->queued = false;
            cancel(id);
        }
    }
}

void LlmClient::finish(quint64 id, CallStatus status, ChatCompletion completion, QString error, QString hint, int httpStatus)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> call = std::move(it->second);
    m_calls.erase(it);
    Backend *b = backend(call->backend);

    ChatResult result;
    result.status = status;
    result.backend = call->backend;
    result.httpStatus = httpStatus;
    result.error = redact(error);
    result.hint = redact(hint);
    if (completion.requestHash.isEmpty())
        completion.requestHash = call->hash;
    if (completion.attempts == 0 && !completion.fromCache)
        completion.attempts = call->attempts;
    // The invalid replies asked for again before this result (a final invalid reply is the
    // completion itself).
    completion.discardedInputTokens = call->discarded.inputTokens;
    completion.discardedOutputTokens = call->discarded.outputTokens;
    completion.discardedCostMicroUsd = call->discarded.costMicroUsd;
    result.completion = completion;

    if (b && status != CallStatus::Ok && status != CallStatus::InvalidReply) {
        ++b->stats.failed;
        if (status != CallStatus::Cancelled)
            report({LlmEvent::Kind::Failure, call->backend, id, call->attempts, 0, result.error});
        if (b->provider && b->key.found())
            log(*b, *call, callStatusName(status), {}, 0, result.error);
    } else if (b && status == CallStatus::InvalidReply) {
        ++b->stats.failed;
        report({LlmEvent::Kind::Failure, call->backend, id, call->attempts, 0, result.error});
    }

    Q_EMIT finished(id, result);
    if (call->done)
        call->done(result);
    if (m_calls.empty())
        Q_EMIT idle();
}

void LlmClient::finishLater(quint64 id, CallStatus status, ChatCompletion completion, QString error, QString hint)
{
    // Results are never delivered from inside submit(): callers may still be setting up.
    QMetaObject::invokeMethod(
        this, [this, id, status, completion, error, hint] { finish(id, status, completion, error, hint, 0); },
        Qt::QueuedConnection);
}

LlmCallRecord LlmClient::callRecord(const Backend &b, const Call &call, const QString &status, const ChatCompletion &c,
                                    qint64 latencyMs, const QString &error) const
{
    LlmCallRecord r;
    r.requestHash = call.hash;
    r.backend = b.config.name;
    r.model = b.config.model;
    r.purpose = call.request.purpose;
    r.inputTokens = c.inputTokens;
    r.outputTokens = c.outputTokens;
    r.costMicroUsd = c.fromCache ? 0 : c.costMicroUsd;
    r.latencyMs = latencyMs;
    r.attempts = c.fromCache ? 0 : call.attempts;
    r.status = status;
    r.providerRequestId = c.requestId;
    r.error = redact(error);
    r.runId = call.request.runId;
    return r;
}

void LlmClient::log(const Backend &b, const Call &call, const QString &status, const ChatCompletion &c, qint64 latencyMs,
                    const QString &error)
{
    if (m_store)
        write({std::nullopt, callRecord(b, call, status, c, latencyMs, error)});
}

void LlmClient::write(LlmCallEntry entry, std::function<void()> then)
{
    if (m_store)
        m_writes.append(std::move(entry));
    if (then)
        m_afterWrites.push_back(std::move(then));
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &LlmClient::flushWrites, Qt::QueuedConnection);
    }
}

void LlmClient::flushWrites()
{
    m_flushQueued = false;
    if (m_store && !m_writes.isEmpty()) {
        const QList<LlmCallEntry> batch = std::exchange(m_writes, {});
        const QString failure = m_store->write(batch);
        if (!failure.isEmpty())
            report({LlmEvent::Kind::StoreError, batch.first().call.backend, 0, 0, 0, failure});
    }
    const std::vector<std::function<void()>> continuations = std::exchange(m_afterWrites, {});
    for (const auto &then : continuations)
        then();
}

void LlmClient::report(LlmEvent e)
{
    e.message = redact(e.message);
    Q_EMIT event(e);
}

QString LlmClient::redact(const QString &text) const
{
    return redactSecrets(text, m_keys);
}

double LlmClient::unitRandom()
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
}

} // namespace sift
