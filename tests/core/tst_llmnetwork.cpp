// The LLM client over real sockets: each provider's wire format end to end against the fake
// provider server, every fault it can inject, the concurrency really reached, cancellation of
// everything in flight, timeouts, and the threaded service.

#include "llm/calllog.h"
#include "llm/clock.h"
#include "llm/httptransport.h"
#include "llm/llmclient.h"
#include "llm/llmservice.h"
#include "store/projectstore.h"
#include "support/fakeprovider.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sift;
using namespace sift::test;

namespace {

BackendConfig backendFor(const QString &provider, const QUrl &server, const QString &name = QStringLiteral("b"))
{
    BackendConfig b;
    b.name = name;
    b.provider = provider;
    const QString root = server.toString();
    b.baseUrl = provider == QLatin1String("openai") ? root + QStringLiteral("/v1") : root;
    b.model = provider == QLatin1String("gemini") ? QStringLiteral("gemini-x") : QStringLiteral("model-x");
    b.apiKeyEnv = QStringLiteral("K");
    b.concurrency = 8;
    b.maxAttempts = 4;
    b.timeoutSeconds = 5;
    b.connectTimeoutSeconds = 2;
    b.maxRetryWaitSeconds = 0.2;  // real time passes in these tests: keep backoff short
    b.inputPricePerMTok = 1.0;
    b.outputPricePerMTok = 2.0;
    return b;
}

// {"n": <integer>}
QJsonObject numberSchema()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), QJsonObject{{QStringLiteral("n"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}}}},
                       {QStringLiteral("required"), QJsonArray{QStringLiteral("n")}}};
}

ChatRequest ask(const QString &text)
{
    ChatRequest r;
    r.system = QStringLiteral("System words here");
    r.messages = {{QStringLiteral("user"), text}};
    r.temperature = 0;
    return r;
}

// A client on this thread with the real transport and clock.
struct Net
{
    explicit Net(const QList<BackendConfig> &backends, bool withStore = false)
    {
        if (withStore) {
            store = std::move(*ProjectStore::open(dir.filePath(QStringLiteral("sift.db"))));
            callStore = std::make_unique<ProjectCallStore>(*store);
        }
        client = std::make_unique<LlmClient>(&transport, &clock, callStore.get(), LlmClient::Options{3, true});
        for (const BackendConfig &b : backends)
            client->addBackend(b, KeyLookup{"key-123", QStringLiteral("test"), {}});
        QObject::connect(client.get(), &LlmClient::finished, [this](quint64 id, const ChatResult &r) { results.insert(id, r); });
    }
    ChatResult run(const ChatRequest &r, const QString &backend = QStringLiteral("b"), int timeoutMs = 10000)
    {
        const quint64 id = client->submit(backend, r);
        if (!QTest::qWaitFor([&] { return results.contains(id); }, timeoutMs))
            return ChatResult{};
        return results.value(id);
    }

    QTemporaryDir dir;
    std::unique_ptr<ProjectStore> store;
    std::unique_ptr<ProjectCallStore> callStore;
    QtHttpTransport transport;
    SystemClock clock;
    std::unique_ptr<LlmClient> client;
    QHash<quint64, ChatResult> results;
};

} // namespace

Q_DECLARE_METATYPE(sift::test::ScriptedReply)

class TestLlmNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void eachProviderEndToEnd_data();
    void eachProviderEndToEnd();
    void structuredOutputEndToEnd_data();
    void structuredOutputEndToEnd();
    void schemaInvalidRepliesEndAsInvalidReplyNeverPassed_data();
    void schemaInvalidRepliesEndAsInvalidReplyNeverPassed();
    void retryableFaultsAreSurvived_data();
    void retryableFaultsAreSurvived();
    void fatalFaultsStopAfterOneRequest_data();
    void fatalFaultsStopAfterOneRequest();
    void aHangIsCutByTheTransferTimeout();
    void aSlowBodyIsNotATimeout();
    void aServerThatNeverAcceptsHitsTheConnectTimeout();
    void concurrencyIsReallyReached_data();
    void concurrencyIsReallyReached();
    void cancellingEverythingInFlightTakesUnderASecond();
    void theServiceRunsTheClientOnItsOwnThread();

