// The LLM client's scheduling and bookkeeping, driven by a scripted transport and a manual clock:
// retries and their delays, cooldown and ramp-up, client-side budgets, structured replies, the
// response cache, the call log, cancellation, and keys that never leak.

#include "llm/calllog.h"
#include "llm/clock.h"
#include "llm/llmclient.h"
#include "llm/provider.h"
#include "store/projectstore.h"
#include "support/scriptedtransport.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;
using sift::test::ScriptedTransport;

namespace {

const QByteArray secretKey = "sk-live-4f9Qz7Lm2Xc8Vb1Nn6Aa3Ss5Dd0Ff";

BackendConfig openAi(const QString &name = QStringLiteral("main"))
{
    BackendConfig b;
    b.name = name;
    b.provider = QStringLiteral("openai");
    b.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
    b.model = QStringLiteral("gpt-test");
    b.apiKeyEnv = QStringLiteral("TEST_KEY");
    b.concurrency = 4;
    b.maxAttempts = 4;
    b.maxRetryWaitSeconds = 60;
    b.inputPricePerMTok = 2.0;
    b.outputPricePerMTok = 8.0;
    return b;
}

ChatRequest ask(const QString &text, qint64 seed = 1)
{
    ChatRequest r;
    r.system = QStringLiteral("Be brief.");
    r.messages = {{QStringLiteral("user"), text}};
    r.seed = seed;
    r.purpose = QStringLiteral("test");
    return r;
}

QJsonObject answerSchema()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"),
                        QJsonObject{{QStringLiteral("answer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                                           {QStringLiteral("enum"), QJsonArray{QStringLiteral("YES"), QStringLiteral("NO")}}}}}},
                       {QStringLiteral("required"), QJsonArray{QStringLiteral("answer")}},
                       {QStringLiteral("additionalProperties"), false}};
}

// One client with its collaborators, and every result it delivered.
struct Rig
{
    explicit Rig(QList<BackendConfig> backends = {openAi()}, LlmClient::Options options = {7, true})
    {
        auto opened = ProjectStore::open(dir.filePath(QStringLiteral("sift.db")));
        store = std::move(*opened);
        callStore = std::make_unique<ProjectCallStore>(*store);
        client = std::make_unique<LlmClient>(&transport, &clock, callStore.get(), options);
        for (const BackendConfig &b : backends)
            client->addBackend(b, KeyLookup{secretKey, QStringLiteral("test"), {}});
        QObject::connect(client.get(), &LlmClient::finished, [this](quint64 id, const ChatResult &r) { results.insert(id, r); });
        QObject::connect(client.get(), &LlmClient::event, [this](const LlmEvent &e) { events.append(e); });
    }
    quint64 submit(const ChatRequest &r, const QString &backend = QStringLiteral("main")) { return client->submit(backend, r); }
    QList<LlmCallRecord> calls() const { return *store->llmCalls(); }

    QTemporaryDir dir;
    ScriptedTransport transport;
    ManualClock clock;
    std::unique_ptr<ProjectStore> store;
    std::unique_ptr<ProjectCallStore> callStore;
    std::unique_ptr<LlmClient> client;
    QHash<quint64, ChatResult> results;
    QList<LlmEvent> events;
};

} // namespace

class TestLlmClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void successCarriesUsageCostAndIsLogged();
    void resultsNeverArriveInsideSubmit();
    void aRepeatedRequestIsAnsweredFromTheCache();
    void theCacheKeyCoversEveryParameter();
    void noCacheAsksAgainAndRefreshesTheCache();
    void transientFailuresAreRetriedWithBackoff();
    void retryAfterIsObeyedToTheMillisecond();
    void geminiRetryInfoSetsTheNextAttempt();
    void fatalErrorsStopAtOnce_data();
    void fatalErrorsStopAtOnce();
    void givesUpAfterMaxAttempts();
    void aHintLongerThanTheMaximumWaitFails();
    void aRateLimitCoolsTheWholeBackendDownThenRampsUp();
    void aBurstOf429sShrinksTheWindowOnce();
    void requestsPerMinuteBudget();
    void tokensPerMinuteBudget();
    void invalidRepliesAreRetriedThenReportedNeverPassed();
    void aValidReplyAfterAnInvalidOneIsKept();
    void promptModeAcceptsFencedJson();
    void cancelAllEndsEverythingAtOnce();
    void cancelOneFreesItsSlot();
    void aKeyNeverAppearsInResultsLogsOrTheDatabase();
    void aMissingKeyFailsWithTheLookupsExplanation();
    void anUnknownBackendFails();
};

