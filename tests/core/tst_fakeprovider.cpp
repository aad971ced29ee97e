// The fake provider server the LLM client tests run against: if it drifts from the real wire formats or
// its faults stop looking like the real ones, every client test built on it proves nothing.

#include "llm/jsonschema.h"
#include "support/fakeprovider.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QTimer>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace sift::test;

namespace {

struct Call
{
    QByteArray method = QByteArrayLiteral("POST");
    QString path;
    QJsonObject json;
    HeaderList headers;
    QByteArray rawBody; // sent instead of json when set
};

QJsonObject userMessage(const QString &text)
{
    return {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}};
}

// The smallest well-formed completion request of each dialect.
Call chat(Dialect d, const QString &user = QStringLiteral("hello"))
{
    Call c;
    switch (d) {
    case Dialect::OpenAi:
        c.path = QStringLiteral("/v1/chat/completions");
        c.headers = {{"authorization", "Bearer sk-test"}};
        c.json = {{QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                  {QStringLiteral("messages"), QJsonArray{userMessage(user)}}};
        break;
    case Dialect::Anthropic:
        c.path = QStringLiteral("/v1/messages");
        c.headers = {{"x-api-key", "sk-ant-test"}, {"anthropic-version", "2023-06-01"}};
        c.json = {{QStringLiteral("model"), QStringLiteral("claude-sonnet-4-5")},
                  {QStringLiteral("max_tokens"), 64},
                  {QStringLiteral("messages"), QJsonArray{userMessage(user)}}};
        break;
    case Dialect::Gemini:
        c.path = QStringLiteral("/v1beta/models/gemini-2.0-flash:generateContent");
        c.headers = {{"x-goog-api-key", "g-test"}};
        c.json = {{QStringLiteral("contents"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("role"), QStringLiteral("user")},
                       {QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), user}}}}}}}};
        break;
    case Dialect::Ollama:
        c.path = QStringLiteral("/api/chat");
        c.json = {{QStringLiteral("model"), QStringLiteral("llama3.2")},
                  {QStringLiteral("stream"), false},
                  {QStringLiteral("messages"), QJsonArray{userMessage(user)}}};
        break;
    case Dialect::Unknown:
        break;
    }
    return c;
}

QJsonValue at(const QJsonValue &root, const QString &path)
{
    QJsonValue v = root;
    const QStringList parts = path.split(QLatin1Char('.'));
    for (const QString &part : parts) {
        bool index = false;
        const int i = part.toInt(&index);
        v = index ? v.toArray().at(i) : v.toObject().value(part);
    }
    return v;
}

// The assistant's text, wherever the dialect puts it.
QString replyText(Dialect d, const QJsonObject &o)
{
    switch (d) {
    case Dialect::OpenAi:
        return at(o, QStringLiteral("choices.0.message.content")).toString();
    case Dialect::Anthropic:
        return at(o, QStringLiteral("content.0.text")).toString();
    case Dialect::Gemini:
        return at(o, QStringLiteral("candidates.0.content.parts.0.text")).toString();
    case Dialect::Ollama:
        return at(o, QStringLiteral("message.content")).toString();
    case Dialect::Unknown:
        break;
    }
    return QString();
}

struct Reply
{
    QNetworkReply::NetworkError error = QNetworkReply::UnknownNetworkError;
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    qint64 ms = 0;
    int readyReads = 0; // how many pieces the body arrived in

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
};

class Client
{
public:
    explicit Client(const FakeProviderServer &server) : m_base(server.baseUrl())
    {
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }

    QNetworkReply *start(const Call &call, int transferTimeoutMs = 0)
    {
        QUrl url = m_base;
        const qsizetype q = call.path.indexOf(QLatin1Char('?'));
        url.setPath(q < 0 ? call.path : call.path.left(q));
        if (q >= 0)
            url.setQuery(call.path.mid(q + 1));
        QNetworkRequest request(url);
        const QByteArray body =
            !call.rawBody.isEmpty()
                ? call.rawBody
                : (call.json.isEmpty() ? QByteArray() : QJsonDocument(call.json).toJson());
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &h : call.headers)
            request.setRawHeader(h.first, h.second);
        if (transferTimeoutMs > 0)
            request.setTransferTimeout(transferTimeoutMs);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, call.method, body);
        reply->setProperty("started", QDateTime::currentMSecsSinceEpoch());
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply] {
            reply->setProperty("readyReads", reply->property("readyReads").toInt() + 1);
        });
        return reply;
    }

    // Waits for the reply (other replies keep progressing meanwhile) and takes it apart.
    static Reply finish(QNetworkReply *reply)
    {
        if (!reply->isFinished()) {
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(10000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        Reply r;
        r.ms = QDateTime::currentMSecsSinceEpoch() - reply->property("started").toLongLong();
        if (!reply->isFinished()) {
            reply->abort();
            r.error = QNetworkReply::TimeoutError;
            delete reply;
            return r;
        }
        r.error = reply->error();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto pairs = reply->rawHeaderPairs();
        for (const auto &h : pairs)
            r.headers.insert(h.first.toLower(), h.second);
        if (reply->isOpen())
            r.body = reply->readAll();
        r.readyReads = reply->property("readyReads").toInt();
        delete reply;
        return r;
    }

    Reply send(const Call &call, int transferTimeoutMs = 0) { return finish(start(call, transferTimeoutMs)); }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

// A blocking POSIX client: it sees exactly what the kernel delivers (FIN versus RST, partial writes),
// which Qt's socket classes blur. Usable from the test thread because the server runs on its own.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        const timeval tv{3, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawClient() { ::close(m_fd); }
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;

    bool connected() const { return m_connected; }

    bool send(const QByteArray &bytes)
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.constData() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    }

    // Reads until the peer ends the stream; returns 0 for an orderly FIN, else errno (ECONNRESET for RST).
    int readToEnd()
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n == 0)
                return 0;
            if (n < 0)
                return errno;
            m_in.append(buf, n);
        }
    }

    // Reads n complete responses framed by Content-Length; returns their bodies, fewer on error.
    QList<QByteArray> readResponses(int n, QList<QByteArray> *heads = nullptr)
    {
        QList<QByteArray> bodies;
        char buf[65536];
        while (bodies.size() < n) {
            const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QByteArray head = m_in.left(headEnd);
                const qsizetype cl = head.toLower().indexOf("content-length:");
                const qsizetype lineEnd = head.indexOf("\r\n", cl);
                const qsizetype length =
                    head.mid(cl + 15, (lineEnd < 0 ? head.size() : lineEnd) - cl - 15).trimmed().toLongLong();
                if (cl >= 0 && m_in.size() >= headEnd + 4 + length) {
                    bodies.append(m_in.mid(headEnd + 4, length));
                    if (heads)
                        heads->append(head);
                    m_in.remove(0, headEnd + 4 + length);
                    continue;
                }
            }
            const ssize_t got = ::recv(m_fd, buf, sizeof buf, 0);
            if (got <= 0)
                break;
            m_in.append(buf, got);
        }
        return bodies;
    }

    // Reads an interim "100 Continue" response, and only that.
    bool readContinue()
    {
        char buf[256];
        while (!m_in.contains("\r\n\r\n")) {
            const ssize_t got = ::recv(m_fd, buf, sizeof buf, 0);
            if (got <= 0)
                return false;
            m_in.append(buf, got);
        }
        const qsizetype end = m_in.indexOf("\r\n\r\n") + 4;
        const bool ok = m_in.startsWith("HTTP/1.1 100 Continue\r\n\r\n") && end == m_in.size();
        m_in.remove(0, end);
        return ok;
    }

    QByteArray received() const { return m_in; }