private:
    FakeProviderServer m_server;
};

void TestLlmNetwork::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestLlmNetwork::init()
{
    m_server.clearScript();
    m_server.clearRequests();
    m_server.setLatency(0);
    m_server.setResponder({});
    m_server.setGeminiThoughtsTokens(0);
    m_server.resetCounters();
}

void TestLlmNetwork::eachProviderEndToEnd_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("keyHeader");
    QTest::addColumn<QByteArray>("keyValue");
    QTest::newRow("openai") << QStringLiteral("openai") << QByteArray("/v1/chat/completions") << QByteArray("authorization")
                            << QByteArray("Bearer key-123");
    QTest::newRow("anthropic") << QStringLiteral("anthropic") << QByteArray("/v1/messages") << QByteArray("x-api-key")
                               << QByteArray("key-123");
    QTest::newRow("gemini") << QStringLiteral("gemini") << QByteArray("/v1beta/models/gemini-x:generateContent")
                            << QByteArray("x-goog-api-key") << QByteArray("key-123");
    QTest::newRow("ollama") << QStringLiteral("ollama") << QByteArray("/api/chat") << QByteArray("authorization")
                            << QByteArray("Bearer key-123");
}

void TestLlmNetwork::eachProviderEndToEnd()
{
    QFETCH(QString, provider);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, keyHeader);
    QFETCH(QByteArray, keyValue);
    if (provider == QLatin1String("gemini"))
        m_server.setGeminiThoughtsTokens(7);
    Net net({backendFor(provider, m_server.baseUrl())}, true);
    ChatRequest r = ask(QStringLiteral("where is my refund"));
    r.messages.prepend({QStringLiteral("assistant"), QStringLiteral("Hello there.")});
    r.messages.prepend({QStringLiteral("user"), QStringLiteral("hi")});
    const ChatResult result = net.run(r);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.completion.text, QStringLiteral("ok: where is my refund"));
    // Usage as the server counts it: words of the system prompt and every message; thinking is output.
    QCOMPARE(result.completion.inputTokens, 3 + 1 + 2 + 4);
    QCOMPARE(result.completion.outputTokens, 5 + (provider == QLatin1String("gemini") ? 7 : 0));
    QCOMPARE(result.completion.costMicroUsd, result.completion.inputTokens * 1 + result.completion.outputTokens * 2);
    if (provider != QLatin1String("ollama"))
        QVERIFY(result.completion.requestId.startsWith(QStringLiteral("req_")) ||
                result.completion.requestId.startsWith(QStringLiteral("chatcmpl-")) ||
                result.completion.requestId.startsWith(QStringLiteral("msg_")));
    QVERIFY(!result.completion.finishReason.isEmpty());
    const QList<ReceivedRequest> seen = m_server.requests();
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen[0].path, path);
    QCOMPARE(seen[0].headers.value(keyHeader), keyValue);
    QCOMPARE(seen[0].model, provider == QLatin1String("gemini") ? QStringLiteral("gemini-x") : QStringLiteral("model-x"));
    const QList<LlmCallRecord> calls = *net.store->llmCalls();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].providerRequestId, result.completion.requestId);
    QCOMPARE(calls[0].costMicroUsd, result.completion.costMicroUsd);
}

void TestLlmNetwork::structuredOutputEndToEnd_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<ScriptedReply>("invalid");
    for (const char *p : {"openai", "anthropic", "gemini", "ollama"}) {
        QTest::addRow("%s not json", p) << QString::fromLatin1(p) << ScriptedReply::ok(QStringLiteral("not json"));
        QTest::addRow("%s schema-invalid json", p) << QString::fromLatin1(p) << ScriptedReply::schemaInvalid();
    }
}

