// Error bodies: the generic one each provider sends for a status, what it answers to a malformed request,
// and the specific rate-limit and overload bodies clients must tell apart.

#include "fakeproviderbodies.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

namespace sift::test::detail {

namespace {

QJsonObject geminiQuotaViolation(const QString &quotaId, const QString &value)
{
    return QJsonObject{
        {QStringLiteral("quotaMetric"),
         QStringLiteral("generativelanguage.googleapis.com/generate_content_free_tier_requests")},
        {QStringLiteral("quotaId"), quotaId},
        {QStringLiteral("quotaDimensions"),
         QJsonObject{{QStringLiteral("location"), QStringLiteral("global")},
                     {QStringLiteral("model"), QStringLiteral("gemini-2.0-flash")}}},
        {QStringLiteral("quotaValue"), value},
    };
}

QByteArray geminiQuotaBody(const QJsonObject &violation, const QString &delay)
{
    const QJsonArray details{
        QJsonObject{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure")},
                    {QStringLiteral("violations"), QJsonArray{violation}}},
        QJsonObject{
            {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.Help")},
            {QStringLiteral("links"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("description"), QStringLiteral("Learn more about Gemini API quotas")},
                 {QStringLiteral("url"),
                  QStringLiteral("https://ai.google.dev/gemini-api/docs/rate-limits")}}}}},
        QJsonObject{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo")},
                    {QStringLiteral("retryDelay"), delay}},
    };
    QJsonObject error =
        geminiError(429, QStringLiteral("RESOURCE_EXHAUSTED"),
                    QStringLiteral("You exceeded your current quota, please check your plan and "
                                   "billing details. For more information on this error, head to: "
                                   "https://ai.google.dev/gemini-api/docs/rate-limits."))
            .value(QLatin1String("error"))
            .toObject();
    error.insert(QStringLiteral("details"), details);
    return compact(QJsonObject{{QStringLiteral("error"), error}});
}

} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 422:
        return QByteArrayLiteral("Unprocessable Entity");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 529:
        return QByteArrayLiteral("Site Overloaded");
    default:
        return status < 400 ? QByteArrayLiteral("OK") : QByteArrayLiteral("Error");
    }
}

