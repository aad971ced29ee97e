#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sift {

struct Message
{
    QString role;  // system | user | assistant
    QString content;
    friend bool operator==(const Message &, const Message &) = default;
};

// One conversation as the store keeps it. `uid` is the stable id users and files refer to.
struct TranscriptRecord
{
    QString uid;
    QString source = QStringLiteral("import");  // sample | import | generated
    QString status = QStringLiteral("new");
    QList<Message> messages;
    QList<QStringList> flaws;  // per user message, the flaw ids that fired for it
    QJsonObject persona;
    QJsonObject scenario;
    QJsonObject metadata;
    int truncatedAt = -1;  // messages from this index on are not training data (-1: none cut)
    QString rejected;      // why the transcript is rejected; empty when it is not

    // The messages that count: everything before the cut, if there is one.
    QList<Message> trainingMessages() const { return truncatedAt >= 0 ? messages.mid(0, truncatedAt) : messages; }
};

struct TranscriptSummary
{
    QString uid;
    QString source;
    QString status;
    int turnCount = 0;  // messages, system prompt included
    QString preview;    // the first user message
};

struct CriterionVerdict
{
    QString criterion;
    QString answer;  // YES | NO | NA
    QString evidence;
    int turn = 0;
    QString reasoning;
    friend bool operator==(const CriterionVerdict &, const CriterionVerdict &) = default;
};

// One judge's verdicts on one transcript.
struct VerdictRecord
{
    QString transcriptUid;
    QString judge;
    QList<CriterionVerdict> criteria;
};

// One judge's assessment of one transcript: its verdicts, or why there are none usable.
struct AssessmentRecord
{
    QString transcriptUid;
    QString judge;
    bool valid = false;
    QString error;  // why the assessment is invalid
    QList<CriterionVerdict> criteria;
    double score = 0;
    bool passed = false;
    bool gateFailed = false;
    QString promptVersion;
};

// What a generation run was asked to do and where it stands.
struct RunRecord
{
    qint64 id = 0;
    QString kind = QStringLiteral("run");        // run | generate | assess
    QString status = QStringLiteral("running");  // running | paused | interrupted | cancelled | completed | failed
    QString designHash;
    QString promptVersion;
    qint64 seed = 0;
    QJsonObject config;  // count, batch size, judges, ...
    QString createdAt;
    QString finishedAt;
};

struct BatchRecord
{
    qint64 id = 0;
    qint64 runId = 0;
    int index = 0;
    QString status = QStringLiteral("new");
    QString signedOffAt;
    QString promptVersion;
};

// A generated transcript's place in its run, and its outcome once assessed.
struct RunTranscript
{
    QString uid;
    qint64 batchId = 0;
    int batchIndex = 0;
    int index = 0;  // within the run
    QString status;
    int turnCount = 0;
    int targetTurns = 0;
    QString assessment;  // valid | invalid | empty when not assessed
    double score = 0;
    bool passed = false;
    bool gateFailed = false;
};

// Where a transcript came from and how it fared, for listings and dumps.
struct TranscriptPlacement
{
    QString uid;
    QString source;
    QString status;
    qint64 runId = 0;
    int batchIndex = -1;  // -1 outside any batch (imported, samples)
    QString promptVersion;
    QString assessment;   // valid | invalid | empty
    double score = 0;
    bool passed = false;
    bool gateFailed = false;
    QString rejected;            // why Sift rejected it (empty: not)
    bool humanRejected = false;  // a reviewer rejected it (review_flags kind 'reject')
};

// One repair of an assistant turn: the original and the rewrite side by side (so every fix is also a
// preference pair), and whether the customer's next message still followed from the rewrite.
struct FixupRecord
{
    qint64 id = 0;
    QString transcriptUid;
    int turn = 0;            // message index of the repaired reply
    QString before;
    QString after;
    QString failedCriteria;  // JSON: [{"criterion", "reasoning"}]
    QString status;          // pending | accepted | refused
    QString entailment;      // the entailment judge's explanation
};

// A reply kept so that the same request is never paid for twice.
struct CachedReply
{
    QString requestHash;
    QString backend;
    QString model;
    QString text;
    QString finishReason;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    QString providerRequestId;
    qint64 costMicroUsd = 0;  // what it cost when it was paid for
};

// One row of the call log: every call to a backend (and every cache hit), with what it cost.
struct LlmCallRecord
{
    QString requestHash;
    QString backend;
    QString model;
    QString purpose;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicroUsd = 0;
    qint64 latencyMs = 0;
    int attempts = 0;
    QString status;  // ok | cached | failed | exhausted | invalid_reply | cancelled
    QString providerRequestId;
    QString error;   // what went wrong, keys masked
    QString createdAt;
    qint64 runId = 0;  // the run the call was made for (0: none, e.g. a probe)
};

// What a run has asked the backends so far, from its rows of the call log: the figures a run's
// progress counts, so a resumed run carries on from them.
struct RunCallTotals
{
    qint64 requests = 0;  // calls answered (by a backend or the cache), failed ones included
    qint64 cacheHits = 0;
    qint64 retries = 0;   // attempts after the first, repeated requests for an invalid reply included
    qint64 inputTokens = 0;  // of every reply paid for, invalid ones included
    qint64 outputTokens = 0;
    qint64 costMicroUsd = 0;
};

// What one LLM call leaves in the store: its log row and, for a reply that was paid for and is
// valid, the cached reply.
struct LlmCallEntry
{
    std::optional<CachedReply> reply;
    LlmCallRecord call;
};

} // namespace sift