private:
    int m_fd = -1;
    bool m_connected = false;
    QByteArray m_in;
};

QByteArray rawPost(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

QByteArray openAiBody(const QString &user)
{
    return QJsonDocument(chat(Dialect::OpenAi, user).json).toJson(QJsonDocument::Compact);
}

} // namespace

class TestFakeProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void openAiSuccessShape();
    void anthropicSuccessShape();
    void geminiSuccessShapeAndThoughts();
    void ollamaSuccessShape();
    void ollamaStreamsUnlessStreamFalse();
    void finishReasonLength_data();
    void finishReasonLength();
    void anthropicRejectsMissingMaxTokensOrVersion();
    void customResponder();
    void keepAliveReusesOneConnection();
    void countsConcurrentConnectionsAndRequests();
    void statusErrorsAreProviderShaped_data();
    void statusErrorsAreProviderShaped();
    void rateLimitHints();
    void providerSpecificErrors();
    void resetConnectionSendsRst();
    void hangUntilClientGivesUp();
    void truncatedBodyClosesEarly();
    void invalidJsonAndOllamaStreamError();
    void schemaInvalidParsesButBreaksTheSchema_data();
    void schemaInvalidParsesButBreaksTheSchema();
    void slowBodyArrivesInChunks();
    void extraHeadersDelayAndRepeats();
    void delayedRepliesLeaveInDeadlineOrder();
    void modelLookups();
    void scriptedRepliesSkipModelLookups();
    void unknownRoutesAre404();
    void rawHttpFraming();
    void sustainsThousandsOfRequestsPerSecond();
    void enqueueWhileRequestsAreInFlight();
    void stopsWithRepliesPending();

private:
    std::unique_ptr<FakeProviderServer> m_server;
};

void TestFakeProvider::init()
{
    m_server = std::make_unique<FakeProviderServer>();
    QVERIFY(m_server->start());
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->baseUrl().toString(), QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
}

void TestFakeProvider::cleanup()
{
    m_server.reset();
}

