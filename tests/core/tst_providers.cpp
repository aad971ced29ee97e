// Each provider's wire format: how a request maps to HTTP and how replies and errors read back.

#include "llm/provider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sift;

namespace {

BackendConfig backendFor(const QString &provider, const QString &baseUrl, const QString &model)
{
    BackendConfig b;
    b.name = provider + QStringLiteral("-test");
    b.provider = provider;
    b.baseUrl = baseUrl;
    b.model = model;
    b.maxOutputTokens = 777;
    return b;
}

ChatRequest conversation()
{
    ChatRequest r;
    r.system = QStringLiteral("You are terse.");
    r.messages = {{QStringLiteral("user"), QStringLiteral("Hi")},
                  {QStringLiteral("assistant"), QStringLiteral("Hello.")},
                  {QStringLiteral("user"), QStringLiteral("Refund?")}};
    r.temperature = 0.25;
    r.seed = 99;
    return r;
}

QJsonObject verdictSchema()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"),
                        QJsonObject{{QStringLiteral("answer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
                       {QStringLiteral("required"), QJsonArray{QStringLiteral("answer")}}};
}

QJsonObject body(const HttpRequestSpec &spec)
{
    return QJsonDocument::fromJson(spec.body).object();
}

QByteArray header(const HttpRequestSpec &spec, const QByteArray &name)
{
    for (const auto &[n, v] : spec.headers) {
        if (n == name)
            return v;
    }
    return {};
}

HttpResponse ok(const QByteArray &json, QHash<QByteArray, QByteArray> headers = {})
{
    HttpResponse r;
    r.status = 200;
    r.body = json;
    r.headers = std::move(headers);
    return r;
}

HttpResponse failed(int status, const QByteArray &json)
{
    HttpResponse r;
    r.status = status;
    r.body = json;
    return r;
}

} // namespace

class TestProviders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownProviderIsRefused();
    void openAiRequest();
    void openAiReply();
    void openAiErrors();
    void openAiModelProbeReadsTheList();
    void anthropicRequest();
    void anthropicReply();
    void anthropicSpendLimits_data();
    void anthropicSpendLimits();
    void geminiRequest();
    void geminiReply();
    void geminiErrors();
    void ollamaRequest();
    void ollamaReply();
    void promptModeAsksForTheSchemaInTheSystemPrompt_data();
    void promptModeAsksForTheSchemaInTheSystemPrompt();
    void endpointJoinsBaseUrlsEitherWay_data();
    void endpointJoinsBaseUrlsEitherWay();
    void garbageNeverParsesAsAReply_data();
    void garbageNeverParsesAsAReply();
};

void TestProviders::unknownProviderIsRefused()
{
    QVERIFY(!Provider::create(QStringLiteral("cohere")));
    QVERIFY(Provider::create(QStringLiteral("openai")));
}