void TestLlmNetwork::structuredOutputEndToEnd()
{
    QFETCH(QString, provider);
    QFETCH(ScriptedReply, invalid);
    Net net({backendFor(provider, m_server.baseUrl())}, true);
    m_server.enqueue(invalid);
    m_server.enqueue(ScriptedReply::ok(QStringLiteral(R"({"n": 4})")));
    ChatRequest r = ask(QStringLiteral("2+2"));
    r.responseSchema = numberSchema();
    const ChatResult result = net.run(r);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.completion.text, QStringLiteral(R"({"n": 4})"));
    QCOMPARE(m_server.requestCount(), 2);
    const QList<LlmCallRecord> calls = *net.store->llmCalls();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].status, QStringLiteral("invalid_reply"));
    QCOMPARE(calls[1].status, QStringLiteral("ok"));
}

void TestLlmNetwork::schemaInvalidRepliesEndAsInvalidReplyNeverPassed_data()
{
    QTest::addColumn<QString>("provider");
    for (const char *p : {"openai", "anthropic", "gemini", "ollama"})
        QTest::newRow(p) << QString::fromLatin1(p);
}

void TestLlmNetwork::schemaInvalidRepliesEndAsInvalidReplyNeverPassed()
{
    QFETCH(QString, provider);
    Net net({backendFor(provider, m_server.baseUrl())}, true);
    m_server.enqueue(ScriptedReply::schemaInvalid(), 10);
    ChatRequest r = ask(QStringLiteral("2+2"));
    r.responseSchema = numberSchema();
    r.maxInvalidRetries = 2;
    const ChatResult result = net.run(r);
    QCOMPARE(result.status, CallStatus::InvalidReply);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(QStringLiteral("does not match the schema")), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("3 replies, none valid")), qPrintable(result.error));
    QCOMPARE(m_server.requestCount(), 3);  // the first reply and two retries, then no more
    QCOMPARE(m_server.pendingScriptedReplies(), 7);
    const QList<LlmCallRecord> calls = *net.store->llmCalls();
    QCOMPARE(calls.size(), 3);
    for (const LlmCallRecord &c : calls)
        QCOMPARE(c.status, QStringLiteral("invalid_reply"));
    // Nothing was cached: the same request asks the backend again.
    QVERIFY(!net.store->cachedReply(result.completion.requestHash)->has_value());
    m_server.clearScript();
    m_server.setResponder([](const ReceivedRequest &) { return QStringLiteral(R"({"n": 4})"); });
    const ChatResult again = net.run(r);
    QVERIFY2(again.ok(), qPrintable(again.error));
    QVERIFY(!again.completion.fromCache);
    QCOMPARE(m_server.requestCount(), 4);
}

void TestLlmNetwork::retryableFaultsAreSurvived_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<ScriptedReply>("fault");
    QTest::addColumn<int>("faults");
    const QString openai = QStringLiteral("openai");
    QTest::newRow("429 retry-after seconds") << openai << ScriptedReply::rateLimitedRetryAfterSeconds(0) << 1;
    QTest::newRow("429 retry-after-ms") << openai << ScriptedReply::rateLimitedRetryAfterMs(30) << 2;
    QTest::newRow("429 retry-after date") << openai << ScriptedReply::rateLimitedRetryAfterDate(QDateTime::currentDateTimeUtc()) << 1;
    QTest::newRow("429 no hint") << openai << ScriptedReply::rateLimited() << 1;
    QTest::newRow("500") << openai << ScriptedReply::status(500) << 1;
    QTest::newRow("502") << openai << ScriptedReply::status(502) << 1;
    QTest::newRow("503") << openai << ScriptedReply::status(503) << 2;
    QTest::newRow("529 overloaded") << QStringLiteral("anthropic") << ScriptedReply::overloaded() << 2;
    QTest::newRow("x-should-retry on 400") << openai << ScriptedReply::shouldRetryHeader(400, true) << 1;
    QTest::newRow("gemini RetryInfo") << QStringLiteral("gemini") << ScriptedReply::geminiRetryInfo(QStringLiteral("0.05s")) << 1;
    QTest::newRow("ollama queue full") << QStringLiteral("ollama") << ScriptedReply::ollamaQueueFull() << 1;
    QTest::newRow("ollama error in stream") << QStringLiteral("ollama") << ScriptedReply::ollamaErrorInStream(QStringLiteral("runner crashed")) << 1;
    QTest::newRow("llama.cpp loading") << openai << ScriptedReply::llamaCppLoading() << 2;
    // Qt resends once by itself when a kept-alive connection drops before the reply: two resets reach us.
    QTest::newRow("connection reset") << openai << ScriptedReply::resetConnection() << 2;
    QTest::newRow("truncated body") << openai << ScriptedReply::truncatedBody() << 1;
    QTest::newRow("invalid json") << openai << ScriptedReply::invalidJson() << 1;
}