void TestLlmClient::successCarriesUsageCostAndIsLogged()
{
    Rig rig;
    const quint64 id = rig.submit(ask(QStringLiteral("hello")));
    QCOMPARE(rig.transport.inFlight(), 1);
    const auto &sent = rig.transport.sent.first();
    QCOMPARE(sent.pool, QStringLiteral("main"));
    QCOMPARE(sent.timeouts.transferMs, 120000);
    QCOMPARE(sent.timeouts.connectMs, 10000);
    HttpResponse reply = ScriptedTransport::openAiOk(QStringLiteral("Hi there."), 1000, 500);
    reply.latencyMs = 1234;  // as the transport measured it
    rig.transport.respondNext(reply);
    QVERIFY(rig.results.contains(id));
    const ChatResult r = rig.results.value(id);
    QVERIFY(r.ok());
    QCOMPARE(r.completion.text, QStringLiteral("Hi there."));
    QCOMPARE(r.completion.latencyMs, 1234);
    QCOMPARE(r.completion.inputTokens, 1000);
    QCOMPARE(r.completion.outputTokens, 500);
    QCOMPARE(r.completion.costMicroUsd, 1000 * 2 + 500 * 8);  // $2 and $8 per million tokens
    QCOMPARE(r.completion.attempts, 1);
    QCOMPARE(r.completion.requestId, QStringLiteral("req_test"));
    QCOMPARE(r.completion.requestHash.size(), 64);
    const QList<LlmCallRecord> calls = rig.calls();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].status, QStringLiteral("ok"));
    QCOMPARE(calls[0].backend, QStringLiteral("main"));
    QCOMPARE(calls[0].model, QStringLiteral("gpt-test"));
    QCOMPARE(calls[0].purpose, QStringLiteral("test"));
    QCOMPARE(calls[0].inputTokens, 1000);
    QCOMPARE(calls[0].outputTokens, 500);
    QCOMPARE(calls[0].costMicroUsd, 6000);
    QCOMPARE(calls[0].attempts, 1);
    QCOMPARE(calls[0].providerRequestId, QStringLiteral("req_test"));
    QCOMPARE(calls[0].requestHash, r.completion.requestHash);
    QCOMPARE(calls[0].latencyMs, 1234);
    const BackendStats s = rig.client->stats(QStringLiteral("main"));
    QCOMPARE(s.completed, 1);
    QCOMPARE(s.costMicroUsd, 6000);
    QCOMPARE(s.inputTokens, 1000);
    QCOMPARE(LlmClient::costMicroUsd(openAi(), 1'000'000, 0), 2'000'000);  // $2.00 for a million input tokens
}

void TestLlmClient::resultsNeverArriveInsideSubmit()
{
    Rig rig;
    rig.submit(ask(QStringLiteral("once")));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("x")));
    bool called = false;
    rig.client->submit(QStringLiteral("main"), ask(QStringLiteral("once")), [&](const ChatResult &) { called = true; });
    QVERIFY(!called);  // a cache hit, but still delivered later
    QTRY_VERIFY(called);
    bool failed = false;
    rig.client->submit(QStringLiteral("nope"), ask(QStringLiteral("x")), [&](const ChatResult &) { failed = true; });
    QVERIFY(!failed);
    QTRY_VERIFY(failed);
}

void TestLlmClient::aRepeatedRequestIsAnsweredFromTheCache()
{
    Rig rig;
    rig.submit(ask(QStringLiteral("same")));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("cached answer"), 100, 10));
    const quint64 again = rig.submit(ask(QStringLiteral("same")));
    QCOMPARE(rig.transport.sent.size(), 1);  // nothing sent
    QTRY_VERIFY(rig.results.contains(again));
    const ChatResult r = rig.results.value(again);
    QVERIFY(r.ok());
    QVERIFY(r.completion.fromCache);
    QCOMPARE(r.completion.text, QStringLiteral("cached answer"));
    QCOMPARE(r.completion.costMicroUsd, 0);
    QCOMPARE(r.completion.attempts, 0);
    const QList<LlmCallRecord> calls = rig.calls();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[1].status, QStringLiteral("cached"));
    QCOMPARE(calls[1].costMicroUsd, 0);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).cacheHits, 1);

    // A new client on the same database (a resumed run) pays for nothing twice either.
    LlmClient resumed(&rig.transport, &rig.clock, rig.callStore.get(), {});
    resumed.addBackend(openAi(), KeyLookup{secretKey, QStringLiteral("test"), {}});
    ChatResult seen;
    resumed.submit(QStringLiteral("main"), ask(QStringLiteral("same")), [&](const ChatResult &res) { seen = res; });
    QTRY_VERIFY(seen.ok());
    QVERIFY(seen.completion.fromCache);
    QCOMPARE(rig.transport.sent.size(), 1);
}

