// Ollama's native /api/chat. It streams unless told not to, takes a JSON Schema in `format`, and
// reports some failures as an {"error": ...} body under HTTP 200.

#include "providers_p.h"

namespace sift {

namespace {

class OllamaProvider final : public Provider
{
public:
    ParsedReply parseChatReply(const HttpResponse &response) const override
    {
        ParsedReply r;
        const QJsonObject root = providerjson::parseObject(response.body, &r.problem);
        if (!r.problem.isEmpty()) {
            if (response.body.contains("\"error\""))
                r.problem = QStringLiteral("the server reported an error: %1").arg(QString::fromUtf8(response.body.left(300)));
            return r;
        }
        if (root.contains(QLatin1String("error"))) {
            r.problem = QStringLiteral("the server reported an error: %1").arg(root.value(QLatin1String("error")).toString());
            return r;
        }
        const QJsonValue content = root.value(QLatin1String("message")).toObject().value(QLatin1String("content"));
        if (!content.isString() || !root.value(QLatin1String("done")).toBool()) {
            r.problem = QStringLiteral("the reply has no complete message");
            return r;
        }
        r.completion.text = content.toString();
        r.completion.finishReason = root.value(QLatin1String("done_reason")).toString();
        r.completion.inputTokens = providerjson::integer(root.value(QLatin1String("prompt_eval_count")));
        r.completion.outputTokens = providerjson::integer(root.value(QLatin1String("eval_count")));
        r.ok = true;
        return r;
    }

    ProviderError parseError(const HttpResponse &response) const override
    {
        ProviderError e;
        QString problem;
        const QJsonValue error = providerjson::parseObject(response.body, &problem).value(QLatin1String("error"));
        e.message = error.isString() ? error.toString() : error.toObject().value(QLatin1String("message")).toString();
        return e;
    }

    HttpRequestSpec modelProbe(const BackendConfig &backend, const QByteArray &key) const override
    {
        // Ollama itself needs no key; a proxy in front of it may.
        return providerjson::bearerJsonPost(endpoint(backend, QStringLiteral("api/show")),
                                            QJsonObject{{QStringLiteral("model"), backend.model}}, key);
    }

protected:
    HttpRequestSpec buildChat(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key,
                              bool nativeSchema) const override
    {
        QJsonArray messages;
        if (!request.system.isEmpty())
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                        {QStringLiteral("content"), request.system}});
        for (const Message &m : request.messages)
            messages.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
        QJsonObject options{
            {QStringLiteral("num_predict"), request.maxTokens > 0 ? request.maxTokens : backend.maxOutputTokens}};
        if (request.temperature)
            options.insert(QStringLiteral("temperature"), *request.temperature);
        if (request.seed)
            options.insert(QStringLiteral("seed"), double(*request.seed & 0x7fffffff));
        QJsonObject body{{QStringLiteral("model"), backend.model},
                         {QStringLiteral("messages"), messages},
                         {QStringLiteral("stream"), false},
                         {QStringLiteral("options"), options}};
        if (nativeSchema)
            body.insert(QStringLiteral("format"), request.responseSchema);
        return providerjson::bearerJsonPost(endpoint(backend, QStringLiteral("api/chat")), body, key);
    }
};

} // namespace

std::unique_ptr<Provider> makeOllamaProvider()
{
    return std::make_unique<OllamaProvider>();
}

} // namespace sift
