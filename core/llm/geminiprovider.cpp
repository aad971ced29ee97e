// Google Gemini generateContent: roles user/model, a systemInstruction, JSON Schema through
// generationConfig.responseJsonSchema, and rate-limit details in the error body.

#include "providers_p.h"

namespace sift {

namespace {

// A protobuf Duration as JSON writes it: "7s", "1.5s", "0.250s".
std::optional<qint64> durationMs(const QString &text)
{
    if (!text.endsWith(QLatin1Char('s')))
        return std::nullopt;
    bool ok = false;
    const double seconds = QStringView(text).chopped(1).toDouble(&ok);
    if (!ok || seconds < 0)
        return std::nullopt;
    return qint64(seconds * 1000.0 + 0.5);
}

QString modelId(const QString &model)
{
    return model.startsWith(QLatin1String("models/")) ? model.mid(7) : model;
}

class GeminiProvider final : public Provider
{
public:
    ParsedReply parseChatReply(const HttpResponse &response) const override
    {
        ParsedReply r;
        const QJsonObject root = providerjson::parseObject(response.body, &r.problem);
        if (!r.problem.isEmpty())
            return r;
        const QJsonArray candidates = root.value(QLatin1String("candidates")).toArray();
        if (candidates.isEmpty()) {
            const QString blocked = root.value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString();
            r.problem = blocked.isEmpty() ? QStringLiteral("the reply has no candidates")
                                          : QStringLiteral("the prompt was blocked (%1)").arg(blocked);
            return r;
        }
        const QJsonObject candidate = candidates.at(0).toObject();
        QString text;
        for (const QJsonValue &part : candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray()) {
            const QJsonObject p = part.toObject();
            if (!p.value(QLatin1String("thought")).toBool())  // thought summaries are not the answer
                text += p.value(QLatin1String("text")).toString();
        }
        const QJsonObject usage = root.value(QLatin1String("usageMetadata")).toObject();
        r.completion.text = text;
        r.completion.finishReason = candidate.value(QLatin1String("finishReason")).toString();
        r.completion.inputTokens = providerjson::integer(usage.value(QLatin1String("promptTokenCount")));
        // Thinking tokens are billed as output.
        r.completion.outputTokens = providerjson::integer(usage.value(QLatin1String("candidatesTokenCount"))) +
                                    providerjson::integer(usage.value(QLatin1String("thoughtsTokenCount")));
        r.completion.requestId = root.value(QLatin1String("responseId")).toString();
        r.ok = true;
        return r;
    }

    ProviderError parseError(const HttpResponse &response) const override
    {
        ProviderError e;
        QString problem;
        const QJsonObject error = providerjson::parseObject(response.body, &problem).value(QLatin1String("error")).toObject();
        e.type = error.value(QLatin1String("status")).toString();
        const QJsonValue code = error.value(QLatin1String("code"));
        e.code = code.isDouble() ? QString::number(code.toInt()) : code.toString();
        e.message = error.value(QLatin1String("message")).toString();
        for (const QJsonValue &d : error.value(QLatin1String("details")).toArray()) {
            const QJsonObject detail = d.toObject();
            const QString type = detail.value(QLatin1String("@type")).toString();
            if (type.endsWith(QLatin1String("google.rpc.RetryInfo"))) {
                e.retryDelayMs = durationMs(detail.value(QLatin1String("retryDelay")).toString());
            } else if (type.endsWith(QLatin1String("google.rpc.QuotaFailure"))) {
                // A per-day quota resets at midnight Pacific, however short the suggested delay.
                for (const QJsonValue &v : detail.value(QLatin1String("violations")).toArray()) {
                    if (v.toObject().value(QLatin1String("quotaId")).toString().contains(QLatin1String("PerDay")))
                        e.quotaExhausted = true;
                }
            }
        }
        return e;
    }

    HttpRequestSpec modelProbe(const BackendConfig &backend, const QByteArray &key) const override
    {
        HttpRequestSpec spec;
        spec.method = QByteArrayLiteral("GET");
        spec.url = endpoint(backend, QStringLiteral("v1beta/models/") + modelId(backend.model));
        addAuth(spec, key);
        return spec;
    }

protected:
    HttpRequestSpec buildChat(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key,
                              bool nativeSchema) const override
    {
        QJsonArray contents;
        for (const Message &m : request.messages) {
            const QString role = m.role == QLatin1String("assistant") ? QStringLiteral("model") : QStringLiteral("user");
            contents.append(QJsonObject{{QStringLiteral("role"), role},
                                        {QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), m.content}}}}});
        }
        QJsonObject config{
            {QStringLiteral("maxOutputTokens"), request.maxTokens > 0 ? request.maxTokens : backend.maxOutputTokens}};
        if (request.temperature)
            config.insert(QStringLiteral("temperature"), *request.temperature);
        if (request.seed)
            config.insert(QStringLiteral("seed"), double(*request.seed & 0x7fffffff));  // an int32 field
        if (nativeSchema) {
            config.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
            config.insert(QStringLiteral("responseJsonSchema"), request.responseSchema);
        }
        QJsonObject body{{QStringLiteral("contents"), contents}, {QStringLiteral("generationConfig"), config}};
        if (!request.system.isEmpty())
            body.insert(QStringLiteral("systemInstruction"),
                        QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), request.system}}}}});
        HttpRequestSpec spec;
        spec.url = endpoint(backend, QStringLiteral("v1beta/models/%1:generateContent").arg(modelId(backend.model)));
        spec.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
        addAuth(spec, key);
        spec.body = compactJson(body);
        return spec;
    }

private:
    static void addAuth(HttpRequestSpec &spec, const QByteArray &key)
    {
        // A header, never the ?key= query parameter: URLs end up in logs.
        if (!key.isEmpty())
            spec.headers.append({QByteArrayLiteral("x-goog-api-key"), key});
    }
};

} // namespace

std::unique_ptr<Provider> makeGeminiProvider()
{
    return std::make_unique<GeminiProvider>();
}

} // namespace sift
