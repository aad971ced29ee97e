#include "provider.h"

#include "providers_p.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace sift {

namespace providerjson {
QJsonObject parseObject(const QByteArray &body, QString *problem)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        *problem = QStringLiteral("the body is not JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset);
        return {};
    }
    if (!doc.isObject()) {
        *problem = QStringLiteral("the body is not a JSON object");
        return {};
    }
    return doc.object();
}

qint64 integer(const QJsonValue &v)
{
    return qint64(v.toDouble());
}

void addBearerAuth(HttpRequestSpec &spec, const QByteArray &key)
{
    if (!key.isEmpty())
        spec.headers.append({QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer ") + key});
}

HttpRequestSpec bearerJsonPost(const QUrl &url, const QJsonObject &body, const QByteArray &key)
{
    HttpRequestSpec spec;
    spec.url = url;
    spec.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    addBearerAuth(spec, key);
    spec.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return spec;
}
} // namespace providerjson

QString callStatusName(CallStatus status)
{
    switch (status) {
    case CallStatus::Ok:
        return QStringLiteral("ok");
    case CallStatus::Cancelled:
        return QStringLiteral("cancelled");
    case CallStatus::Failed:
        return QStringLiteral("failed");
    case CallStatus::Exhausted:
        return QStringLiteral("exhausted");
    case CallStatus::InvalidReply:
        return QStringLiteral("invalid_reply");
    }
    return QStringLiteral("failed");
}

std::unique_ptr<Provider> Provider::create(const QString &provider)
{
    if (provider == QLatin1String("openai"))
        return makeOpenAiProvider();
    if (provider == QLatin1String("anthropic"))
        return makeAnthropicProvider();
    if (provider == QLatin1String("gemini"))
        return makeGeminiProvider();
    if (provider == QLatin1String("ollama"))
        return makeOllamaProvider();
    return nullptr;
}

HttpRequestSpec Provider::chatRequest(const ChatRequest &request, const BackendConfig &backend, const QByteArray &key) const
{
    if (request.responseSchema.isEmpty() || backend.structuredOutput != QLatin1String("prompt"))
        return buildChat(request, backend, key, !request.responseSchema.isEmpty());
    ChatRequest prompted = request;
    prompted.system += (prompted.system.isEmpty() ? QString() : QStringLiteral("\n\n")) + schemaInstruction(request.responseSchema);
    return buildChat(prompted, backend, key, false);
}

QString Provider::modelProbeProblem(const HttpResponse &response, const BackendConfig &backend) const
{
    if (response.outcome != HttpResponse::Outcome::Received)
        return response.transportError;
    if (response.status >= 200 && response.status < 300)
        return {};
    if (response.status == 404)
        return QCoreApplication::translate("sift::Provider", "model %1 is not available at %2").arg(backend.model, backend.baseUrl);
    const ProviderError e = parseError(response);
    return QStringLiteral("HTTP %1%2").arg(response.status).arg(e.message.isEmpty() ? QString() : QStringLiteral(": ") + e.message);
}

QString Provider::schemaInstruction(const QJsonObject &schema)
{
    return QStringLiteral("Reply with one JSON object and nothing else: no prose, no code fences. "
                          "It must be valid against this JSON Schema:\n") +
           QString::fromUtf8(QJsonDocument(schema).toJson(QJsonDocument::Compact));
}

QUrl Provider::endpoint(const BackendConfig &backend, const QString &path)
{
    QUrl url(backend.baseUrl);
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QString rest = path;
    // "https://api.anthropic.com/v1" + "v1/messages": users write the version either way.
    const QString firstSegment = rest.section(QLatin1Char('/'), 0, 0);
    if (!firstSegment.isEmpty() && base.endsWith(QLatin1Char('/') + firstSegment))
        rest = rest.section(QLatin1Char('/'), 1);
    url.setPath(base + QLatin1Char('/') + rest);
    return url;
}

QByteArray Provider::compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace sift