void TestLlmNetwork::retryableFaultsAreSurvived()
{
    QFETCH(QString, provider);
    QFETCH(ScriptedReply, fault);
    QFETCH(int, faults);
    Net net({backendFor(provider, m_server.baseUrl())}, true);
    m_server.enqueue(fault, faults);
    const ChatResult result = net.run(ask(QStringLiteral("hello")));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.completion.text, QStringLiteral("ok: hello"));
    QCOMPARE(m_server.requestCount(), faults + 1);
    QVERIFY(result.completion.attempts >= 2);
    const QList<LlmCallRecord> calls = *net.store->llmCalls();
    QCOMPARE(calls.size(), 1);  // one call, however many attempts
    QCOMPARE(calls[0].attempts, result.completion.attempts);
    QVERIFY(net.client->stats(QStringLiteral("b")).retries >= 1);
}

void TestLlmNetwork::fatalFaultsStopAfterOneRequest_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<ScriptedReply>("fault");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("insufficient_quota") << QStringLiteral("openai") << ScriptedReply::openAiInsufficientQuota()
                                        << QStringLiteral("insufficient_quota");
    QTest::newRow("anthropic spend limit") << QStringLiteral("anthropic") << ScriptedReply::anthropicSpendLimit()
                                           << QStringLiteral("spend limit");
    QTest::newRow("gemini per-day quota") << QStringLiteral("gemini") << ScriptedReply::geminiPerDayQuota()
                                          << QStringLiteral("RESOURCE_EXHAUSTED");
    QTest::newRow("401") << QStringLiteral("openai") << ScriptedReply::status(401) << QStringLiteral("HTTP 401");
    QTest::newRow("403") << QStringLiteral("anthropic") << ScriptedReply::status(403) << QStringLiteral("HTTP 403");
    QTest::newRow("404") << QStringLiteral("gemini") << ScriptedReply::status(404) << QStringLiteral("HTTP 404");
    QTest::newRow("400") << QStringLiteral("ollama") << ScriptedReply::status(400) << QStringLiteral("HTTP 400");
    QTest::newRow("x-should-retry false on 503") << QStringLiteral("openai") << ScriptedReply::shouldRetryHeader(503, false)
                                                 << QStringLiteral("HTTP 503");
}

void TestLlmNetwork::fatalFaultsStopAfterOneRequest()
{
    QFETCH(QString, provider);
    QFETCH(ScriptedReply, fault);
    QFETCH(QString, errorPart);
    Net net({backendFor(provider, m_server.baseUrl())});
    m_server.enqueue(fault, 5);
    const ChatResult result = net.run(ask(QStringLiteral("hello")));
    QCOMPARE(result.status, CallStatus::Failed);
    QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
    QVERIFY2(result.error.startsWith(QStringLiteral("backend b: ")), qPrintable(result.error));
    QVERIFY(!result.hint.isEmpty());
    QCOMPARE(m_server.requestCount(), 1);
}