void TestLlmClient::theCacheKeyCoversEveryParameter()
{
    const BackendConfig b = openAi();
    const auto hash = [&](const ChatRequest &r, const BackendConfig &backend) {
        return LlmClient::requestHash(backend, Provider::create(backend.provider)->chatRequest(r, backend, {}).body, r);
    };
    const ChatRequest base = ask(QStringLiteral("q"));
    const QString h = hash(base, b);
    QCOMPARE(hash(base, b), h);  // stable
    ChatRequest other = base;
    other.seed = 2;
    QVERIFY(hash(other, b) != h);
    other = base;
    other.temperature = 0.9;
    QVERIFY(hash(other, b) != h);
    other = base;
    other.messages.append({QStringLiteral("assistant"), QStringLiteral("a")});
    QVERIFY(hash(other, b) != h);
    other = base;
    other.responseSchema = answerSchema();
    QVERIFY(hash(other, b) != h);
    other = base;
    other.maxTokens = 99;
    QVERIFY(hash(other, b) != h);
    other = base;
    other.system = QStringLiteral("Be thorough.");
    QVERIFY(hash(other, b) != h);
    // The provider alone, over the very same body bytes: two APIs never share an entry.
    BackendConfig provider = b;
    provider.provider = QStringLiteral("ollama");
    const QByteArray body = Provider::create(b.provider)->chatRequest(base, b, {}).body;
    QCOMPARE(LlmClient::requestHash(b, body, base), h);
    QVERIFY(LlmClient::requestHash(provider, body, base) != h);
    BackendConfig model = b;
    model.model = QStringLiteral("gpt-other");
    QVERIFY(hash(base, model) != h);
    BackendConfig url = b;
    url.baseUrl = QStringLiteral("http://elsewhere/v1");
    QVERIFY(hash(base, url) != h);
    BackendConfig key = b;  // the key and the name of its variable are not part of it
    key.apiKeyEnv = QStringLiteral("OTHER");
    QCOMPARE(hash(base, key), h);
    // Anthropic has no seed parameter; the seed still separates cache entries.
    BackendConfig anthropic = b;
    anthropic.provider = QStringLiteral("anthropic");
    ChatRequest seeded = base;
    seeded.seed = 3;
    QVERIFY(hash(base, anthropic) != hash(seeded, anthropic));
}

void TestLlmClient::noCacheAsksAgainAndRefreshesTheCache()
{
    Rig rig({openAi()}, {7, false});
    rig.submit(ask(QStringLiteral("q")));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("first")));
    rig.submit(ask(QStringLiteral("q")));
    QCOMPARE(rig.transport.sent.size(), 2);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("second")));
    const auto cached = rig.store->cachedReply(rig.calls().last().requestHash);
    QVERIFY(cached.ok() && cached->has_value());
    QCOMPARE((*cached)->text, QStringLiteral("second"));
}

void TestLlmClient::transientFailuresAreRetriedWithBackoff()
{
    Rig rig;
    const quint64 id = rig.submit(ask(QStringLiteral("q")));
    rig.transport.respondNext(ScriptedTransport::reply(503, R"({"error":{"message":"busy","type":"server_error"}})"));
    QCOMPARE(rig.transport.inFlight(), 0);
    QCOMPARE(rig.transport.sent.size(), 1);
    // First retry: 0.5 s nominal, jittered into [0.25, 0.5] s.
    const qint64 first = rig.clock.nextDue();
    QVERIFY2(first >= 250 && first <= 500, qPrintable(QString::number(first)));
    QCOMPARE(rig.events.last().kind, LlmEvent::Kind::Retry);
    QCOMPARE(rig.events.last().delayMs, first);
    QVERIFY(rig.events.last().message.contains(QStringLiteral("HTTP 503")));
    rig.clock.advance(first - 1);
    QCOMPARE(rig.transport.sent.size(), 1);
    rig.clock.advance(1);
    QCOMPARE(rig.transport.sent.size(), 2);
    rig.transport.respondNext(ScriptedTransport::failure(HttpResponse::Outcome::ConnectionFailed));
    const qint64 second = rig.clock.nextDue() - rig.clock.nowMs();
    QVERIFY2(second >= 500 && second <= 1000, qPrintable(QString::number(second)));
    rig.clock.advance(second);
    rig.transport.respondNext(ScriptedTransport::failure(HttpResponse::Outcome::TransferTimeout));
    const qint64 third = rig.clock.nextDue() - rig.clock.nowMs();
    QVERIFY2(third >= 1000 && third <= 2000, qPrintable(QString::number(third)));
    rig.clock.advance(third);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("finally")));
    QVERIFY(rig.results.value(id).ok());
    QCOMPARE(rig.results.value(id).completion.attempts, 4);
    QCOMPARE(rig.calls().last().attempts, 4);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).retries, 3);
}

