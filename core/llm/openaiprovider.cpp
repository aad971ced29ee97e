// OpenAI-compatible chat completions: OpenAI itself, vLLM, llama.cpp server, Ollama's /v1,
// OpenRouter and the many servers that copy the format.

#include "providers_p.h"

namespace sift {

namespace {

class OpenAiProvider final : public Provider
{
public:
    ParsedReply parseChatReply(const HttpResponse &response) const override
    {
        ParsedReply r;
        const QJsonObject root = providerjson::parseObject(response.body, &r.problem);
        if (!r.problem.isEmpty())
            return r;
        const QJsonObject choice = root.value(QLatin1String("choices")).toArray().at(0).toObject();
        const QJsonValue content = choice.value(QLatin1String("message")).toObject().value(QLatin1String("content"));
        if (choice.isEmpty() || !(content.isString() || content.isNull())) {
            r.problem = QStringLiteral("the reply has no choices[0].message.content");
            return r;
        }
        const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
        r.completion.text = content.toString();
        r.completion.finishReason = choice.value(QLatin1String("finish_reason")).toString();
        r.completion.inputTokens = providerjson::integer(usage.value(QLatin1String("prompt_tokens")));
        r.completion.outputTokens = providerjson::integer(usage.value(QLatin1String("completion_tokens")));
        r.completion.requestId = QString::fromLatin1(response.header("x-request-id"));
        if (r.completion.requestId.isEmpty())
            r.completion.requestId = root.value(QLatin1String("id")).toString();
        r.ok = true;
        return r;
    }

    ProviderError parseError(const HttpResponse &response) const override
    {
        ProviderError e;
        QString problem;
        const QJsonObject root = providerjson::parseObject(response.body, &problem);
        const QJsonValue error = root.value(QLatin1String("error"));
        if (error.isString()) {  // some compatible servers answer {"error": "text"}
            e.message = error.toString();
            return e;
        }
        const QJsonObject o = error.toObject();
        e.type = o.value(QLatin1String("type")).toString();
        const QJsonValue code = o.value(QLatin1String("code"));
        e.code = code.isString() ? code.toString() : (code.isDouble() ? QString::number(code.toInt()) : QString());
        e.message = o.value(QLatin1String("message")).toString();
        e.quotaExhausted = e.type == QLatin1String("insufficient_quota") || e.code == QLatin1String("insufficient_quota");
        return e;
    }

    HttpRequestSpec modelProbe(const BackendConfig &backend, const QByteArray &key) const override
    {
        // The list, not /models/{id}: ids like "Qwen/Qwen3-8B" hold a slash, and not every
        // compatible server offers the single-model route.
        HttpRequestSpec spec;
        spec.method = QByteArrayLiteral("GET");
        spec.url = endpoint(backend, QStringLiteral("models"));
        providerjson::addBearerAuth(spec, key);
        return spec;
    }

    QString modelProbeProblem(const HttpResponse &response, const BackendConfig &backend) const override
    {
        QString problem = Provider::modelProbeProblem(response, backend);
        if (!problem.isEmpty())
            return problem;
        const QJsonObject root = providerjson::parseObject(response.body, &problem);
        if (!problem.isEmpty())
            return problem;
        const QJsonArray models = root.value(QLatin1String("data")).toArray();
        for (const QJsonValue &m : models) {
            if (m.toObject().value(QLatin1String("id")).toString() == backend.model)
                return {};
        }
        QStringList ids;
        for (const QJsonValue &m : models)
            ids.append(m.toObject().value(QLatin1String("id")).toString());
        return QStringLiteral("model %1 is not in the server's list (%2)")
            .arg(backend.model, ids.isEmpty() ? QStringLiteral("empty") : ids.mid(0, 8).join(QStringLiteral(", ")));
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
        QJsonObject body{{QStringLiteral("model"), backend.model},
                         {QStringLiteral("messages"), messages},
                         {QStringLiteral("max_tokens"), request.maxTokens > 0 ? request.maxTokens : backend.maxOutputTokens}};
        if (request.temperature)
            body.insert(QStringLiteral("temperature"), *request.temperature);
        if (request.seed)
            body.insert(QStringLiteral("seed"), double(*request.seed));
        if (nativeSchema) {
            // The form llama.cpp also enforces: json_schema.schema (not a top-level "schema").
            body.insert(QStringLiteral("response_format"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                    {QStringLiteral("json_schema"), QJsonObject{{QStringLiteral("name"), request.schemaName},
                                                                                {QStringLiteral("strict"), true},
                                                                                {QStringLiteral("schema"), request.responseSchema}}}});
        }
        return providerjson::bearerJsonPost(endpoint(backend, QStringLiteral("chat/completions")), body, key);
    }
};

} // namespace

std::unique_ptr<Provider> makeOpenAiProvider()
{
    return std::make_unique<OpenAiProvider>();
}

} // namespace sift