void TestProviders::openAiRequest()
{
    const auto p = Provider::create(QStringLiteral("openai"));
    ChatRequest r = conversation();
    r.responseSchema = verdictSchema();
    r.schemaName = QStringLiteral("verdicts");
    const HttpRequestSpec spec = p->chatRequest(r, backendFor(QStringLiteral("openai"), QStringLiteral("http://h:8000/v1"),
                                                              QStringLiteral("gpt-x")), "sk-secret");
    QCOMPARE(spec.method, QByteArray("POST"));
    QCOMPARE(spec.url.toString(), QStringLiteral("http://h:8000/v1/chat/completions"));
    QCOMPARE(header(spec, "authorization"), QByteArray("Bearer sk-secret"));
    const QJsonObject b = body(spec);
    QCOMPARE(b.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-x"));
    const QJsonArray messages = b.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 4);  // the system prompt is the first message
    QCOMPARE(messages.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    QCOMPARE(messages.at(0).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("You are terse."));
    QCOMPARE(messages.at(3).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("Refund?"));
    QCOMPARE(b.value(QStringLiteral("temperature")).toDouble(), 0.25);
    QCOMPARE(b.value(QStringLiteral("seed")).toInteger(), 99);
    QCOMPARE(b.value(QStringLiteral("max_tokens")).toInt(), 777);
    // The form llama.cpp enforces too: {"type":"json_schema","json_schema":{"schema":...}}.
    const QJsonObject format = b.value(QStringLiteral("response_format")).toObject();
    QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
    const QJsonObject js = format.value(QStringLiteral("json_schema")).toObject();
    QCOMPARE(js.value(QStringLiteral("name")).toString(), QStringLiteral("verdicts"));
    QCOMPARE(js.value(QStringLiteral("strict")).toBool(), true);
    QCOMPARE(js.value(QStringLiteral("schema")).toObject(), verdictSchema());
    QVERIFY(!b.contains(QStringLiteral("schema")));

    // No key (a local server): no authorization header at all; no temperature unless asked.
    ChatRequest plain;
    plain.messages = {{QStringLiteral("user"), QStringLiteral("x")}};
    plain.maxTokens = 5;
    const HttpRequestSpec local = p->chatRequest(plain, backendFor(QStringLiteral("openai"), QStringLiteral("http://h/v1/"),
                                                                   QStringLiteral("m")), {});
    QVERIFY(header(local, "authorization").isEmpty());
    QCOMPARE(local.url.toString(), QStringLiteral("http://h/v1/chat/completions"));
    QVERIFY(!body(local).contains(QStringLiteral("temperature")));
    QVERIFY(!body(local).contains(QStringLiteral("response_format")));
    QCOMPARE(body(local).value(QStringLiteral("max_tokens")).toInt(), 5);
    QCOMPARE(body(local).value(QStringLiteral("messages")).toArray().size(), 1);
}

void TestProviders::openAiReply()
{
    const auto p = Provider::create(QStringLiteral("openai"));
    const ParsedReply r = p->parseChatReply(
        ok(R"({"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"Sure."},"finish_reason":"length"}],
               "usage":{"prompt_tokens":31,"completion_tokens":2,"total_tokens":33}})",
           {{"x-request-id", "req_abc"}}));
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.completion.text, QStringLiteral("Sure."));
    QCOMPARE(r.completion.finishReason, QStringLiteral("length"));
    QCOMPARE(r.completion.inputTokens, 31);
    QCOMPARE(r.completion.outputTokens, 2);
    QCOMPARE(r.completion.requestId, QStringLiteral("req_abc"));
    // Without the header the body's id identifies the request.
    const ParsedReply noHeader = p->parseChatReply(ok(R"({"id":"chatcmpl-9","choices":[{"message":{"content":"x"}}]})"));
    QCOMPARE(noHeader.completion.requestId, QStringLiteral("chatcmpl-9"));
}

void TestProviders::openAiErrors()
{
    const auto p = Provider::create(QStringLiteral("openai"));
    const ProviderError quota = p->parseError(failed(429, R"({"error":{"message":"You exceeded your current quota.",
        "type":"insufficient_quota","param":null,"code":"insufficient_quota"}})"));
    QVERIFY(quota.quotaExhausted);
    QCOMPARE(quota.type, QStringLiteral("insufficient_quota"));
    QCOMPARE(quota.message, QStringLiteral("You exceeded your current quota."));
    const ProviderError rate = p->parseError(failed(429, R"({"error":{"message":"Rate limit reached","type":"requests",
        "code":"rate_limit_exceeded"}})"));
    QVERIFY(!rate.quotaExhausted);
    QCOMPARE(rate.code, QStringLiteral("rate_limit_exceeded"));
    // llama.cpp while loading, and servers that answer {"error": "text"}.
    const ProviderError loading = p->parseError(failed(503, R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"));
    QCOMPARE(loading.message, QStringLiteral("Loading model"));
    QCOMPARE(loading.code, QStringLiteral("503"));
    QCOMPARE(p->parseError(failed(500, R"({"error":"boom"})")).message, QStringLiteral("boom"));
}

void TestProviders::openAiModelProbeReadsTheList()
{
    const auto p = Provider::create(QStringLiteral("openai"));
    const BackendConfig b = backendFor(QStringLiteral("openai"), QStringLiteral("http://h/v1"), QStringLiteral("Qwen/Qwen3-8B"));
    const HttpRequestSpec probe = p->modelProbe(b, "k");
    QCOMPARE(probe.method, QByteArray("GET"));
    QCOMPARE(probe.url.toString(), QStringLiteral("http://h/v1/models"));
    QCOMPARE(p->modelProbeProblem(ok(R"({"data":[{"id":"a"},{"id":"Qwen/Qwen3-8B"}]})"), b), QString());
    QVERIFY(p->modelProbeProblem(ok(R"({"data":[{"id":"a"}]})"), b).contains(QStringLiteral("not in the server's list (a)")));
    QVERIFY(p->modelProbeProblem(failed(401, R"({"error":{"message":"bad key"}})"), b).contains(QStringLiteral("HTTP 401: bad key")));
}

void TestProviders::anthropicRequest()
{
    const auto p = Provider::create(QStringLiteral("anthropic"));
    ChatRequest r = conversation();
    r.responseSchema = verdictSchema();
    const HttpRequestSpec spec = p->chatRequest(
        r, backendFor(QStringLiteral("anthropic"), QStringLiteral("https://api.anthropic.com"), QStringLiteral("claude-x")), "ak");
    QCOMPARE(spec.url.toString(), QStringLiteral("https://api.anthropic.com/v1/messages"));
    QCOMPARE(header(spec, "x-api-key"), QByteArray("ak"));
    QCOMPARE(header(spec, "anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(header(spec, "authorization").isEmpty());
    const QJsonObject b = body(spec);
    // The system prompt is a top-level field, not a message; max_tokens is always present.
    QCOMPARE(b.value(QStringLiteral("system")).toString(), QStringLiteral("You are terse."));
    const QJsonArray messages = b.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    QCOMPARE(b.value(QStringLiteral("max_tokens")).toInt(), 777);
    QVERIFY(!b.contains(QStringLiteral("seed")));  // the API has none
    const QJsonObject format = b.value(QStringLiteral("output_config")).toObject().value(QStringLiteral("format")).toObject();
    QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
    QCOMPARE(format.value(QStringLiteral("schema")).toObject(), verdictSchema());
}

void TestProviders::anthropicReply()
{
    const auto p = Provider::create(QStringLiteral("anthropic"));
    const ParsedReply r = p->parseChatReply(ok(R"({"id":"msg_1","type":"message","role":"assistant","content":[
        {"type":"thinking","thinking":"hmm"},{"type":"text","text":"Part one. "},{"type":"text","text":"Part two."}],
        "stop_reason":"max_tokens","usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":2,
        "output_tokens":7}})", {{"request-id", "req_9"}}));
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.completion.text, QStringLiteral("Part one. Part two."));
    QCOMPARE(r.completion.finishReason, QStringLiteral("max_tokens"));
    QCOMPARE(r.completion.inputTokens, 17);
    QCOMPARE(r.completion.outputTokens, 7);
    QCOMPARE(r.completion.requestId, QStringLiteral("req_9"));
}