void TestLlmClient::retryAfterIsObeyedToTheMillisecond()
{
    Rig rig;
    rig.submit(ask(QStringLiteral("q")));
    rig.transport.respondNext(ScriptedTransport::reply(500, "{}", {{"retry-after", "3"}}));
    QCOMPARE(rig.clock.nextDue(), 3000);
    rig.clock.advance(2999);
    QCOMPARE(rig.transport.sent.size(), 1);
    rig.clock.advance(1);
    QCOMPARE(rig.transport.sent.size(), 2);
    rig.transport.respondNext(ScriptedTransport::reply(500, "{}", {{"retry-after-ms", "250"}}));
    QCOMPARE(rig.clock.nextDue(), 3250);
    rig.clock.advance(250);
    // An HTTP date is read against the injected wall clock.
    const QString date = rig.clock.nowUtc().addSecs(7).toString(QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    rig.transport.respondNext(ScriptedTransport::reply(503, "{}", {{"retry-after", date.toLatin1()}}));
    const qint64 wait = rig.clock.nextDue() - rig.clock.nowMs();
    QVERIFY2(wait > 6000 && wait <= 7000, qPrintable(QString::number(wait)));  // the date has whole seconds
}

void TestLlmClient::geminiRetryInfoSetsTheNextAttempt()
{
    BackendConfig gemini = openAi(QStringLiteral("gem"));
    gemini.provider = QStringLiteral("gemini");
    gemini.baseUrl = QStringLiteral("http://127.0.0.1:9");
    gemini.model = QStringLiteral("gemini-test");
    Rig rig({gemini});
    const quint64 id = rig.submit(ask(QStringLiteral("q")), QStringLiteral("gem"));
    // A per-minute quota: the delay is only in the body, no retry-after header.
    rig.transport.respondNext(ScriptedTransport::reply(429, R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED",
        "message":"You exceeded your current quota.","details":[
        {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7.5s"}]}})"));
    QVERIFY(!rig.results.contains(id));
    QCOMPARE(rig.clock.nextDue(), 7500);
    QCOMPARE(rig.client->stats(QStringLiteral("gem")).coolingDownUntilMs, 7500);
    QCOMPARE(rig.events.last().kind, LlmEvent::Kind::Retry);
    QCOMPARE(rig.events.last().delayMs, 7500);
    rig.clock.advance(7499);
    QCOMPARE(rig.transport.sent.size(), 1);
    rig.clock.advance(1);
    QCOMPARE(rig.transport.sent.size(), 2);
    QCOMPARE(rig.transport.sent.at(1).request.body, rig.transport.sent.at(0).request.body);
}

void TestLlmClient::fatalErrorsStopAtOnce_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("hintPart");
    QTest::newRow("401") << 401 << QByteArray(R"({"error":{"message":"Invalid key","type":"invalid_request_error"}})") << QStringLiteral("TEST_KEY");
    QTest::newRow("403") << 403 << QByteArray(R"({"error":{"message":"no access"}})") << QStringLiteral("permission");
    QTest::newRow("404") << 404 << QByteArray(R"({"error":{"message":"model not found"}})") << QStringLiteral("base_url and model");
    QTest::newRow("400") << 400 << QByteArray(R"({"error":{"message":"bad field"}})") << QStringLiteral("rejected");
    QTest::newRow("insufficient_quota") << 429 << QByteArray(R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})") << QStringLiteral("quota");
}

void TestLlmClient::fatalErrorsStopAtOnce()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, hintPart);
    Rig rig;
    const quint64 id = rig.submit(ask(QStringLiteral("q")));
    rig.transport.respondNext(ScriptedTransport::reply(status, body));
    QVERIFY(rig.results.contains(id));
    const ChatResult r = rig.results.value(id);
    QCOMPARE(r.status, CallStatus::Failed);
    QCOMPARE(r.httpStatus, status);
    QVERIFY2(r.error.startsWith(QStringLiteral("backend main: HTTP %1").arg(status)), qPrintable(r.error));
    QVERIFY2(r.hint.contains(hintPart), qPrintable(r.hint));
    QCOMPARE(rig.transport.sent.size(), 1);
    QCOMPARE(rig.clock.pendingCount(), 0);  // no retry booked
    QCOMPARE(rig.calls().last().status, QStringLiteral("failed"));
    QCOMPARE(rig.client->stats(QStringLiteral("main")).coolingDownUntilMs, 0);
}

