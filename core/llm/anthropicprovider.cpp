// Anthropic Messages: the system prompt is a top-level field, max_tokens is required, and JSON
// Schema output goes through output_config.format.

#include "providers_p.h"

namespace sift {

namespace {

bool isSpendLimit(const ProviderError &e)
{
    // The API has reported exhausted spend limits as an error type, a code, and in prose under a
    // generic rate_limit_error / invalid_request_error; none of them clears by waiting seconds.
    const QString all = e.type + QLatin1Char(' ') + e.code + QLatin1Char(' ') + e.message;
    return all.contains(QLatin1String("enforced_spend_limit_reached")) ||
           all.contains(QLatin1String("spend limit"), Qt::CaseInsensitive) ||
           all.contains(QLatin1String("reached your specified API usage limits"), Qt::CaseInsensitive) ||
           all.contains(QLatin1String("credit balance is too low"), Qt::CaseInsensitive);
}

class AnthropicProvider final : public Provider
{
public:
    ParsedReply parseChatReply(const HttpResponse &response) const override
    {
        ParsedReply r;
        const QJsonObject root = providerjson::parseObject(response.body, &r.problem);
        if (!r.problem.isEmpty())
            return r;
        const QJsonValue content = root.value(QLatin1String("content"));
        if (!content.isArray()) {
            r.problem = QStringLiteral("the reply has no content array");
            return r;
        }
        QString text;
        for (const QJsonValue &block : content.toArray()) {
            const QJsonObject b = block.toObject();
            if (b.value(QLatin1String("type")).toString() == QLatin1String("text"))
                text += b.value(QLatin1String("text")).toString();
        }
        const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
        r.completion.text = text;
        r.completion.finishReason = root.value(QLatin1String("stop_reason")).toString();
        // Prompt-cache reads and writes are billed input too.
        r.completion.inputTokens = providerjson::integer(usage.value(QLatin1String("input_tokens"))) +
                                   providerjson::integer(usage.value(QLatin1String("cache_creation_input_tokens"))) +
                                   providerjson::integer(usage.value(QLatin1String("cache_read_input_tokens")));
        r.completion.outputTokens = providerjson::integer(usage.value(QLatin1String("output_tokens")));
        r.completion.requestId = QString::fromLatin1(response.header("request-id"));
        if (r.completion.requestId.isEmpty())
            r.completion.requestId = root.value(QLatin1String("id")).toString();
        r.ok = true;
        return r;
    }

    ProviderError parseError(const HttpResponse &response) const override
    {
        ProviderError e;
        QString problem;
        const QJsonObject error = providerjson::parseObject(response.body, &problem).value(QLatin1String("error")).toObject();
        e.type = error.value(QLatin1String("type")).toString();
        e.code = error.value(QLatin1String("code")).toString();
        e.message = error.value(QLatin1String("message")).toString();
        e.quotaExhausted = isSpendLimit(e);
        return e;
    }

    HttpRequestSpec modelProbe(const BackendConfig &backend, const QByteArray &key) const override
    {
        HttpRequestSpec spec;
        spec.method = QByteArrayLiteral("GET");
        spec.url = endpoint(backend, QStringLiteral("v1/models/") + backend.model);
        addHeaders(spec, key);
        return spec;
    }

protected:
    HttpRequestSpec buildChat(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key,
                              bool nativeSchema) const override
    {
        QJsonArray messages;
        for (const Message &m : request.messages)
            messages.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
        QJsonObject body{{QStringLiteral("model"), backend.model},
                         {QStringLiteral("messages"), messages},
                         {QStringLiteral("max_tokens"), request.maxTokens > 0 ? request.maxTokens : backend.maxOutputTokens}};
        if (!request.system.isEmpty())
            body.insert(QStringLiteral("system"), request.system);
        if (request.temperature)
            body.insert(QStringLiteral("temperature"), *request.temperature);
        if (nativeSchema) {
            body.insert(QStringLiteral("output_config"),
                        QJsonObject{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                                                           {QStringLiteral("schema"), request.responseSchema}}}});
        }
        HttpRequestSpec spec;
        spec.url = endpoint(backend, QStringLiteral("v1/messages"));
        spec.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
        addHeaders(spec, key);
        spec.body = compactJson(body);
        return spec;
    }

private:
    static void addHeaders(HttpRequestSpec &spec, const QByteArray &key)
    {
        spec.headers.append({QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01")});
        if (!key.isEmpty())
            spec.headers.append({QByteArrayLiteral("x-api-key"), key});
    }
};

} // namespace

std::unique_ptr<Provider> makeAnthropicProvider()
{
    return std::make_unique<AnthropicProvider>();
}

} // namespace sift