void TestFakeProvider::openAiSuccessShape()
{
    Client client(*m_server);
    Call call = chat(Dialect::OpenAi);
    call.json[QStringLiteral("messages")] =
        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                               {QStringLiteral("content"), QStringLiteral("You are  terse.")}},
                   userMessage(QStringLiteral("hello there world"))};
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Reply r = client.send(call);
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(r.header("connection"), QByteArrayLiteral("keep-alive"));
    QCOMPARE(r.header("x-request-id"), QByteArrayLiteral("req_1"));
    QCOMPARE(r.header("x-ratelimit-reset-requests"), QByteArrayLiteral("6m0s"));
    QVERIFY(r.header("x-ratelimit-remaining-requests").toInt() > 0);

    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("id")).toString(), QStringLiteral("chatcmpl-1"));
    QCOMPARE(o.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
    QVERIFY(o.value(QLatin1String("created")).toInteger() >= before);
    QCOMPARE(o.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(at(o, QStringLiteral("choices.0.index")).toInt(-1), 0);
    QCOMPARE(at(o, QStringLiteral("choices.0.message.role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(replyText(Dialect::OpenAi, o), QStringLiteral("ok: hello there world"));
    QCOMPARE(at(o, QStringLiteral("choices.0.finish_reason")).toString(), QStringLiteral("stop"));
    // 3 system words + 3 user words; 4 words in the reply.
    QCOMPARE(at(o, QStringLiteral("usage.prompt_tokens")).toInt(), 6);
    QCOMPARE(at(o, QStringLiteral("usage.completion_tokens")).toInt(), 4);
    QCOMPARE(at(o, QStringLiteral("usage.total_tokens")).toInt(), 10);

    const QList<ReceivedRequest> got = m_server->requests();
    QCOMPARE(got.size(), 1);
    QCOMPARE(got[0].method, QByteArrayLiteral("POST"));
    QCOMPARE(got[0].path, QByteArrayLiteral("/v1/chat/completions"));
    QCOMPARE(got[0].headers.value("authorization"), QByteArrayLiteral("Bearer sk-test"));
    QCOMPARE(got[0].headers.value("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(got[0].json, call.json);
    QCOMPARE(got[0].connection, 1);
    QCOMPARE(got[0].sequence, 1);
    QCOMPARE(got[0].dialect, Dialect::OpenAi);
    QCOMPARE(got[0].model, QStringLiteral("gpt-4o-mini"));
    QVERIFY(!got[0].modelLookup);
    QCOMPARE(FakeProviderServer::promptTokens(got[0]), 6);
}

void TestFakeProvider::anthropicSuccessShape()
{
    Client client(*m_server);
    Call call = chat(Dialect::Anthropic);
    call.json[QStringLiteral("system")] =
        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                               {QStringLiteral("text"), QStringLiteral("Be brief please")}}};
    call.json[QStringLiteral("messages")] = QJsonArray{
        userMessage(QStringLiteral("first question here")),
        QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                    {QStringLiteral("content"), QStringLiteral("an answer")}},
        QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                            {QStringLiteral("text"), QStringLiteral("second one")}}}}}};
    const Reply r = client.send(call);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("request-id"), QByteArrayLiteral("req_1"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("id")).toString(), QStringLiteral("msg_1"));
    QCOMPARE(o.value(QLatin1String("type")).toString(), QStringLiteral("message"));
    QCOMPARE(o.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(o.value(QLatin1String("model")).toString(), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(at(o, QStringLiteral("content.0.type")).toString(), QStringLiteral("text"));
    QCOMPARE(replyText(Dialect::Anthropic, o), QStringLiteral("ok: second one"));
    QCOMPARE(o.value(QLatin1String("stop_reason")).toString(), QStringLiteral("end_turn"));
    QVERIFY(o.contains(QLatin1String("stop_sequence")) && o.value(QLatin1String("stop_sequence")).isNull());
    // system 3 + 3 + 2 + 2; reply 3.
    QCOMPARE(at(o, QStringLiteral("usage.input_tokens")).toInt(), 10);
    QCOMPARE(at(o, QStringLiteral("usage.output_tokens")).toInt(), 3);
    QCOMPARE(m_server->requests().at(0).dialect, Dialect::Anthropic);
    QCOMPARE(m_server->requests().at(0).headers.value("anthropic-version"), QByteArrayLiteral("2023-06-01"));
}

void TestFakeProvider::geminiSuccessShapeAndThoughts()
{
    Client client(*m_server);
    Call call = chat(Dialect::Gemini, QStringLiteral("bonjour tout le monde"));
    call.path += QStringLiteral("?key=g-query");
    call.json[QStringLiteral("systemInstruction")] =
        QJsonObject{{QStringLiteral("parts"),
                     QJsonArray{QJsonObject{{QStringLiteral("text"), QStringLiteral("Answer in French")}}}}};
    Reply r = client.send(call);
    QCOMPARE(r.status, 200);
    QJsonObject o = r.json();
    QCOMPARE(at(o, QStringLiteral("candidates.0.content.role")).toString(), QStringLiteral("model"));
    QCOMPARE(replyText(Dialect::Gemini, o), QStringLiteral("ok: bonjour tout le monde"));
    QCOMPARE(at(o, QStringLiteral("candidates.0.finishReason")).toString(), QStringLiteral("STOP"));
    QCOMPARE(at(o, QStringLiteral("candidates.0.index")).toInt(-1), 0);
    QCOMPARE(at(o, QStringLiteral("usageMetadata.promptTokenCount")).toInt(), 7);
    QCOMPARE(at(o, QStringLiteral("usageMetadata.candidatesTokenCount")).toInt(), 5);
    QCOMPARE(at(o, QStringLiteral("usageMetadata.totalTokenCount")).toInt(), 12);
    QVERIFY(
        !o.value(QLatin1String("usageMetadata")).toObject().contains(QLatin1String("thoughtsTokenCount")));
    QCOMPARE(o.value(QLatin1String("modelVersion")).toString(), QStringLiteral("gemini-2.0-flash"));
    QCOMPARE(o.value(QLatin1String("responseId")).toString(), QStringLiteral("req_1"));

    const ReceivedRequest got = m_server->requests().at(0);
    QCOMPARE(got.path, QByteArrayLiteral("/v1beta/models/gemini-2.0-flash:generateContent"));
    QCOMPARE(got.query, QByteArrayLiteral("key=g-query"));
    QCOMPARE(got.model, QStringLiteral("gemini-2.0-flash"));
    QCOMPARE(got.dialect, Dialect::Gemini);

    m_server->setGeminiThoughtsTokens(4);
    r = client.send(call);
    o = r.json();
    QCOMPARE(at(o, QStringLiteral("usageMetadata.thoughtsTokenCount")).toInt(), 4);
    QCOMPARE(at(o, QStringLiteral("usageMetadata.totalTokenCount")).toInt(), 16);
    QCOMPARE(o.value(QLatin1String("responseId")).toString(), QStringLiteral("req_2"));
}

void TestFakeProvider::ollamaSuccessShape()
{
    Client client(*m_server);
    Call call = chat(Dialect::Ollama);
    call.json[QStringLiteral("messages")] =
        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                               {QStringLiteral("content"), QStringLiteral("x y")}},
                   userMessage(QStringLiteral("count these four words"))};
    const Reply r = client.send(call);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QLatin1String("model")).toString(), QStringLiteral("llama3.2"));
    QVERIFY(
        QDateTime::fromString(o.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(at(o, QStringLiteral("message.role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(replyText(Dialect::Ollama, o), QStringLiteral("ok: count these four words"));
    QCOMPARE(o.value(QLatin1String("done")), QJsonValue(true));
    QCOMPARE(o.value(QLatin1String("done_reason")).toString(), QStringLiteral("stop"));
    QVERIFY(o.contains(QLatin1String("total_duration")));
    QCOMPARE(o.value(QLatin1String("prompt_eval_count")).toInt(), 6);
    QCOMPARE(o.value(QLatin1String("eval_count")).toInt(), 5);
}

void TestFakeProvider::ollamaStreamsUnlessStreamFalse()
{
    Client client(*m_server);
    for (const QJsonValue &stream : {QJsonValue(QJsonValue::Undefined), QJsonValue(true)}) {
        Call call = chat(Dialect::Ollama, QStringLiteral("a  b c"));
        call.json.remove(QStringLiteral("stream"));
        if (!stream.isUndefined())
            call.json[QStringLiteral("stream")] = stream;
        const Reply r = client.send(call);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/x-ndjson"));
        // A client that forgot "stream": false must fail to parse this as one document.
        QJsonParseError error{};
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);

        QList<QByteArray> lines = r.body.split('\n');
        QCOMPARE(lines.takeLast(), QByteArray()); // every line ends with a newline
        QCOMPARE(lines.size(), 5);                // "ok: ", "a  ", "b ", "c", then the final line
        QString text;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(line.value(QLatin1String("model")).toString(), QStringLiteral("llama3.2"));
            QCOMPARE(line.value(QLatin1String("done")).toBool(), i == lines.size() - 1);
            text += at(line, QStringLiteral("message.content")).toString();
        }
        QCOMPARE(text, QStringLiteral("ok: a  b c"));
        const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(last.value(QLatin1String("done_reason")).toString(), QStringLiteral("stop"));
        QCOMPARE(last.value(QLatin1String("prompt_eval_count")).toInt(), 3);
        QCOMPARE(last.value(QLatin1String("eval_count")).toInt(), 4);
    }
}

void TestFakeProvider::finishReasonLength_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("openai") << int(Dialect::OpenAi) << QStringLiteral("choices.0.finish_reason")
                            << QStringLiteral("length");
    QTest::newRow("anthropic") << int(Dialect::Anthropic) << QStringLiteral("stop_reason")
                               << QStringLiteral("max_tokens");
    QTest::newRow("gemini") << int(Dialect::Gemini) << QStringLiteral("candidates.0.finishReason")
                            << QStringLiteral("MAX_TOKENS");
    QTest::newRow("ollama") << int(Dialect::Ollama) << QStringLiteral("done_reason")
                            << QStringLiteral("length");
}

void TestFakeProvider::finishReasonLength()
{
    QFETCH(int, dialect);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto d = static_cast<Dialect>(dialect);
    Client client(*m_server);

    // Per reply...
    m_server->enqueue(ScriptedReply::truncatedByLength(QStringLiteral("cut sh")));
    Reply r = client.send(chat(d));
    QCOMPARE(at(r.json(), path).toString(), expected);
    QCOMPARE(replyText(d, r.json()), QStringLiteral("cut sh"));
    r = client.send(chat(d));
    QVERIFY(at(r.json(), path).toString() != expected);

    // ...and for every reply.
    m_server->setFinishReason(FinishReason::Length);
    r = client.send(chat(d));
    QCOMPARE(at(r.json(), path).toString(), expected);
    m_server->enqueue(ScriptedReply::ok(QStringLiteral("fine")).withFinishReason(FinishReason::Stop));
    r = client.send(chat(d));
    QVERIFY(at(r.json(), path).toString() != expected);
}

void TestFakeProvider::anthropicRejectsMissingMaxTokensOrVersion()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::ok(QStringLiteral("scripted")));

    Call noMaxTokens = chat(Dialect::Anthropic);
    noMaxTokens.json.remove(QStringLiteral("max_tokens"));
    Reply r = client.send(noMaxTokens);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(at(r.json(), QStringLiteral("error.message")).toString(),
             QStringLiteral("max_tokens: Field required"));

    Call noVersion = chat(Dialect::Anthropic);
    noVersion.headers = {{"x-api-key", "k"}};
    r = client.send(noVersion);
    QCOMPARE(r.status, 400);
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY(at(r.json(), QStringLiteral("error.message"))
                .toString()
                .contains(QLatin1String("anthropic-version")));

    // Rejected requests leave the script alone: the next valid one gets the scripted reply.
    QCOMPARE(m_server->pendingScriptedReplies(), 1);
    r = client.send(chat(Dialect::Anthropic));
    QCOMPARE(replyText(Dialect::Anthropic, r.json()), QStringLiteral("scripted"));
    QCOMPARE(m_server->pendingScriptedReplies(), 0);
}