void TestLlmClient::givesUpAfterMaxAttempts()
{
    BackendConfig b = openAi();
    b.maxAttempts = 3;
    Rig rig({b});
    const quint64 id = rig.submit(ask(QStringLiteral("q")));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(rig.transport.inFlight(), 1);
        rig.transport.respondNext(ScriptedTransport::reply(502, "<html>Bad gateway</html>"));
        if (i < 2)
            rig.clock.advance(rig.clock.nextDue() - rig.clock.nowMs());
    }
    const ChatResult r = rig.results.value(id);
    QCOMPARE(r.status, CallStatus::Exhausted);
    QVERIFY(r.error.contains(QStringLiteral("failed 3 time(s)")));
    QVERIFY(r.hint.contains(QStringLiteral("max_attempts")));
    QCOMPARE(rig.transport.sent.size(), 3);
    QCOMPARE(rig.calls().last().status, QStringLiteral("exhausted"));
    QCOMPARE(rig.calls().last().attempts, 3);
}

void TestLlmClient::aHintLongerThanTheMaximumWaitFails()
{
    BackendConfig b = openAi();
    b.maxRetryWaitSeconds = 60;
    Rig rig({b});
    const quint64 id = rig.submit(ask(QStringLiteral("q")));
    rig.transport.respondNext(ScriptedTransport::reply(429, "{}", {{"retry-after", "3600"}}));
    const ChatResult r = rig.results.value(id);
    QCOMPARE(r.status, CallStatus::Failed);
    QVERIFY2(r.error.contains(QStringLiteral("asks to wait 3600 s")), qPrintable(r.error));
    QVERIFY(r.hint.contains(QStringLiteral("max_retry_wait_s")));
}

void TestLlmClient::aRateLimitCoolsTheWholeBackendDownThenRampsUp()
{
    BackendConfig b = openAi();
    b.concurrency = 4;
    BackendConfig other = openAi(QStringLiteral("other"));
    Rig rig({b, other});
    QList<quint64> ids;
    for (int i = 0; i < 12; ++i)
        ids.append(rig.submit(ask(QStringLiteral("q%1").arg(i))));
    rig.submit(ask(QStringLiteral("elsewhere")), QStringLiteral("other"));
    QCOMPARE(rig.transport.inFlight(), 5);  // 4 on main, 1 on other
    QCOMPARE(rig.client->stats(QStringLiteral("main")).inFlight, 4);

    rig.transport.respondNext(ScriptedTransport::reply(429, R"({"error":{"message":"Rate limit reached","type":"requests"}})",
                                                       {{"retry-after", "2"}}));
    QCOMPARE(rig.events.at(rig.events.size() - 2).kind, LlmEvent::Kind::Cooldown);
    const BackendStats cooling = rig.client->stats(QStringLiteral("main"));
    QCOMPARE(cooling.coolingDownUntilMs, 2000);
    QCOMPARE(cooling.limit, 2);  // halved
    // The three requests already in flight finish; nothing new starts during the cooldown.
    for (int i = 0; i < 3; ++i)
        rig.transport.respond(rig.transport.pendingHandles().first(), ScriptedTransport::openAiOk(QStringLiteral("ok")));
    QCOMPARE(rig.client->stats(QStringLiteral("main")).inFlight, 0);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).limit, 2);  // old requests do not widen the window
    // The other backend is not affected.
    QCOMPARE(rig.client->stats(QStringLiteral("other")).inFlight, 1);

    rig.clock.advance(1999);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).inFlight, 0);
    rig.clock.advance(1);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).inFlight, 2);
    // The retried request goes first.
    const QByteArray retried = rig.transport.sent.at(0).request.body;
    QCOMPARE(rig.transport.sent.at(rig.transport.sent.size() - 2).request.body, retried);
    // Each success widens the window by one, back to the configured 4.
    QList<int> limits;
    while (!rig.transport.pendingHandles().isEmpty() && limits.size() < 6) {
        quint64 h = 0;
        for (quint64 p : rig.transport.pendingHandles())
            if (rig.transport.sent.at(int(p - 1)).pool == QLatin1String("main"))
                h = p;
        if (!h)
            break;
        rig.transport.respond(h, ScriptedTransport::openAiOk(QStringLiteral("ok")));
        limits.append(rig.client->stats(QStringLiteral("main")).limit);
    }
    QCOMPARE(limits.mid(0, 3), (QList<int>{3, 4, 4}));
    QVERIFY(rig.transport.maxInFlight <= 5);
}