QByteArray httpDate(const QDateTime &when)
{
    // IMF-fixdate is always English and always GMT, whatever the test machine's locale and zone.
    return QLocale::c()
        .toString(when.toTimeZone(QTimeZone::utc()), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

HttpReply errorReply(Dialect dialect, int status, const QString &message)
{
    const auto msg = [&message](const char *fallback) {
        return message.isEmpty() ? QString::fromLatin1(fallback) : message;
    };
    switch (dialect) {
    case Dialect::OpenAi:
    case Dialect::Unknown:
        switch (status) {
        case 401:
            return jsonReply(status,
                             openAiError(msg("Incorrect API key provided. You can find your API key at "
                                             "https://platform.openai.com/account/api-keys."),
                                         QStringLiteral("invalid_request_error"),
                                         QStringLiteral("invalid_api_key")));
        case 403:
            return jsonReply(status, openAiError(msg("You are not allowed to sample from this model."),
                                                 QStringLiteral("invalid_request_error"), QJsonValue::Null));
        case 404:
            return jsonReply(status,
                             openAiError(msg("The model does not exist or you do not have access to it."),
                                         QStringLiteral("invalid_request_error"),
                                         QStringLiteral("model_not_found")));
        case 429:
            return jsonReply(status,
                             openAiError(msg("Rate limit reached for requests. Please try again later."),
                                         QStringLiteral("requests"), QStringLiteral("rate_limit_exceeded")));
        case 503:
        case 529:
            return jsonReply(status,
                             openAiError(msg("The engine is currently overloaded, please try again later."),
                                         QStringLiteral("server_error"), QJsonValue::Null));
        default:
            if (status >= 500)
                return jsonReply(status,
                                 openAiError(msg("The server had an error while processing your request. "
                                                 "Sorry about that!"),
                                             QStringLiteral("server_error"), QJsonValue::Null));
            return jsonReply(status, openAiError(msg("Invalid request."),
                                                 QStringLiteral("invalid_request_error"), QJsonValue::Null));
        }
    case Dialect::Anthropic:
        switch (status) {
        case 401:
            return jsonReply(
                status, anthropicError(QStringLiteral("authentication_error"), msg("invalid x-api-key")));
        case 403:
            return jsonReply(status, anthropicError(QStringLiteral("permission_error"),
                                                    msg("Your API key does not have permission to use the "
                                                        "specified resource.")));
        case 404:
            return jsonReply(status, anthropicError(QStringLiteral("not_found_error"), msg("Not found")));
        case 413:
            return jsonReply(status,
                             anthropicError(QStringLiteral("request_too_large"),
                                            msg("Request exceeds the maximum allowed number of bytes.")));
        case 429:
            return jsonReply(status,
                             anthropicError(QStringLiteral("rate_limit_error"),
                                            msg("Number of request tokens has exceeded your per-minute "
                                                "rate limit.")));
        case 529:
            return jsonReply(status, anthropicError(QStringLiteral("overloaded_error"), msg("Overloaded")));
        default:
            if (status >= 500)
                return jsonReply(status,
                                 anthropicError(QStringLiteral("api_error"), msg("Internal server error")));
            return jsonReply(status,
                             anthropicError(QStringLiteral("invalid_request_error"), msg("Invalid request")));
        }
    case Dialect::Gemini:
        switch (status) {
        case 400:
            return jsonReply(status, geminiError(status, QStringLiteral("INVALID_ARGUMENT"),
                                                 msg("Request contains an invalid argument.")));
        case 401:
            return jsonReply(status, geminiError(status, QStringLiteral("UNAUTHENTICATED"),
                                                 msg("Request had invalid authentication credentials.")));
        case 403:
            return jsonReply(status,
                             geminiError(status, QStringLiteral("PERMISSION_DENIED"),
                                         msg("Method doesn't allow unregistered callers (callers without "
                                             "established identity). Please use API Key or other form of "
                                             "API consumer identity to call this API.")));
        case 404:
            return jsonReply(status, geminiError(status, QStringLiteral("NOT_FOUND"),
                                                 msg("Requested entity was not found.")));
        case 429:
            return jsonReply(status, geminiError(status, QStringLiteral("RESOURCE_EXHAUSTED"),
                                                 msg("Resource has been exhausted (e.g. check quota).")));
        case 500:
            return jsonReply(
                status, geminiError(status, QStringLiteral("INTERNAL"),
                                    msg("An internal error has occurred. Please retry or report in "
                                        "https://developers.generativeai.google/guide/troubleshooting")));
        case 503:
        case 529:
            return jsonReply(status, geminiError(status, QStringLiteral("UNAVAILABLE"),
                                                 msg("The model is overloaded. Please try again later.")));
        case 504:
            return jsonReply(status, geminiError(status, QStringLiteral("DEADLINE_EXCEEDED"),
                                                 msg("Deadline expired before operation could complete.")));
        default:
            return jsonReply(status, geminiError(status,
                                                 status >= 500 ? QStringLiteral("INTERNAL")
                                                               : QStringLiteral("FAILED_PRECONDITION"),
                                                 msg("The request failed.")));
        }
    case Dialect::Ollama:
        switch (status) {
        case 400:
            return jsonReply(status, ollamaError(msg("invalid request")));
        case 401:
            return jsonReply(status, ollamaError(msg("unauthorized")));
        case 404:
            return jsonReply(status, ollamaError(msg("model not found, try pulling it first")));
        case 429:
            return jsonReply(status, ollamaError(msg("too many requests")));
        case 503:
            return jsonReply(status, ollamaError(msg("server busy, please try again.")));
        default:
            return jsonReply(status,
                             ollamaError(msg(status >= 500 ? "internal server error" : "request failed")));
        }
    }
    return jsonReply(status, ollamaError(msg("error")));
}

std::optional<HttpReply> validationError(const ReceivedRequest &request)
{
    const QJsonObject &j = request.json;
    if (j.isEmpty()) {
        switch (request.dialect) {
        case Dialect::Anthropic:
            return errorReply(request.dialect, 400,
                              QStringLiteral("There was an issue with the request body."));
        case Dialect::Ollama:
            return errorReply(request.dialect, 400, QStringLiteral("EOF"));
        case Dialect::Gemini:
            return errorReply(request.dialect, 400, QStringLiteral("Invalid JSON payload received."));
        default:
            return errorReply(request.dialect, 400,
                              QStringLiteral("We could not parse the JSON body of your request."));
        }
    }
    if (request.dialect == Dialect::Anthropic) {
        // The real API rejects both, so a client that forgets either fails here as it would in production.
        if (!request.headers.contains(QByteArrayLiteral("anthropic-version")))
            return errorReply(request.dialect, 400, QStringLiteral("anthropic-version: header is required"));
        if (!j.contains(QLatin1String("max_tokens")))
            return errorReply(request.dialect, 400, QStringLiteral("max_tokens: Field required"));
    }
    if (request.dialect == Dialect::Gemini && !j.value(QLatin1String("contents")).isArray())
        return errorReply(request.dialect, 400,
                          QStringLiteral("* GenerateContentRequest.contents: contents is not specified"));
    if ((request.dialect == Dialect::OpenAi || request.dialect == Dialect::Anthropic ||
         request.dialect == Dialect::Ollama) &&
        request.model.isEmpty()) {
        if (request.dialect == Dialect::Ollama)
            return errorReply(request.dialect, 400, QStringLiteral("model is required"));
        if (request.dialect == Dialect::Anthropic)
            return errorReply(request.dialect, 400, QStringLiteral("model: Field required"));
        return errorReply(request.dialect, 400, QStringLiteral("you must provide a model parameter"));
    }
    return std::nullopt;
}

QByteArray geminiRetryInfoBody(const QString &delay)
{
    return geminiQuotaBody(
        geminiQuotaViolation(QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                             QStringLiteral("15")),
        delay);
}

QByteArray geminiPerDayQuotaBody()
{
    return geminiQuotaBody(
        geminiQuotaViolation(QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
                             QStringLiteral("200")),
        QStringLiteral("20s"));
}

QByteArray openAiInsufficientQuotaBody()
{
    return compact(openAiError(
        QStringLiteral("You exceeded your current quota, please check your plan and billing details."),
        QStringLiteral("insufficient_quota"), QStringLiteral("insufficient_quota")));
}

QByteArray anthropicSpendLimitBody()
{
    return compact(anthropicError(QStringLiteral("enforced_spend_limit_reached"),
                                  QStringLiteral("This request would exceed your organization's spend limit. "
                                                 "You can raise the limit in the Console under Limits.")));
}

QByteArray ollamaQueueFullBody()
{
    return compact(
        ollamaError(QStringLiteral("server busy, please try again.  maximum pending requests exceeded")));
}

QByteArray llamaCppLoadingBody()
{
    return compact(QJsonObject{{QStringLiteral("error"),
                                QJsonObject{{QStringLiteral("code"), 503},
                                            {QStringLiteral("message"), QStringLiteral("Loading model")},
                                            {QStringLiteral("type"), QStringLiteral("unavailable_error")}}}});
}

} // namespace sift::test::detail