void TestProviders::anthropicSpendLimits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("exhausted");
    QTest::newRow("error type") << QByteArray(R"({"type":"error","error":{"type":"enforced_spend_limit_reached","message":"x"}})") << true;
    QTest::newRow("error code") << QByteArray(R"({"type":"error","error":{"type":"rate_limit_error","code":"enforced_spend_limit_reached","message":"x"}})") << true;
    QTest::newRow("monthly spend limit prose") << QByteArray(R"({"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your account's monthly spend limit."}})") << true;
    QTest::newRow("usage limits prose") << QByteArray(R"({"type":"error","error":{"type":"invalid_request_error","message":"You have reached your specified API usage limits. You will regain access on 2026-08-01."}})") << true;
    QTest::newRow("plain rate limit") << QByteArray(R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})") << false;
    QTest::newRow("overloaded") << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") << false;
}

void TestProviders::anthropicSpendLimits()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, exhausted);
    QCOMPARE(Provider::create(QStringLiteral("anthropic"))->parseError(failed(429, body)).quotaExhausted, exhausted);
}

void TestProviders::geminiRequest()
{
    const auto p = Provider::create(QStringLiteral("gemini"));
    ChatRequest r = conversation();
    r.responseSchema = verdictSchema();
    const HttpRequestSpec spec = p->chatRequest(
        r, backendFor(QStringLiteral("gemini"), QStringLiteral("https://g.example"), QStringLiteral("models/gemini-x")), "gk");
    QCOMPARE(spec.url.toString(), QStringLiteral("https://g.example/v1beta/models/gemini-x:generateContent"));
    QCOMPARE(header(spec, "x-goog-api-key"), QByteArray("gk"));
    QVERIFY(!spec.url.hasQuery());  // never ?key=: URLs end up in logs
    const QJsonObject b = body(spec);
    QCOMPARE(b.value(QStringLiteral("systemInstruction")).toObject().value(QStringLiteral("parts")).toArray().at(0).toObject()
                 .value(QStringLiteral("text")).toString(),
             QStringLiteral("You are terse."));
    const QJsonArray contents = b.value(QStringLiteral("contents")).toArray();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(contents.at(1).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("model"));
    QCOMPARE(contents.at(2).toObject().value(QStringLiteral("parts")).toArray().at(0).toObject().value(QStringLiteral("text")).toString(),
             QStringLiteral("Refund?"));
    const QJsonObject config = b.value(QStringLiteral("generationConfig")).toObject();
    QCOMPARE(config.value(QStringLiteral("temperature")).toDouble(), 0.25);
    QCOMPARE(config.value(QStringLiteral("maxOutputTokens")).toInt(), 777);
    QCOMPARE(config.value(QStringLiteral("seed")).toInt(), 99);
    QCOMPARE(config.value(QStringLiteral("responseMimeType")).toString(), QStringLiteral("application/json"));
    QCOMPARE(config.value(QStringLiteral("responseJsonSchema")).toObject(), verdictSchema());
}

