// A local HTTP server that answers like OpenAI, Anthropic, Gemini and Ollama, and injects the faults real
// providers produce (rate limits with every kind of retry hint, overload, resets, hangs, cut bodies), so
// the LLM client can be tested end to end without a network.
//
// All socket work happens on a thread the server owns; every public method is thread-safe and may be
// called from the test thread while requests are being answered.

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace sift::test {

namespace detail {
class ServerCore;
struct SharedState;
} // namespace detail

enum class Dialect
{
    OpenAi,
    Anthropic,
    Gemini,
    Ollama,
    Unknown
};

// Why generation stopped. Length maps to OpenAI "length", Anthropic "max_tokens", Gemini "MAX_TOKENS" and
// Ollama done_reason "length".
enum class FinishReason
{
    Stop,
    Length
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct ReceivedRequest
{
    QByteArray method;
    QByteArray path;                       // without the query string
    QByteArray query;                      // after '?', empty if none (Gemini keys may travel as ?key=)
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;                       // de-chunked if it was sent chunked
    QJsonObject json;                      // body parsed; empty if not a JSON object
    int connection = 0;                    // 1-based id of the TCP connection, in accept order
    // 1-based arrival number over the server's life (never reset), the N of "req_N", "chatcmpl-N", "msg_N".
    int sequence = 0;
    Dialect dialect = Dialect::Unknown;
    QString model;            // from the body, or from the path for Gemini; empty if none
    bool modelLookup = false; // a probe (GET /v1/models/x, POST /api/show, ...), not a completion
};

// One scripted answer to one completion request. Build it with the factories, then refine it with the
// modifiers: ScriptedReply::ok(QStringLiteral("hi")).withHeader("x-a", "1").after(50).
struct ScriptedReply
{
    enum class Kind
    {
        Ok,
        Status,
        ResetConnection,
        Hang,
        TruncatedBody,
        InvalidJson,
        SchemaInvalid,
        SlowBody,
        OllamaErrorInStream
    };

    Kind kind = Kind::Ok;
    int statusCode = 200;
    // Status: sent verbatim; empty means the provider-shaped generic error for statusCode in the dialect of
    // the request being answered.
    QByteArray body;
    // Ok, TruncatedBody, SlowBody: the assistant's text (nullopt: ask the responder).
    // OllamaErrorInStream: the error message.
    std::optional<QString> text;
    HeaderList headers;                       // added to (or replacing) the reply's own headers
    int delayMs = -1;                         // -1: the server's latency
    int chunkMs = 0;                          // SlowBody: pause between 16-byte chunks
    std::optional<FinishReason> finishReason; // nullopt: the server's setting

    [[nodiscard]] ScriptedReply withHeader(const QByteArray &name, const QByteArray &value) const;
    [[nodiscard]] ScriptedReply after(int ms) const;
    [[nodiscard]] ScriptedReply withFinishReason(FinishReason reason) const;

    static ScriptedReply ok();
    static ScriptedReply ok(const QString &text);
    static ScriptedReply okAfter(int delayMs, const QString &text);
    // Generation cut short by the output limit, in each dialect's words.
    static ScriptedReply truncatedByLength(const QString &text);

    static ScriptedReply status(int code, const QByteArray &body = {}, const HeaderList &headers = {});
    static ScriptedReply rateLimited(); // 429 with no hint when to retry
    static ScriptedReply rateLimitedRetryAfterSeconds(int seconds);
    static ScriptedReply rateLimitedRetryAfterMs(int ms);
    static ScriptedReply rateLimitedRetryAfterDate(const QDateTime &when); // IMF-fixdate
    static ScriptedReply geminiRetryInfo(const QString &delay);            // e.g. "43s"
    static ScriptedReply geminiPerDayQuota();
    static ScriptedReply openAiInsufficientQuota();
    static ScriptedReply anthropicSpendLimit();
    static ScriptedReply overloaded(); // 529, Anthropic's overloaded_error
    static ScriptedReply ollamaQueueFull();
    static ScriptedReply llamaCppLoading();
    static ScriptedReply shouldRetryHeader(int status, bool retry);

    // Reads the request, then closes with a TCP RST. Qt's network access manager silently resends a
    // request whose connection dropped before any reply byte, so enqueue this at least twice for a Qt client
    // to see the error (it sees QNetworkReply::RemoteHostClosedError).
    static ScriptedReply resetConnection();
    static ScriptedReply hang();          // reads the request and never answers
    static ScriptedReply truncatedBody(); // promises N bytes, sends about N/2, closes
    static ScriptedReply invalidJson();   // 200 with a body that is not JSON
    // A success whose text is well-formed JSON that breaks the response schema the request carries (each
    // field it names gets a value of the wrong type); see FakeProviderServer::responseSchema.
    static ScriptedReply schemaInvalid();
    static ScriptedReply slowBody(int chunkMs);
    static ScriptedReply ollamaErrorInStream(const QString &message);
};

QString dialectName(Dialect dialect);

class FakeProviderServer
{
public:
    // Called on the server thread, without the server's lock held.
    using Responder = std::function<QString(const ReceivedRequest &)>;

    FakeProviderServer();
    ~FakeProviderServer();
    FakeProviderServer(const FakeProviderServer &) = delete;
    FakeProviderServer &operator=(const FakeProviderServer &) = delete;

    // Starts the server thread and blocks until 127.0.0.1:<free port> is listening.
    bool start();
    // Closes every connection and joins the thread; the destructor does this too. start() again listens on
    // a new port and keeps settings, script, recorded requests and counters.
    void stop();
    bool isRunning() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT

    // Delay before every reply, errors, faults and model lookups included (a scripted reply's after()
    // overrides it); 0 answers synchronously in the read handler.
    void setLatency(int ms);
    void setResponder(Responder r);                 // an empty function restores the default
    void setKnownModels(const QStringList &models); // empty (the default): every model is known
    void setGeminiThoughtsTokens(int tokens);
    void setFinishReason(FinishReason reason);

    // Each completion request (not model lookups, nor requests the real API would reject with 400) takes
    // the next scripted reply when it arrives, else the default success.
    void enqueue(const ScriptedReply &reply);
    void enqueue(const ScriptedReply &reply, int times);
    int pendingScriptedReplies() const;
    void clearScript();

    QList<ReceivedRequest> requests() const; // in arrival order
    // Off for long benchmarks: requests are then counted but not kept.
    void setRecordRequests(bool record);
    int requestCount() const;
    void clearRequests();

    int openConnections() const;
    int maxConcurrentConnections() const;
    int totalConnections() const;
    int inFlight() const; // received and not yet answered (hung requests until the client closes)
    int maxInFlight() const;
    // Maxima restart from the current values, the total from 0.
    void resetCounters();

    // "ok: " + the text of the last user turn.
    static QString defaultReply(const ReceivedRequest &request);
    // The usage the server reports: whitespace-separated words.
    static int countWords(const QString &text);
    static int promptTokens(const ReceivedRequest &request);
    // The JSON Schema the request asks the reply to follow, where its dialect puts it (OpenAI
    // response_format, Anthropic output_config, Gemini generationConfig, Ollama format); empty if none.
    static QJsonObject responseSchema(const ReceivedRequest &request);

private:
    void stopLocked();

    std::shared_ptr<detail::SharedState> m_state;
    QMutex m_lifecycle; // serialises start() and stop()
    QThread *m_thread = nullptr;
    detail::ServerCore *m_core = nullptr;
    std::atomic<quint16> m_port{0}; // 0 while stopped
};

} // namespace sift::test