void TestFakeProvider::customResponder()
{
    Client client(*m_server);
    m_server->setResponder([](const ReceivedRequest &req) {
        return QStringLiteral("%1 via %2 (%3)").arg(req.model, dialectName(req.dialect)).arg(req.sequence);
    });
    Reply r = client.send(chat(Dialect::Gemini));
    QCOMPARE(replyText(Dialect::Gemini, r.json()), QStringLiteral("gemini-2.0-flash via gemini (1)"));
    QCOMPARE(at(r.json(), QStringLiteral("usageMetadata.candidatesTokenCount")).toInt(), 4);
    m_server->setResponder({});
    r = client.send(chat(Dialect::Gemini, QStringLiteral("again")));
    QCOMPARE(replyText(Dialect::Gemini, r.json()), QStringLiteral("ok: again"));
}

void TestFakeProvider::keepAliveReusesOneConnection()
{
    Client client(*m_server);
    const QList<Dialect> dialects{Dialect::OpenAi, Dialect::Anthropic, Dialect::Gemini, Dialect::Ollama,
                                  Dialect::OpenAi};
    for (qsizetype i = 0; i < dialects.size(); ++i) {
        const Reply r = client.send(chat(dialects[i], QStringLiteral("n%1").arg(i)));
        QCOMPARE(r.status, 200);
        QCOMPARE(replyText(dialects[i], r.json()), QStringLiteral("ok: n%1").arg(i));
    }
    QCOMPARE(m_server->totalConnections(), 1);
    QCOMPARE(m_server->maxConcurrentConnections(), 1);
    QCOMPARE(m_server->openConnections(), 1);
    QCOMPARE(m_server->maxInFlight(), 1);
    QCOMPARE(m_server->inFlight(), 0);
    const QList<ReceivedRequest> got = m_server->requests();
    QCOMPARE(got.size(), 5);
    for (qsizetype i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].connection, 1);
        QCOMPARE(got[i].sequence, int(i + 1));
        QCOMPARE(got[i].dialect, dialects[i]);
    }
    m_server->clearRequests();
    QCOMPARE(m_server->requestCount(), 0);
    m_server->resetCounters();
    QCOMPARE(m_server->totalConnections(), 0);
    QCOMPARE(m_server->maxConcurrentConnections(), 1); // the connection is still open
}

void TestFakeProvider::countsConcurrentConnectionsAndRequests()
{
    m_server->setLatency(200);
    auto a = std::make_unique<Client>(*m_server);
    auto b = std::make_unique<Client>(*m_server);
    QElapsedTimer clock;
    clock.start();
    QList<QNetworkReply *> pending;
    for (int i = 0; i < 6; ++i) {
        pending.append(a->start(chat(Dialect::OpenAi, QStringLiteral("a%1").arg(i))));
        pending.append(b->start(chat(Dialect::Anthropic, QStringLiteral("b%1").arg(i))));
    }
    for (QNetworkReply *reply : pending)
        QCOMPARE(Client::finish(reply).status, 200);
    // Twelve replies of 200 ms each, answered in parallel rather than one after another.
    QVERIFY2(clock.elapsed() >= 190 && clock.elapsed() < 1200, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(m_server->maxConcurrentConnections(), 12);
    QCOMPARE(m_server->maxInFlight(), 12);
    QCOMPARE(m_server->totalConnections(), 12);
    QCOMPARE(m_server->inFlight(), 0);
    QCOMPARE(m_server->openConnections(), 12); // kept alive

    a.reset();
    b.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 3000);
    m_server->resetCounters();
    QCOMPARE(m_server->maxConcurrentConnections(), 0);
    QCOMPARE(m_server->maxInFlight(), 0);
}

void TestFakeProvider::statusErrorsAreProviderShaped_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, Dialect d, int code, const char *path, const char *expected) {
        QTest::newRow(name) << int(d) << code << QString::fromLatin1(path) << QString::fromLatin1(expected);
    };
    row("openai 500", Dialect::OpenAi, 500, "error.type", "server_error");
    row("openai 401", Dialect::OpenAi, 401, "error.code", "invalid_api_key");
    row("openai 400", Dialect::OpenAi, 400, "error.type", "invalid_request_error");
    row("openai 429", Dialect::OpenAi, 429, "error.code", "rate_limit_exceeded");
    row("anthropic 500", Dialect::Anthropic, 500, "error.type", "api_error");
    row("anthropic 529", Dialect::Anthropic, 529, "error.type", "overloaded_error");
    row("anthropic 401", Dialect::Anthropic, 401, "error.type", "authentication_error");
    row("anthropic 403", Dialect::Anthropic, 403, "error.type", "permission_error");
    row("anthropic 404", Dialect::Anthropic, 404, "error.type", "not_found_error");
    row("anthropic 429", Dialect::Anthropic, 429, "error.type", "rate_limit_error");
    row("gemini 500", Dialect::Gemini, 500, "error.status", "INTERNAL");
    row("gemini 503", Dialect::Gemini, 503, "error.status", "UNAVAILABLE");
    row("gemini 401", Dialect::Gemini, 401, "error.status", "UNAUTHENTICATED");
    row("gemini 403", Dialect::Gemini, 403, "error.status", "PERMISSION_DENIED");
    row("gemini 404", Dialect::Gemini, 404, "error.status", "NOT_FOUND");
    row("gemini 400", Dialect::Gemini, 400, "error.status", "INVALID_ARGUMENT");
    row("gemini 429", Dialect::Gemini, 429, "error.status", "RESOURCE_EXHAUSTED");
    row("ollama 500", Dialect::Ollama, 500, "error", "internal server error");
}

void TestFakeProvider::statusErrorsAreProviderShaped()
{
    QFETCH(int, dialect);
    QFETCH(int, code);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto d = static_cast<Dialect>(dialect);
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::status(code));
    const Reply r = client.send(chat(d));
    QCOMPARE(r.status, code);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json"));
    const QJsonObject o = r.json();
    QCOMPARE(at(o, path).toString(), expected);
    switch (d) {
    case Dialect::OpenAi:
        QVERIFY(!at(o, QStringLiteral("error.message")).toString().isEmpty());
        QVERIFY(o.value(QLatin1String("error")).toObject().contains(QLatin1String("param")));
        QCOMPARE(r.header("x-request-id"), QByteArrayLiteral("req_1"));
        break;
    case Dialect::Anthropic:
        QCOMPARE(o.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QVERIFY(!at(o, QStringLiteral("error.message")).toString().isEmpty());
        QCOMPARE(r.header("request-id"), QByteArrayLiteral("req_1"));
        break;
    case Dialect::Gemini:
        QCOMPARE(at(o, QStringLiteral("error.code")).toInt(), code);
        QVERIFY(!at(o, QStringLiteral("error.message")).toString().isEmpty());
        break;
    case Dialect::Ollama:
    case Dialect::Unknown:
        break;
    }
    // A raw body goes out verbatim.
    m_server->enqueue(ScriptedReply::status(code, QByteArrayLiteral("<html>bad gateway</html>"),
                                            {{"content-type", "text/html"}}));
    const Reply raw = client.send(chat(d));
    QCOMPARE(raw.status, code);
    QCOMPARE(raw.body, QByteArrayLiteral("<html>bad gateway</html>"));
    QCOMPARE(raw.header("content-type"), QByteArrayLiteral("text/html"));
}

