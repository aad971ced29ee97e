// What each provider puts on the wire: success bodies, error bodies, model probes, token counting. Pure
// functions of the request, so the server only decides which one to send and when.

#pragma once

#include "fakeprovider.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace sift::test::detail {

struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HeaderList headers;
    QByteArray body;
};

QByteArray compact(const QJsonObject &o);
HttpReply jsonReply(int status, const QJsonObject &body);
QJsonObject openAiError(const QString &message, const QString &type, const QJsonValue &code,
                        const QJsonValue &param = QJsonValue::Null);
QJsonObject anthropicError(const QString &type, const QString &message);
QJsonObject geminiError(int code, const QString &status, const QString &message);
QJsonObject ollamaError(const QString &message);

int countWords(QStringView text);
int promptTokens(const ReceivedRequest &request);
QString lastUserText(const ReceivedRequest &request);
QByteArray reasonPhrase(int status);
QByteArray httpDate(const QDateTime &when);

// Headers every completion reply carries, errors included: the provider's request id.
HeaderList requestIdHeaders(const ReceivedRequest &request);

HttpReply successReply(const ReceivedRequest &request, const QString &text, FinishReason finish,
                       int geminiThoughtsTokens);
// The generic error a provider sends for this status; message empty means its usual wording.
HttpReply errorReply(Dialect dialect, int status, const QString &message = {});
// What the real API answers to a malformed completion request, or nullopt if it is well formed.
std::optional<HttpReply> validationError(const ReceivedRequest &request);
// A model lookup; for the OpenAI-compatible list route (GET .../v1/models, no model) the list of
// `listed` models (a placeholder when every model is known and none is named).
HttpReply lookupReply(const ReceivedRequest &request, bool known, const QStringList &listed);
HttpReply notFoundReply(const ReceivedRequest &request);
HttpReply invalidJsonReply();
HttpReply ollamaStreamErrorReply(const QString &message);

// The schema a structured-output request carries, and a reply text that parses as JSON but breaks it.
QJsonObject responseSchema(const ReceivedRequest &request);
QString schemaViolatingText(const ReceivedRequest &request);

QByteArray geminiRetryInfoBody(const QString &delay);
QByteArray geminiPerDayQuotaBody();
QByteArray openAiInsufficientQuotaBody();
QByteArray anthropicSpendLimitBody();
QByteArray ollamaQueueFullBody();
QByteArray llamaCppLoadingBody();

} // namespace sift::test::detail
