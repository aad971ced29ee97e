#pragma once

#include "chat.h"
#include "http.h"
#include "project/manifest.h"

#include <memory>
#include <optional>

namespace sift {

// A provider's error body, read for what decides retrying.
struct ProviderError
{
    QString type;     // OpenAI error.type, Anthropic error.type, Gemini error.status
    QString code;     // OpenAI error.code, Gemini error.code
    QString message;
    // Billing or quota that waiting will not restore soon: OpenAI insufficient_quota, Anthropic
    // spend limits, Gemini per-day quotas. Never retried.
    bool quotaExhausted = false;
    std::optional<qint64> retryDelayMs;  // a delay the body asks for (Gemini RetryInfo)
};

// A successful response's body, read into a completion; `problem` says why it could not be.
struct ParsedReply
{
    bool ok = false;
    ChatCompletion completion;
    QString problem;
};

// One provider's wire format: how a ChatRequest becomes an HTTP request and how the responses read.
// Pure functions of their inputs, so each mapping is tested without a network.
class Provider
{
public:
    virtual ~Provider() = default;

    // openai | anthropic | gemini | ollama; nullptr for an unknown name.
    static std::unique_ptr<Provider> create(const QString &provider);

    // The request for `request` on `backend`, authenticated with `key` (may be empty for local
    // servers). With structured_output: prompt, the schema is asked for in the system prompt instead
    // of through the provider's own mechanism.
    HttpRequestSpec chatRequest(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key) const;
    virtual ParsedReply parseChatReply(const HttpResponse &response) const = 0;
    virtual ProviderError parseError(const HttpResponse &response) const = 0;
    // A request whose answer tells whether the model exists and the key is accepted, and how to
    // read that answer: an empty string when the model is there, else what is wrong.
    virtual HttpRequestSpec modelProbe(const BackendConfig &backend, const QByteArray &key) const = 0;
    virtual QString modelProbeProblem(const HttpResponse &response, const BackendConfig &backend) const;

    // The instruction added to the system prompt when a schema is asked for in the prompt.
    static QString schemaInstruction(const QJsonObject &schema);

protected:
    // `nativeSchema`: put request.responseSchema into the provider's structured-output field.
    virtual HttpRequestSpec buildChat(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key,
                                      bool nativeSchema) const = 0;

    static QUrl endpoint(const BackendConfig &backend, const QString &path);
    static QByteArray compactJson(const QJsonObject &object);
};

} // namespace sift