void TestFakeProvider::rateLimitHints()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::rateLimited());
    Reply r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 429);
    QVERIFY(!r.headers.contains("retry-after"));
    QVERIFY(!r.headers.contains("retry-after-ms"));

    m_server->enqueue(ScriptedReply::rateLimitedRetryAfterSeconds(7));
    r = client.send(chat(Dialect::Anthropic));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.header("retry-after"), QByteArrayLiteral("7"));
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("rate_limit_error"));

    m_server->enqueue(ScriptedReply::rateLimitedRetryAfterMs(1500));
    r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.header("retry-after-ms"), QByteArrayLiteral("1500"));
    QVERIFY(!r.headers.contains("retry-after"));

    // Given in another zone, sent as GMT.
    m_server->enqueue(ScriptedReply::rateLimitedRetryAfterDate(
        QDateTime(QDate(2026, 10, 21), QTime(9, 28, 0), QTimeZone(7200))));
    r = client.send(chat(Dialect::Gemini));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.header("retry-after"), QByteArrayLiteral("Wed, 21 Oct 2026 07:28:00 GMT"));

    m_server->enqueue(ScriptedReply::shouldRetryHeader(500, false));
    m_server->enqueue(ScriptedReply::shouldRetryHeader(409, true));
    r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.header("x-should-retry"), QByteArrayLiteral("false"));
    r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 409);
    QCOMPARE(r.header("x-should-retry"), QByteArrayLiteral("true"));
}

void TestFakeProvider::providerSpecificErrors()
{
    Client client(*m_server);
    const auto detail = [](const QJsonObject &o, const QString &type) {
        const QJsonArray details = at(o, QStringLiteral("error.details")).toArray();
        for (const QJsonValue &d : details) {
            if (d.toObject().value(QLatin1String("@type")).toString() == type)
                return d.toObject();
        }
        return QJsonObject();
    };
    const QString retryInfo = QStringLiteral("type.googleapis.com/google.rpc.RetryInfo");
    const QString quotaFailure = QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure");

    m_server->enqueue(ScriptedReply::geminiRetryInfo(QStringLiteral("43s")));
    Reply r = client.send(chat(Dialect::Gemini));
    QCOMPARE(r.status, 429);
    QCOMPARE(at(r.json(), QStringLiteral("error.status")).toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
    QCOMPARE(at(r.json(), QStringLiteral("error.code")).toInt(), 429);
    QCOMPARE(detail(r.json(), retryInfo).value(QLatin1String("retryDelay")).toString(),
             QStringLiteral("43s"));
    QVERIFY(at(detail(r.json(), quotaFailure), QStringLiteral("violations.0.quotaId"))
                .toString()
                .startsWith(QLatin1String("GenerateRequestsPerMinutePerProjectPerModel")));

    m_server->enqueue(ScriptedReply::geminiPerDayQuota());
    r = client.send(chat(Dialect::Gemini));
    QCOMPARE(r.status, 429);
    const QJsonObject violation =
        at(detail(r.json(), quotaFailure), QStringLiteral("violations.0")).toObject();
    QCOMPARE(violation.value(QLatin1String("quotaId")).toString(),
             QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier"));
    QCOMPARE(violation.value(QLatin1String("quotaMetric")).toString(),
             QStringLiteral("generativelanguage.googleapis.com/generate_content_free_tier_requests"));
    QVERIFY(violation.value(QLatin1String("quotaDimensions")).isObject());
    QCOMPARE(detail(r.json(), retryInfo).value(QLatin1String("retryDelay")).toString(),
             QStringLiteral("20s"));

    m_server->enqueue(ScriptedReply::openAiInsufficientQuota());
    r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 429);
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("insufficient_quota"));
    QCOMPARE(at(r.json(), QStringLiteral("error.code")).toString(), QStringLiteral("insufficient_quota"));
    QCOMPARE(at(r.json(), QStringLiteral("error.message")).toString(),
             QStringLiteral("You exceeded your current quota, please check your plan and billing details."));

    m_server->enqueue(ScriptedReply::anthropicSpendLimit());
    r = client.send(chat(Dialect::Anthropic));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(),
             QStringLiteral("enforced_spend_limit_reached"));
    QVERIFY(at(r.json(), QStringLiteral("error.message")).toString().contains(QLatin1String("spend limit")));

    m_server->enqueue(ScriptedReply::overloaded());
    r = client.send(chat(Dialect::Anthropic));
    QCOMPARE(r.status, 529);
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("overloaded_error"));

    m_server->enqueue(ScriptedReply::ollamaQueueFull());
    r = client.send(chat(Dialect::Ollama));
    QCOMPARE(r.status, 503);
    QCOMPARE(r.json().value(QLatin1String("error")).toString(),
             QStringLiteral("server busy, please try again.  maximum pending requests exceeded"));

    m_server->enqueue(ScriptedReply::llamaCppLoading());
    r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 503);
    QCOMPARE(at(r.json(), QStringLiteral("error.code")).toInt(), 503);
    QCOMPARE(at(r.json(), QStringLiteral("error.message")).toString(), QStringLiteral("Loading model"));
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("unavailable_error"));
}

void TestFakeProvider::resetConnectionSendsRst()
{
    // What the kernel delivers: ECONNRESET, not an orderly end of stream, and not a byte of reply.
    m_server->enqueue(ScriptedReply::resetConnection());
    {
        RawClient raw(m_server->port());
        QVERIFY(raw.connected());
        QVERIFY(raw.send(rawPost("/v1/chat/completions", openAiBody(QStringLiteral("hi")))));
        QCOMPARE(raw.readToEnd(), ECONNRESET);
        QVERIFY(raw.received().isEmpty());
    }
    QCOMPARE(m_server->requestCount(), 1);
    QTRY_COMPARE(m_server->inFlight(), 0);
    QTRY_COMPARE(m_server->openConnections(), 0);

    // What a Qt client sees. Qt resends a request whose connection dropped before any reply byte, so
    // every attempt is reset here.
    m_server->enqueue(ScriptedReply::resetConnection(), 10);
    Client client(*m_server);
    const Reply r = client.send(chat(Dialect::Anthropic));
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(r.status, 0);
    qInfo("Qt sent the request %d times before giving up", m_server->requestCount() - 1);
    QVERIFY(m_server->requestCount() >= 2);
    QVERIFY(m_server->pendingScriptedReplies() < 10);
}

void TestFakeProvider::hangUntilClientGivesUp()
{
    m_server->enqueue(ScriptedReply::hang());
    Client client(*m_server);
    QNetworkReply *reply = client.start(chat(Dialect::Gemini), 300);
    QTRY_COMPARE(m_server->inFlight(), 1);
    const Reply r = Client::finish(reply);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QVERIFY2(r.ms >= 280 && r.ms < 3000, qPrintable(QString::number(r.ms)));
    QCOMPARE(m_server->requestCount(), 1);
    // Answered never, so it stays in flight until the client closes the connection.
    QTRY_COMPARE(m_server->inFlight(), 0);
    QTRY_COMPARE(m_server->openConnections(), 0);
    QCOMPARE(m_server->maxInFlight(), 1);

    // The next request gets the default success on a fresh connection.
    const Reply next = client.send(chat(Dialect::Gemini));
    QCOMPARE(next.status, 200);
    QCOMPARE(m_server->totalConnections(), 2);
}