void TestLlmClient::aBurstOf429sShrinksTheWindowOnce()
{
    BackendConfig b = openAi();
    b.concurrency = 8;
    Rig rig({b});
    for (int i = 0; i < 8; ++i)
        rig.submit(ask(QStringLiteral("q%1").arg(i)));
    for (int i = 0; i < 8; ++i)
        rig.transport.respondNext(ScriptedTransport::reply(429, "{}", {{"retry-after", "1"}}));
    const BackendStats s = rig.client->stats(QStringLiteral("main"));
    QCOMPARE(s.limit, 4);
    QCOMPARE(s.rateLimited, 8);
    QCOMPARE(s.queued, 8);
    rig.clock.advance(1000);
    QCOMPARE(rig.client->stats(QStringLiteral("main")).inFlight, 4);
}

void TestLlmClient::requestsPerMinuteBudget()
{
    BackendConfig b = openAi();
    b.concurrency = 10;
    b.requestsPerMinute = 2;
    Rig rig({b});
    for (int i = 0; i < 4; ++i)
        rig.submit(ask(QStringLiteral("q%1").arg(i)));
    QCOMPARE(rig.transport.sent.size(), 2);
    QCOMPARE(rig.clock.nextDue(), 30000);  // two a minute: one more every 30 s
    rig.clock.advance(29999);
    QCOMPARE(rig.transport.sent.size(), 2);
    rig.clock.advance(1);
    QCOMPARE(rig.transport.sent.size(), 3);
    rig.clock.advance(30000);
    QCOMPARE(rig.transport.sent.size(), 4);
}

void TestLlmClient::tokensPerMinuteBudget()
{
    BackendConfig b = openAi();
    b.concurrency = 10;
    b.tokensPerMinute = 1000;
    b.maxOutputTokens = 400;
    Rig rig({b});
    for (int i = 0; i < 3; ++i)
        rig.submit(ask(QStringLiteral("q%1").arg(i)));  // about 403 tokens each (prompt/4 + 400)
    QCOMPARE(rig.transport.sent.size(), 2);
    // The replies used far fewer tokens than estimated: the difference comes back at once.
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("a"), 3, 1));
    QCOMPARE(rig.transport.sent.size(), 3);
}

void TestLlmClient::invalidRepliesAreRetriedThenReportedNeverPassed()
{
    Rig rig;
    ChatRequest r = ask(QStringLiteral("judge this"));
    r.responseSchema = answerSchema();
    r.maxInvalidRetries = 2;
    const quint64 id = rig.submit(r);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("Sure! The answer is YES.")));
    QCOMPARE(rig.transport.sent.size(), 2);  // asked again at once, no backoff needed
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral(R"({"answer":"MAYBE"})")));
    QCOMPARE(rig.transport.sent.size(), 3);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral(R"({"answer":"YES","extra":1})")));
    QCOMPARE(rig.transport.sent.size(), 3);
    const ChatResult result = rig.results.value(id);
    QCOMPARE(result.status, CallStatus::InvalidReply);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(QStringLiteral("unexpected property \"extra\"")), qPrintable(result.error));
    QVERIFY(result.error.contains(QStringLiteral("3 replies, none valid")));
    const QList<LlmCallRecord> calls = rig.calls();
    QCOMPARE(calls.size(), 3);
    for (const LlmCallRecord &c : calls) {
        QCOMPARE(c.status, QStringLiteral("invalid_reply"));
        QCOMPARE(c.costMicroUsd, 10 * 2 + 5 * 8);  // paid for all the same
    }
    QVERIFY(calls[1].error.contains(QStringLiteral("/answer: \"MAYBE\" is not one of [\"YES\",\"NO\"]")));
    // Never cached: the next run asks again.
    QVERIFY(!rig.store->cachedReply(calls[0].requestHash)->has_value());
    QCOMPARE(rig.client->stats(QStringLiteral("main")).invalidReplies, 3);
}