void TestProviders::geminiReply()
{
    const auto p = Provider::create(QStringLiteral("gemini"));
    const ParsedReply r = p->parseChatReply(ok(R"({"candidates":[{"content":{"role":"model","parts":[
        {"text":"thinking...","thought":true},{"text":"Answer"}]},"finishReason":"STOP"}],
        "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"thoughtsTokenCount":40,"totalTokenCount":55},
        "responseId":"resp-1"})"));
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.completion.text, QStringLiteral("Answer"));
    QCOMPARE(r.completion.finishReason, QStringLiteral("STOP"));
    QCOMPARE(r.completion.inputTokens, 12);
    QCOMPARE(r.completion.outputTokens, 43);  // thinking is billed as output
    QCOMPARE(r.completion.requestId, QStringLiteral("resp-1"));
    const ParsedReply blocked = p->parseChatReply(ok(R"({"promptFeedback":{"blockReason":"SAFETY"}})"));
    QVERIFY(!blocked.ok);
    QVERIFY(blocked.problem.contains(QStringLiteral("SAFETY")));
}

void TestProviders::geminiErrors()
{
    const auto p = Provider::create(QStringLiteral("gemini"));
    const ProviderError perMinute = p->parseError(failed(429, R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel"}]},
                   {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7.5s"}]}})"));
    QVERIFY(!perMinute.quotaExhausted);
    QCOMPARE(perMinute.type, QStringLiteral("RESOURCE_EXHAUSTED"));
    QCOMPARE(perMinute.retryDelayMs, std::optional<qint64>(7500));
    const ProviderError perDay = p->parseError(failed(429, R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},
                   {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"20s"}]}})"));
    QVERIFY(perDay.quotaExhausted);
    QCOMPARE(perDay.retryDelayMs, std::optional<qint64>(20000));
    // Some 429s carry no details at all.
    const ProviderError bare = p->parseError(failed(429, R"({"error":{"code":429,"message":"x","status":"RESOURCE_EXHAUSTED"}})"));
    QVERIFY(!bare.quotaExhausted);
    QVERIFY(!bare.retryDelayMs);
}

void TestProviders::ollamaRequest()
{
    const auto p = Provider::create(QStringLiteral("ollama"));
    ChatRequest r = conversation();
    r.responseSchema = verdictSchema();
    const HttpRequestSpec spec = p->chatRequest(
        r, backendFor(QStringLiteral("ollama"), QStringLiteral("http://127.0.0.1:11434"), QStringLiteral("qwen3:8b")), {});
    QCOMPARE(spec.url.toString(), QStringLiteral("http://127.0.0.1:11434/api/chat"));
    const QJsonObject b = body(spec);
    QCOMPARE(b.value(QStringLiteral("stream")), QJsonValue(false));  // Ollama streams unless told not to
    QCOMPARE(b.value(QStringLiteral("messages")).toArray().size(), 4);
    const QJsonObject options = b.value(QStringLiteral("options")).toObject();
    QCOMPARE(options.value(QStringLiteral("temperature")).toDouble(), 0.25);
    QCOMPARE(options.value(QStringLiteral("num_predict")).toInt(), 777);
    QCOMPARE(options.value(QStringLiteral("seed")).toInt(), 99);
    QCOMPARE(b.value(QStringLiteral("format")).toObject(), verdictSchema());
}

void TestProviders::ollamaReply()
{
    const auto p = Provider::create(QStringLiteral("ollama"));
    const ParsedReply r = p->parseChatReply(ok(R"({"model":"m","message":{"role":"assistant","content":"Yes."},"done":true,
        "done_reason":"stop","prompt_eval_count":20,"eval_count":4})"));
    QVERIFY2(r.ok, qPrintable(r.problem));
    QCOMPARE(r.completion.text, QStringLiteral("Yes."));
    QCOMPARE(r.completion.finishReason, QStringLiteral("stop"));
    QCOMPARE(r.completion.inputTokens, 20);
    QCOMPARE(r.completion.outputTokens, 4);
    // An error under HTTP 200, and a streamed body, are not replies.
    const ParsedReply error = p->parseChatReply(ok(R"({"error":"model runner has unexpectedly stopped"})"));
    QVERIFY(!error.ok);
    QVERIFY(error.problem.contains(QStringLiteral("unexpectedly stopped")));
    QVERIFY(!p->parseChatReply(ok("{\"message\":{\"content\":\"a\"},\"done\":false}\n{\"done\":true}\n")).ok);
}