void TestFakeProvider::truncatedBodyClosesEarly()
{
    m_server->enqueue(ScriptedReply::truncatedBody());
    {
        RawClient raw(m_server->port());
        QVERIFY(raw.send(rawPost("/v1/chat/completions", openAiBody(QStringLiteral("hi")))));
        QCOMPARE(raw.readToEnd(), 0); // an orderly close...
        const QByteArray got = raw.received();
        const qsizetype headEnd = got.indexOf("\r\n\r\n");
        QVERIFY(headEnd > 0);
        const qsizetype cl = got.indexOf("Content-Length: ");
        const qlonglong promised = got.mid(cl + 16, got.indexOf("\r\n", cl) - cl - 16).toLongLong();
        const qsizetype delivered = got.size() - headEnd - 4;
        // ...well short of what the headers promised.
        QVERIFY2(promised > 100 && delivered > 0 && delivered <= promised / 2 + 1,
                 qPrintable(QStringLiteral("%1 of %2").arg(delivered).arg(promised)));
    }

    m_server->enqueue(ScriptedReply::truncatedBody(), 5);
    Client client(*m_server);
    const Reply r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QVERIFY(QJsonDocument::fromJson(r.body).isNull());
    QTRY_COMPARE(m_server->inFlight(), 0);
}

void TestFakeProvider::invalidJsonAndOllamaStreamError()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::invalidJson());
    Reply r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json"));
    QJsonParseError error{};
    QJsonDocument::fromJson(r.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);
    QVERIFY(r.body.startsWith("{\"choices\": ["));

    m_server->enqueue(ScriptedReply::ollamaErrorInStream(QStringLiteral("model runner crashed")));
    r = client.send(chat(Dialect::Ollama));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/x-ndjson"));
    QCOMPARE(r.body, QByteArrayLiteral("{\"error\":\"model runner crashed\"}\n"));
}

void TestFakeProvider::schemaInvalidParsesButBreaksTheSchema_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("schemaPath");  // where the dialect carries the schema; empty: only in the prompt
    QTest::newRow("openai") << int(Dialect::OpenAi) << QStringLiteral("response_format.json_schema.schema");
    QTest::newRow("anthropic") << int(Dialect::Anthropic) << QStringLiteral("output_config.format.schema");
    QTest::newRow("gemini") << int(Dialect::Gemini) << QStringLiteral("generationConfig.responseJsonSchema");
    QTest::newRow("ollama") << int(Dialect::Ollama) << QStringLiteral("format");
    QTest::newRow("schema in the prompt only") << int(Dialect::OpenAi) << QString();
}

void TestFakeProvider::schemaInvalidParsesButBreaksTheSchema()
{
    QFETCH(int, dialect);
    QFETCH(QString, schemaPath);
    const auto d = Dialect(dialect);
    const QJsonObject schema = QJsonDocument::fromJson(R"({"type":"object","additionalProperties":false,
        "required":["verdict","score","tags"],
        "properties":{"verdict":{"type":"string","enum":["YES","NO"]},"score":{"type":"integer"},
                      "tags":{"type":"array","items":{"type":"string"}}}})").object();
    Call call = chat(d);
    if (!schemaPath.isEmpty()) {
        // Nest the schema at its path: {"a": {"b": schema}} for "a.b".
        const QStringList parts = schemaPath.split(QLatin1Char('.'));
        QJsonValue nested = schema;
        for (qsizetype i = parts.size() - 1; i > 0; --i)
            nested = QJsonObject{{parts.at(i), nested}};
        call.json.insert(parts.first(), nested);
    }
    m_server->enqueue(ScriptedReply::schemaInvalid());
    const Reply r = Client(*m_server).send(call);
    QCOMPARE(r.status, 200);
    const QString text = replyText(d, r.json());
    QJsonParseError error{};
    const QJsonDocument parsed = QJsonDocument::fromJson(text.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);  // well-formed JSON...
    if (schemaPath.isEmpty()) {
        QVERIFY2(parsed.isArray(), qPrintable(text));  // ...that no object schema accepts
        return;
    }
    QVERIFY2(parsed.isObject(), qPrintable(text));
    const QString problem = sift::validateAgainstSchema(parsed.object(), schema);  // ...that breaks the schema
    QVERIFY2(!problem.isEmpty(), qPrintable(text));
    // Field by field, not just in its overall shape: each field is there, with a value its schema rejects.
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        QVERIFY2(parsed.object().contains(it.key()), qPrintable(it.key()));
        QVERIFY2(!sift::validateAgainstSchema(parsed.object().value(it.key()), it.value().toObject()).isEmpty(), qPrintable(it.key()));
    }
    QCOMPARE(FakeProviderServer::responseSchema(m_server->requests().last()), schema);
}

void TestFakeProvider::slowBodyArrivesInChunks()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::slowBody(10));
    const Reply r = client.send(chat(Dialect::OpenAi, QStringLiteral("slow one")));
    QCOMPARE(r.status, 200);
    QCOMPARE(replyText(Dialect::OpenAi, r.json()), QStringLiteral("ok: slow one"));
    const qsizetype chunks = (r.body.size() + 15) / 16;
    QVERIFY(chunks > 10);
    QVERIFY2(r.ms >= (chunks - 1) * 10 * 8 / 10,
             qPrintable(QStringLiteral("%1 ms, %2 chunks").arg(r.ms).arg(chunks)));
    // In pieces, not in one go (a busy machine may merge a few).
    QVERIFY2(r.readyReads >= 4,
             qPrintable(QStringLiteral("%1 pieces, %2 chunks").arg(r.readyReads).arg(chunks)));
}

void TestFakeProvider::extraHeadersDelayAndRepeats()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::okAfter(150, QStringLiteral("late"))
                          .withHeader("x-custom", "1")
                          .withHeader("content-type", "application/json; charset=utf-8"));
    Reply r = client.send(chat(Dialect::OpenAi));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.ms >= 140, qPrintable(QString::number(r.ms)));
    QCOMPARE(replyText(Dialect::OpenAi, r.json()), QStringLiteral("late"));
    QCOMPARE(r.header("x-custom"), QByteArrayLiteral("1"));
    // Replaced, not duplicated (Qt would join duplicates with ", ").
    QCOMPARE(r.header("content-type"), QByteArrayLiteral("application/json; charset=utf-8"));

    m_server->enqueue(ScriptedReply::status(503).after(100), 3);
    QCOMPARE(m_server->pendingScriptedReplies(), 3);
    for (int i = 0; i < 3; ++i) {
        r = client.send(chat(Dialect::Ollama));
        QCOMPARE(r.status, 503);
        QVERIFY(r.ms >= 90);
    }
    r = client.send(chat(Dialect::Ollama));
    QCOMPARE(r.status, 200);

    m_server->enqueue(ScriptedReply::status(500), 2);
    m_server->clearScript();
    QCOMPARE(m_server->pendingScriptedReplies(), 0);
    QCOMPARE(client.send(chat(Dialect::Ollama)).status, 200);
}

