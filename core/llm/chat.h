#pragma once

#include "store/records.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sift {

// One request to a chat model, independent of the provider that will serve it.
struct ChatRequest
{
    QString system;            // the system prompt; each provider places it its own way
    QList<Message> messages;   // user / assistant turns, in order
    std::optional<double> temperature;
    int maxTokens = 0;         // 0 = the backend's max_output_tokens
    std::optional<qint64> seed;  // also part of the cache key, so equal prompts in different
                                 // conversations never share a cached reply
    // When set, the reply must be a JSON object valid against this schema: requested through the
    // provider's own mechanism (or in the prompt), validated by Sift, retried when invalid.
    QJsonObject responseSchema;
    QString schemaName = QStringLiteral("reply");
    int maxInvalidRetries = 2;
    QString purpose;           // free text for the call log: "user_sim", "judge", "probe", ...
    qint64 runId = 0;          // the run the call is made for, kept in the call log (0: none); not
                               // sent, and not part of the cache key
    bool useCache = true;
};

// What a provider returned for one request.
struct ChatCompletion
{
    QString text;
    QString finishReason;      // the provider's own word: stop, end_turn, STOP, length, ...
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;   // including reasoning ("thoughts") tokens where billed as output
    QString requestId;         // the provider's id for support tickets
    qint64 latencyMs = 0;      // of the successful attempt
    int attempts = 0;          // HTTP attempts this call took (0 for a cache hit)
    bool fromCache = false;
    qint64 costMicroUsd = 0;   // what this call cost (0 for a cache hit)
    QString requestHash;
    // Replies paid for that did not validate against the schema and were asked for again (each is
    // a row of the call log): not in the figures above, which are the final reply's.
    qint64 discardedInputTokens = 0;
    qint64 discardedOutputTokens = 0;
    qint64 discardedCostMicroUsd = 0;
};

// How a call ended.
enum class CallStatus {
    Ok,
    Cancelled,
    Failed,        // an error retrying cannot fix (authentication, bad request, quota, ...)
    Exhausted,     // every allowed attempt failed with a retryable error
    InvalidReply,  // the reply never validated against the requested schema
};

QString callStatusName(CallStatus status);

struct ChatResult
{
    CallStatus status = CallStatus::Failed;
    ChatCompletion completion;  // valid when status is Ok; text also kept for InvalidReply
    QString backend;
    QString error;   // what went wrong, naming the backend; never contains a key
    QString hint;    // what the user can do
    int httpStatus = 0;

    bool ok() const { return status == CallStatus::Ok; }
};

} // namespace sift

Q_DECLARE_METATYPE(sift::ChatRequest)
Q_DECLARE_METATYPE(sift::ChatResult)