void TestLlmClient::aValidReplyAfterAnInvalidOneIsKept()
{
    Rig rig;
    ChatRequest r = ask(QStringLiteral("judge this"));
    r.responseSchema = answerSchema();
    r.runId = 7;
    const quint64 id = rig.submit(r);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("{\"answer\":"), 100, 20));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral(R"({"answer":"NO"})"), 120, 10));
    QVERIFY(rig.results.value(id).ok());
    const ChatCompletion &c = rig.results.value(id).completion;
    QCOMPARE(c.text, QStringLiteral(R"({"answer":"NO"})"));
    QCOMPARE(c.attempts, 2);
    QCOMPARE((*rig.store->cachedReply(c.requestHash))->text, QStringLiteral(R"({"answer":"NO"})"));
    // The kept reply's figures are its own; the invalid one was paid for too, and says so.
    QCOMPARE(c.inputTokens, 120);
    QCOMPARE(c.costMicroUsd, 120 * 2 + 10 * 8);
    QCOMPARE(c.discardedInputTokens, 100);
    QCOMPARE(c.discardedOutputTokens, 20);
    QCOMPARE(c.discardedCostMicroUsd, 100 * 2 + 20 * 8);
    // Both rows name the run; the run is not part of the request, so another run's identical request
    // is answered from the cache.
    const QList<LlmCallRecord> calls = rig.calls();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].status, QStringLiteral("invalid_reply"));
    QCOMPARE(calls[0].runId, 7);
    QCOMPARE(calls[1].status, QStringLiteral("ok"));
    QCOMPARE(calls[1].runId, 7);
    r.runId = 8;
    const quint64 again = rig.submit(r);
    QVERIFY(QTest::qWaitFor([&] { return rig.results.contains(again); }, 1000));
    QVERIFY(rig.results.value(again).completion.fromCache);
    QCOMPARE(rig.calls().last().runId, 8);
}

void TestLlmClient::promptModeAcceptsFencedJson()
{
    BackendConfig b = openAi();
    b.structuredOutput = QStringLiteral("prompt");
    Rig rig({b});
    ChatRequest r = ask(QStringLiteral("judge this"));
    r.responseSchema = answerSchema();
    const quint64 id = rig.submit(r);
    QVERIFY(rig.transport.sent.first().request.body.contains("Reply with one JSON object"));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("Here you go:\n```json\n{\"answer\": \"YES\"}\n```")));
    QVERIFY(rig.results.value(id).ok());
    QCOMPARE(rig.results.value(id).completion.text, QStringLiteral(R"({"answer":"YES"})"));

    // Natively enforced backends must answer with the object alone.
    Rig strict;
    const quint64 sid = strict.submit(r);
    for (int i = 0; i < 3; ++i)
        strict.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("```json\n{\"answer\": \"YES\"}\n```")));
    QCOMPARE(strict.results.value(sid).status, CallStatus::InvalidReply);
}

void TestLlmClient::cancelAllEndsEverythingAtOnce()
{
    Rig rig;
    QList<quint64> ids;
    for (int i = 0; i < 10; ++i)
        ids.append(rig.submit(ask(QStringLiteral("q%1").arg(i))));
    rig.transport.respondNext(ScriptedTransport::reply(503, "{}"));  // one waits for a retry
    QCOMPARE(rig.transport.inFlight(), 4);
    rig.client->cancelAll();
    QCOMPARE(rig.transport.inFlight(), 0);
    QCOMPARE(rig.client->pendingCount(), 0);
    QCOMPARE(rig.results.size(), 10);
    for (quint64 id : ids)
        QCOMPARE(rig.results.value(id).status, CallStatus::Cancelled);
    // Nothing wakes up later to send anything.
    const int sent = rig.transport.sent.size();
    rig.clock.advance(100000);
    QCOMPARE(rig.transport.sent.size(), sent);
    QCOMPARE(rig.calls().last().status, QStringLiteral("cancelled"));
}

void TestLlmClient::cancelOneFreesItsSlot()
{
    BackendConfig b = openAi();
    b.concurrency = 1;
    Rig rig({b});
    const quint64 first = rig.submit(ask(QStringLiteral("a")));
    const quint64 second = rig.submit(ask(QStringLiteral("b")));
    QCOMPARE(rig.transport.sent.size(), 1);
    rig.client->cancel(second);  // queued
    QCOMPARE(rig.results.value(second).status, CallStatus::Cancelled);
    const quint64 third = rig.submit(ask(QStringLiteral("c")));
    rig.client->cancel(first);  // in flight: the queued one takes its place
    QCOMPARE(rig.results.value(first).status, CallStatus::Cancelled);
    QCOMPARE(rig.transport.sent.size(), 2);
    QVERIFY(rig.transport.sent.last().request.body.contains("\"c\""));
    rig.transport.respondNext(ScriptedTransport::openAiOk(QStringLiteral("done")));
    QVERIFY(rig.results.value(third).ok());
}