void TestFakeProvider::delayedRepliesLeaveInDeadlineOrder()
{
    // Queued first but due last: the single timer must follow deadlines, not arrival order.
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::okAfter(300, QStringLiteral("slow")));
    m_server->enqueue(ScriptedReply::okAfter(150, QStringLiteral("middle")));
    m_server->enqueue(ScriptedReply::okAfter(20, QStringLiteral("fast")));
    QList<QNetworkReply *> replies;
    QStringList finished;
    for (int i = 0; i < 3; ++i) {
        QNetworkReply *reply = client.start(chat(Dialect::OpenAi));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &finished] {
            finished.append(
                replyText(Dialect::OpenAi, QJsonDocument::fromJson(reply->peek(1 << 20)).object()));
        });
        replies.append(reply);
        // Arrival order decides which scripted reply each request takes.
        QTRY_COMPARE(m_server->requestCount(), i + 1);
    }
    for (QNetworkReply *reply : replies)
        QCOMPARE(Client::finish(reply).status, 200);
    QCOMPARE(finished,
             (QStringList{QStringLiteral("fast"), QStringLiteral("middle"), QStringLiteral("slow")}));
    QCOMPARE(m_server->maxInFlight(), 3);
}

void TestFakeProvider::modelLookups()
{
    Client client(*m_server);
    const auto lookup = [&client](Dialect d, const QString &model) {
        Call c;
        switch (d) {
        case Dialect::OpenAi:
            c.method = "GET";
            c.path = QStringLiteral("/v1/models/") + model;
            break;
        case Dialect::Anthropic:
            c.method = "GET";
            c.path = QStringLiteral("/v1/models/") + model;
            c.headers = {{"anthropic-version", "2023-06-01"}, {"x-api-key", "k"}};
            break;
        case Dialect::Gemini:
            c.method = "GET";
            c.path = QStringLiteral("/v1beta/models/") + model;
            break;
        case Dialect::Ollama:
            c.path = QStringLiteral("/api/show");
            c.json = {{QStringLiteral("model"), model}};
            break;
        case Dialect::Unknown:
            break;
        }
        return client.send(c);
    };

    // Every model is known by default.
    Reply r = lookup(Dialect::OpenAi, QStringLiteral("gpt-4o"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("id")).toString(), QStringLiteral("gpt-4o"));
    QCOMPARE(r.json().value(QLatin1String("object")).toString(), QStringLiteral("model"));
    r = lookup(Dialect::Anthropic, QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("model"));
    QCOMPARE(r.json().value(QLatin1String("id")).toString(), QStringLiteral("claude-sonnet-4-5"));
    r = lookup(Dialect::Gemini, QStringLiteral("gemini-2.0-flash"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("name")).toString(), QStringLiteral("models/gemini-2.0-flash"));
    QVERIFY(r.json()
                .value(QLatin1String("supportedGenerationMethods"))
                .toArray()
                .contains(QStringLiteral("generateContent")));
    r = lookup(Dialect::Ollama, QStringLiteral("llama3.2"));
    QCOMPARE(r.status, 200);
    QVERIFY(r.json().value(QLatin1String("details")).isObject());

    const QList<ReceivedRequest> got = m_server->requests();
    QCOMPARE(got.size(), 4);
    const QList<Dialect> expected{Dialect::OpenAi, Dialect::Anthropic, Dialect::Gemini, Dialect::Ollama};
    for (qsizetype i = 0; i < got.size(); ++i) {
        QVERIFY(got[i].modelLookup);
        QCOMPARE(got[i].dialect, expected[i]);
    }
    QCOMPARE(got[2].model, QStringLiteral("gemini-2.0-flash"));

    m_server->setKnownModels({QStringLiteral("gpt-4o"), QStringLiteral("llama3.2")});
    QCOMPARE(lookup(Dialect::OpenAi, QStringLiteral("gpt-4o")).status, 200);
    QCOMPARE(lookup(Dialect::Ollama, QStringLiteral("llama3.2")).status, 200);
    r = lookup(Dialect::OpenAi, QStringLiteral("gpt-5-typo"));
    QCOMPARE(r.status, 404);
    QCOMPARE(at(r.json(), QStringLiteral("error.code")).toString(), QStringLiteral("model_not_found"));
    r = lookup(Dialect::Anthropic, QStringLiteral("claude-typo"));
    QCOMPARE(r.status, 404);
    QCOMPARE(at(r.json(), QStringLiteral("error.type")).toString(), QStringLiteral("not_found_error"));
    r = lookup(Dialect::Gemini, QStringLiteral("gemini-typo"));
    QCOMPARE(r.status, 404);
    QCOMPARE(at(r.json(), QStringLiteral("error.status")).toString(), QStringLiteral("NOT_FOUND"));
    QCOMPARE(at(r.json(), QStringLiteral("error.code")).toInt(), 404);
    r = lookup(Dialect::Ollama, QStringLiteral("mistral"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json().value(QLatin1String("error")).toString(), QStringLiteral("model 'mistral' not found"));
}

void TestFakeProvider::scriptedRepliesSkipModelLookups()
{
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::status(500));
    Call probe;
    probe.method = "GET";
    probe.path = QStringLiteral("/v1/models/gpt-4o-mini");
    QCOMPARE(client.send(probe).status, 200);
    QCOMPARE(m_server->pendingScriptedReplies(), 1);
    QCOMPARE(client.send(chat(Dialect::OpenAi)).status, 500);
}

void TestFakeProvider::unknownRoutesAre404()
{
    Client client(*m_server);
    Call wrongMethod = chat(Dialect::OpenAi);
    wrongMethod.method = "PUT";
    Call nowhere = chat(Dialect::OpenAi);
    nowhere.path = QStringLiteral("/v1/completions");
    m_server->enqueue(ScriptedReply::ok(QStringLiteral("kept")));
    for (const Call &c : {wrongMethod, nowhere}) {
        const Reply r = client.send(c);
        QCOMPARE(r.status, 404);
        QVERIFY(!at(r.json(), QStringLiteral("error.message")).toString().isEmpty());
    }
    QCOMPARE(m_server->requests().at(0).dialect, Dialect::Unknown);
    QCOMPARE(m_server->pendingScriptedReplies(), 1);
}