void TestLlmNetwork::aHangIsCutByTheTransferTimeout()
{
    BackendConfig b = backendFor(QStringLiteral("openai"), m_server.baseUrl());
    b.timeoutSeconds = 0.3;
    Net net({b});
    m_server.enqueue(ScriptedReply::hang());
    QElapsedTimer t;
    t.start();
    const ChatResult result = net.run(ask(QStringLiteral("hello")));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.completion.attempts, 2);
    QVERIFY(t.elapsed() >= 300);
    // And when the server always hangs, the call ends with the timeout named.
    b.maxAttempts = 2;
    Net hopeless({b});
    m_server.enqueue(ScriptedReply::hang(), 2);
    const ChatResult gaveUp = hopeless.run(ask(QStringLiteral("hello")));
    QCOMPARE(gaveUp.status, CallStatus::Exhausted);
    QVERIFY2(gaveUp.error.contains(QStringLiteral("timeout_s")), qPrintable(gaveUp.error));
}

void TestLlmNetwork::aSlowBodyIsNotATimeout()
{
    BackendConfig b = backendFor(QStringLiteral("openai"), m_server.baseUrl());
    b.timeoutSeconds = 0.3;
    Net net({b});
    m_server.enqueue(ScriptedReply::slowBody(40));  // the whole body takes far longer than 0.3 s
    QElapsedTimer t;
    t.start();
    const ChatResult result = net.run(ask(QStringLiteral("hello")));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.completion.attempts, 1);
    QVERIFY2(t.elapsed() > 300, qPrintable(QString::number(t.elapsed())));
}