void TestProviders::promptModeAsksForTheSchemaInTheSystemPrompt_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("nativeField");
    QTest::newRow("openai") << QStringLiteral("openai") << QStringLiteral("response_format");
    QTest::newRow("anthropic") << QStringLiteral("anthropic") << QStringLiteral("output_config");
    QTest::newRow("gemini") << QStringLiteral("gemini") << QStringLiteral("generationConfig/responseJsonSchema");
    QTest::newRow("ollama") << QStringLiteral("ollama") << QStringLiteral("format");
}

void TestProviders::promptModeAsksForTheSchemaInTheSystemPrompt()
{
    QFETCH(QString, provider);
    QFETCH(QString, nativeField);
    const auto p = Provider::create(provider);
    BackendConfig b = backendFor(provider, QStringLiteral("http://h/v1"), QStringLiteral("m"));
    b.structuredOutput = QStringLiteral("prompt");
    ChatRequest r = conversation();
    r.responseSchema = verdictSchema();
    const HttpRequestSpec spec = p->chatRequest(r, b, {});
    const QByteArray text = spec.body;
    QVERIFY(text.contains("Reply with one JSON object"));
    QVERIFY(text.contains("You are terse."));  // the original system prompt stays, first
    QJsonObject o = body(spec);
    const QStringList path = nativeField.split(QLatin1Char('/'));
    for (int i = 0; i + 1 < path.size(); ++i)
        o = o.value(path[i]).toObject();
    QVERIFY2(!o.contains(path.last()), qPrintable(nativeField));
}

void TestProviders::endpointJoinsBaseUrlsEitherWay_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("anthropic root") << QStringLiteral("anthropic") << QStringLiteral("https://a.example") << QStringLiteral("https://a.example/v1/messages");
    QTest::newRow("anthropic /v1") << QStringLiteral("anthropic") << QStringLiteral("https://a.example/v1/") << QStringLiteral("https://a.example/v1/messages");
    QTest::newRow("openai /v1") << QStringLiteral("openai") << QStringLiteral("http://h:1/v1") << QStringLiteral("http://h:1/v1/chat/completions");
    QTest::newRow("openrouter") << QStringLiteral("openai") << QStringLiteral("https://openrouter.ai/api/v1") << QStringLiteral("https://openrouter.ai/api/v1/chat/completions");
    QTest::newRow("gemini v1beta") << QStringLiteral("gemini") << QStringLiteral("https://g/v1beta") << QStringLiteral("https://g/v1beta/models/m:generateContent");
}

void TestProviders::endpointJoinsBaseUrlsEitherWay()
{
    QFETCH(QString, provider);
    QFETCH(QString, baseUrl);
    QFETCH(QString, expected);
    ChatRequest r;
    r.messages = {{QStringLiteral("user"), QStringLiteral("x")}};
    QCOMPARE(Provider::create(provider)->chatRequest(r, backendFor(provider, baseUrl, QStringLiteral("m")), {}).url.toString(), expected);
}

void TestProviders::garbageNeverParsesAsAReply_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QByteArray>("body");
    for (const char *p : {"openai", "anthropic", "gemini", "ollama"}) {
        const QString name = QString::fromLatin1(p);
        QTest::newRow(qPrintable(name + QStringLiteral(" empty"))) << name << QByteArray();
        QTest::newRow(qPrintable(name + QStringLiteral(" truncated"))) << name << QByteArray(R"({"choices":[{"message":{"content":"hal)");
        QTest::newRow(qPrintable(name + QStringLiteral(" html"))) << name << QByteArray("<html>502 Bad Gateway</html>");
        QTest::newRow(qPrintable(name + QStringLiteral(" array"))) << name << QByteArray("[1,2]");
        QTest::newRow(qPrintable(name + QStringLiteral(" other shape"))) << name << QByteArray(R"({"result":"x"})");
    }
}

void TestProviders::garbageNeverParsesAsAReply()
{
    QFETCH(QString, provider);
    QFETCH(QByteArray, body);
    const ParsedReply r = Provider::create(provider)->parseChatReply(ok(body));
    QVERIFY(!r.ok);
    QVERIFY(!r.problem.isEmpty());
    // Error bodies of any shape read without throwing or crashing.
    const ProviderError e = Provider::create(provider)->parseError(failed(500, body));
    QVERIFY(!e.quotaExhausted);
}

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