void TestFakeProvider::rawHttpFraming()
{
    RawClient raw(m_server->port());
    QVERIFY(raw.connected());

    // A request trickling in over several reads.
    const QByteArray one = rawPost("/v1/chat/completions", openAiBody(QStringLiteral("trickle")));
    for (qsizetype i = 0; i < one.size(); i += 7) {
        QVERIFY(raw.send(one.mid(i, 7)));
        if (i % 70 == 0)
            QThread::msleep(2);
    }
    QList<QByteArray> bodies = raw.readResponses(1);
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[0]).object()),
             QStringLiteral("ok: trickle"));

    // A chunked request body.
    const QByteArray json = openAiBody(QStringLiteral("chunked body"));
    QByteArray chunked =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (qsizetype i = 0; i < json.size(); i += 10) {
        const QByteArray piece = json.mid(i, 10);
        chunked += QByteArray::number(piece.size(), 16) + ";ext=1\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    QVERIFY(raw.send(chunked));
    bodies = raw.readResponses(1);
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[0]).object()),
             QStringLiteral("ok: chunked body"));
    QCOMPARE(m_server->requests().last().body, json);

    // A client that waits for "100 Continue" before sending the body.
    const QByteArray expecting =
        rawPost("/v1/chat/completions", openAiBody(QStringLiteral("continue")), "Expect: 100-continue\r\n");
    const qsizetype bodyAt = expecting.indexOf("\r\n\r\n") + 4;
    QVERIFY(raw.send(expecting.left(bodyAt)));
    QVERIFY(raw.readContinue());
    QVERIFY(raw.send(expecting.mid(bodyAt)));
    bodies = raw.readResponses(1);
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[0]).object()),
             QStringLiteral("ok: continue"));

    // Three pipelined requests in one write, answered in order on the same connection; the middle one is
    // delayed, which must not let the third overtake it.
    m_server->enqueue(ScriptedReply::ok());
    m_server->enqueue(ScriptedReply::okAfter(80, QStringLiteral("delayed")));
    QVERIFY(raw.send(rawPost("/v1/chat/completions", openAiBody(QStringLiteral("a"))) +
                     rawPost("/v1/chat/completions", openAiBody(QStringLiteral("b"))) + "\r\n" +
                     rawPost("/v1/chat/completions", openAiBody(QStringLiteral("c")))));
    QList<QByteArray> heads;
    bodies = raw.readResponses(3, &heads);
    QCOMPARE(bodies.size(), 3);
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[0]).object()),
             QStringLiteral("ok: a"));
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[1]).object()),
             QStringLiteral("delayed"));
    QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies[2]).object()),
             QStringLiteral("ok: c"));
    QVERIFY(heads[0].startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(heads[0].contains("\r\nConnection: keep-alive"));
    QCOMPARE(m_server->totalConnections(), 1);

    // Connection: close is honoured.
    QVERIFY(raw.send(
        rawPost("/api/chat", QJsonDocument(chat(Dialect::Ollama).json).toJson(), "Connection: close\r\n")));
    heads.clear();
    QCOMPARE(raw.readResponses(1, &heads).size(), 1);
    QVERIFY(heads[0].contains("\r\nConnection: close"));
    QCOMPARE(raw.readToEnd(), 0);

    // Garbage gets a 400 and a closed connection.
    RawClient bad(m_server->port());
    QVERIFY(bad.send("NONSENSE\r\n\r\n"));
    heads.clear();
    QCOMPARE(bad.readResponses(1, &heads).size(), 1);
    QVERIFY(heads[0].startsWith("HTTP/1.1 400 "));
    QCOMPARE(bad.readToEnd(), 0);
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestFakeProvider::sustainsThousandsOfRequestsPerSecond()
{
    // Pipelined over one connection, so the figure is the server's own cost per request.
    constexpr int Batches = 10;
    constexpr int PerBatch = 300;
    RawClient raw(m_server->port());
    QVERIFY(raw.connected());
    const QByteArray request = rawPost("/v1/chat/completions", openAiBody(QStringLiteral("ping")));
    QByteArray batch;
    for (int i = 0; i < PerBatch; ++i)
        batch += request;
    QElapsedTimer clock;
    clock.start();
    for (int b = 0; b < Batches; ++b) {
        QVERIFY(raw.send(batch));
        const QList<QByteArray> bodies = raw.readResponses(PerBatch);
        QCOMPARE(bodies.size(), PerBatch);
        QCOMPARE(replyText(Dialect::OpenAi, QJsonDocument::fromJson(bodies.last()).object()),
                 QStringLiteral("ok: ping"));
    }
    const double seconds = qMax<qint64>(1, clock.elapsed()) / 1000.0;
    const double rate = Batches * PerBatch / seconds;
    qInfo("%d requests in %.3f s: %.0f requests/s", Batches * PerBatch, seconds, rate);
    QCOMPARE(m_server->requestCount(), Batches * PerBatch);
    // Sanitizer builds run several times slower; the bar is for those. Release builds do far better.
    QVERIFY2(rate > 2000, qPrintable(QString::number(rate)));
}

void TestFakeProvider::enqueueWhileRequestsAreInFlight()
{
    m_server->setLatency(100);
    Client client(*m_server);
    QList<QNetworkReply *> first;
    for (int i = 0; i < 6; ++i)
        first.append(client.start(chat(Dialect::OpenAi)));
    QTRY_COMPARE(m_server->inFlight(), 6);
    // Scripted replies are taken when a request arrives, so these go to the next requests, not these.
    m_server->enqueue(ScriptedReply::status(503), 6);
    for (QNetworkReply *reply : first)
        QCOMPARE(Client::finish(reply).status, 200);
    QList<QNetworkReply *> second;
    for (int i = 0; i < 6; ++i)
        second.append(client.start(chat(Dialect::OpenAi)));
    for (QNetworkReply *reply : second)
        QCOMPARE(Client::finish(reply).status, 503);

    // Another thread pokes at the server the whole time requests are being answered.
    m_server->setLatency(5);
    std::atomic<bool> stop{false};
    std::atomic<int> polls{0};
    std::thread poker([this, &stop, &polls] {
        while (!stop.load()) {
            m_server->enqueue(ScriptedReply::ok(QStringLiteral("scripted")));
            if (m_server->pendingScriptedReplies() > 20)
                m_server->clearScript();
            (void)m_server->requests().size();
            (void)m_server->maxInFlight();
            m_server->setLatency(5);
            polls.fetch_add(1);
            std::this_thread::yield();
        }
    });
    Client other(*m_server);
    QList<QNetworkReply *> third;
    for (int i = 0; i < 40; ++i)
        third.append((i % 2 ? client : other).start(chat(Dialect::Gemini, QStringLiteral("x"))));
    int scripted = 0;
    for (QNetworkReply *reply : third) {
        const Reply r = Client::finish(reply);
        QCOMPARE(r.status, 200);
        const QString text = replyText(Dialect::Gemini, r.json());
        QVERIFY(text == QStringLiteral("scripted") || text == QStringLiteral("ok: x"));
        scripted += text == QStringLiteral("scripted");
    }
    stop = true;
    poker.join();
    QVERIFY(polls.load() > 0);
    QCOMPARE(m_server->requestCount(), 52);
    QCOMPARE(m_server->inFlight(), 0);
    QVERIFY(m_server->maxInFlight() >= 6);
    QVERIFY(scripted > 0);
}

void TestFakeProvider::stopsWithRepliesPending()
{
    m_server->setLatency(10000);
    Client client(*m_server);
    m_server->enqueue(ScriptedReply::hang());
    QNetworkReply *hung = client.start(chat(Dialect::OpenAi));
    QNetworkReply *waiting = client.start(chat(Dialect::OpenAi));
    QTRY_COMPARE(m_server->inFlight(), 2);
    QElapsedTimer clock;
    clock.start();
    m_server->stop();
    QVERIFY(!m_server->isRunning());
    QCOMPARE(m_server->port(), quint16(0));
    const Reply a = Client::finish(hung);
    const Reply b = Client::finish(waiting);
    QVERIFY(a.error != QNetworkReply::NoError);
    QVERIFY(b.error != QNetworkReply::NoError);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    // Restartable, on a fresh port, with its settings kept.
    QVERIFY(m_server->start());
    m_server->setLatency(0);
    Client again(*m_server);
    QCOMPARE(again.send(chat(Dialect::Ollama)).status, 200);
}

QTEST_GUILESS_MAIN(TestFakeProvider)
#include "tst_fakeprovider.moc"