void TestLlmNetwork::aServerThatNeverAcceptsHitsTheConnectTimeout()
{
    // A listening socket whose accept queue is full: the kernel drops further SYNs, so connecting
    // hangs, as with a firewalled host.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    QCOMPARE(::listen(fd, 0), 0);
    socklen_t len = sizeof addr;
    QCOMPARE(::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len), 0);
    const quint16 port = ntohs(addr.sin_port);
    QList<int> fillers;
    for (int i = 0; i < 4; ++i) {
        const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        fillers.append(c);
    }
    QTest::qWait(50);

    BackendConfig b = backendFor(QStringLiteral("openai"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    b.connectTimeoutSeconds = 0.3;
    b.maxAttempts = 1;
    Net net({b});
    QElapsedTimer t;
    t.start();
    const ChatResult result = net.run(ask(QStringLiteral("hello")));
    const qint64 elapsed = t.elapsed();
    for (int c : fillers)
        ::close(c);
    ::close(fd);
    QCOMPARE(result.status, CallStatus::Exhausted);
    QVERIFY2(result.error.contains(QStringLiteral("connect timeout")), qPrintable(result.error));
    QVERIFY2(elapsed >= 300 && elapsed < 3000, qPrintable(QString::number(elapsed)));
}

void TestLlmNetwork::concurrencyIsReallyReached_data()
{
    QTest::addColumn<int>("concurrency");
    QTest::newRow("6, one manager") << 6;
    QTest::newRow("64") << 64;
    QTest::newRow("256") << 256;
}

void TestLlmNetwork::concurrencyIsReallyReached()
{
    QFETCH(int, concurrency);
    BackendConfig b = backendFor(QStringLiteral("openai"), m_server.baseUrl());
    b.concurrency = concurrency;
    Net net({b});
    QCOMPARE(net.transport.managerCount(QStringLiteral("b")), (concurrency + 5) / 6);
    m_server.setLatency(400);
    const int total = concurrency * 2;
    for (int i = 0; i < total; ++i)
        net.client->submit(QStringLiteral("b"), ask(QStringLiteral("q%1").arg(i)));
    QVERIFY(QTest::qWaitFor([&] { return net.results.size() == total; }, 30000));
    for (const ChatResult &r : std::as_const(net.results))
        QVERIFY2(r.ok(), qPrintable(r.error));
    // Exactly the configured number at once: reached, and never exceeded.
    QCOMPARE(m_server.maxInFlight(), concurrency);
    QCOMPARE(net.client->stats(QStringLiteral("b")).maxInFlight, concurrency);
    QVERIFY(m_server.maxConcurrentConnections() >= concurrency);
}

void TestLlmNetwork::cancellingEverythingInFlightTakesUnderASecond()
{
    BackendConfig b = backendFor(QStringLiteral("openai"), m_server.baseUrl());
    b.concurrency = 48;
    Net net({b});
    m_server.enqueue(ScriptedReply::hang(), 48);
    for (int i = 0; i < 100; ++i)
        net.client->submit(QStringLiteral("b"), ask(QStringLiteral("q%1").arg(i)));
    QVERIFY(QTest::qWaitFor([&] { return m_server.inFlight() == 48; }, 5000));
    QElapsedTimer t;
    t.start();
    net.client->cancelAll();
    QVERIFY(QTest::qWaitFor([&] { return net.results.size() == 100; }, 1000));
    for (const ChatResult &r : std::as_const(net.results))
        QCOMPARE(r.status, CallStatus::Cancelled);
    // The server sees every connection go.
    QVERIFY(QTest::qWaitFor([&] { return m_server.inFlight() == 0; }, 1000 - int(t.elapsed())));
    QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(m_server.requestCount(), 48);  // nothing queued was sent after the cancel
}

void TestLlmNetwork::theServiceRunsTheClientOnItsOwnThread()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("sift.db"));
    QVERIFY(ProjectStore::open(db).ok());  // created (and migrated) up front, as a project has it
    LlmService service;
    QSignalSpy ready(&service, &LlmService::ready);
    BackendConfig b = backendFor(QStringLiteral("anthropic"), m_server.baseUrl());
    b.apiKeyEnv = QStringLiteral("SERVICE_TEST_KEY");
    QProcessEnvironment env;
    env.insert(QStringLiteral("SERVICE_TEST_KEY"), QStringLiteral("svc-key"));
    // Submitted before the service is ready: it waits, nothing is lost.
    QList<ChatResult> early;
    service.submit(QStringLiteral("b"), ask(QStringLiteral("early")), this, [&](const ChatResult &r) { early.append(r); });
    service.start({{b}, db, true, 1}, KeyResolver(env, nullptr));
    QVERIFY(ready.count() == 1 || ready.wait(5000));
    QCOMPARE(service.keySources().value(QStringLiteral("b")).source, QStringLiteral("environment variable SERVICE_TEST_KEY"));
    QVERIFY(service.keySources().value(QStringLiteral("b")).key.isEmpty());  // never handed out

    QThread *const testThread = QThread::currentThread();
    QList<ChatResult> results;
    bool allOnTestThread = true;
    for (int i = 0; i < 20; ++i)
        service.submit(QStringLiteral("b"), ask(QStringLiteral("q%1").arg(i)), this, [&](const ChatResult &r) {
            allOnTestThread = allOnTestThread && QThread::currentThread() == testThread;
            results.append(r);
        });
    QVERIFY(QTest::qWaitFor([&] { return results.size() == 20 && early.size() == 1; }, 10000));
    QVERIFY(allOnTestThread);
    QVERIFY(early.first().ok());
    for (const ChatResult &r : std::as_const(results))
        QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(m_server.requests().first().headers.value("x-api-key"), QByteArray("svc-key"));
    QCOMPARE(service.stats(QStringLiteral("b")).completed, 21);

    // The worker wrote the call log through its own connection.
    auto reader = ProjectStore::open(db);
    QVERIFY(reader.ok());
    QCOMPARE((*reader)->llmCalls()->size(), 21);

    // Cancel through the service: everything pending ends as cancelled.
    m_server.enqueue(ScriptedReply::hang(), 5);
    QList<ChatResult> cancelled;
    for (int i = 0; i < 5; ++i)
        service.submit(QStringLiteral("b"), ask(QStringLiteral("hang%1").arg(i)), this, [&](const ChatResult &r) { cancelled.append(r); });
    QVERIFY(QTest::qWaitFor([&] { return m_server.inFlight() == 5; }, 5000));
    service.cancelAll();
    QVERIFY(QTest::qWaitFor([&] { return cancelled.size() == 5; }, 1000));
    for (const ChatResult &r : std::as_const(cancelled))
        QCOMPARE(r.status, CallStatus::Cancelled);
}

QTEST_GUILESS_MAIN(TestLlmNetwork)
#include "tst_llmnetwork.moc"