namespace {
QStringList capturedLog;
void captureMessages(QtMsgType, const QMessageLogContext &, const QString &message)
{
    capturedLog.append(message);
}
} // namespace

void TestLlmClient::aKeyNeverAppearsInResultsLogsOrTheDatabase()
{
    capturedLog.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);
    BackendConfig b = openAi();
    b.maxAttempts = 2;
    Rig rig({b});
    // Servers echo what they were sent; a careless client would pass it on.
    const QByteArray echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + secretKey +
                            ". You can find your API key at https://platform.example.\",\"type\":\"invalid_request_error\"}}";
    const quint64 a = rig.submit(ask(QStringLiteral("a")));
    rig.transport.respondNext(ScriptedTransport::reply(401, echo));
    const quint64 c = rig.submit(ask(QStringLiteral("c")));
    rig.transport.respondNext(ScriptedTransport::reply(500, echo));
    rig.clock.advance(rig.clock.nextDue() - rig.clock.nowMs());
    rig.transport.respondNext(ScriptedTransport::reply(500, echo));
    ChatRequest schema = ask(QStringLiteral("s"));
    schema.responseSchema = answerSchema();
    schema.maxInvalidRetries = 0;
    rig.submit(schema);
    rig.transport.respondNext(ScriptedTransport::openAiOk(QString::fromLatin1(secretKey)));
    qInstallMessageHandler(previous);

    // The key did go over the wire, where it belongs.
    QCOMPARE(rig.transport.sent.first().request.headers.last().second, QByteArray("Bearer ") + secretKey);
    const QString key = QString::fromLatin1(secretKey);
    QVERIFY(rig.results.value(a).error.contains(QStringLiteral("sk-l…d0Ff")));
    for (const ChatResult &r : std::as_const(rig.results)) {
        QVERIFY2(!r.error.contains(key), qPrintable(r.error));
        QVERIFY(!r.hint.contains(key));
    }
    QVERIFY(rig.results.value(c).error.contains(QStringLiteral("Incorrect API key provided: sk-l…d0Ff")));
    for (const LlmEvent &e : std::as_const(rig.events))
        QVERIFY2(!e.message.contains(key), qPrintable(e.message));
    for (const QString &line : std::as_const(capturedLog))
        QVERIFY2(!line.contains(key), qPrintable(line));
    // Every text column of every table of the database.
    QSqlQuery tables(rig.store->database());
    QVERIFY(tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")));
    int rows = 0;
    while (tables.next()) {
        QSqlQuery q(rig.store->database());
        QVERIFY(q.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(tables.value(0).toString())));
        while (q.next()) {
            ++rows;
            for (int i = 0; i < q.record().count(); ++i)
                QVERIFY2(!q.value(i).toString().contains(key), qPrintable(tables.value(0).toString()));
        }
    }
    QVERIFY(rows >= 4);
    QFile db(rig.dir.filePath(QStringLiteral("sift.db")));
    QVERIFY(db.open(QIODevice::ReadOnly));
    QVERIFY(!db.readAll().contains(secretKey));
    QFile wal(rig.dir.filePath(QStringLiteral("sift.db-wal")));
    if (wal.open(QIODevice::ReadOnly))
        QVERIFY(!wal.readAll().contains(secretKey));
}

void TestLlmClient::aMissingKeyFailsWithTheLookupsExplanation()
{
    Rig rig;
    rig.client->addBackend(openAi(QStringLiteral("nokey")),
                           KeyLookup{{}, {}, QStringLiteral("backend nokey needs a key: environment variable TEST_KEY is not set")});
    const quint64 id = rig.submit(ask(QStringLiteral("q")), QStringLiteral("nokey"));
    QTRY_VERIFY(rig.results.contains(id));
    QCOMPARE(rig.results.value(id).status, CallStatus::Failed);
    QVERIFY(rig.results.value(id).error.contains(QStringLiteral("TEST_KEY is not set")));
    QVERIFY(rig.results.value(id).hint.contains(QStringLiteral("export TEST_KEY")));
    QCOMPARE(rig.transport.sent.size(), 0);
}

void TestLlmClient::anUnknownBackendFails()
{
    Rig rig;
    const quint64 id = rig.submit(ask(QStringLiteral("q")), QStringLiteral("ghost"));
    QTRY_VERIFY(rig.results.contains(id));
    QCOMPARE(rig.results.value(id).status, CallStatus::Failed);
    QVERIFY(rig.results.value(id).error.contains(QStringLiteral("no backend named ghost")));
}

QTEST_GUILESS_MAIN(TestLlmClient)
#include "tst_llmclient.moc"
