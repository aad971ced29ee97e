#pragma once

#include "common/result.h"
#include "records.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace sift {

// One forward step of the schema: applied in its own transaction, recorded as `version`.
struct Migration
{
    int version = 0;
    QStringList statements;
};

// The project database (sift.db): SQLite in WAL mode with foreign keys on. Every write that must
// land whole (a transcript and its turns, one judge's verdicts) is one transaction, so a process
// killed at any moment leaves it complete or absent. Every query is parameterized.
class ProjectStore
{
public:
    using Clock = std::function<QDateTime()>;

    static QList<Migration> migrations();
    static Result<std::unique_ptr<ProjectStore>> open(const QString &path, Clock clock = {});
    // As open(), with the migration steps given (tests add steps to check upgrades).
    static Result<std::unique_ptr<ProjectStore>> open(const QString &path, const QList<Migration> &steps, Clock clock);
    ~ProjectStore();

    int schemaVersion() const;
    // The store's clock (injected for tests), for timestamps written by the store's companions.
    QDateTime now() const { return m_clock(); }
    // A statement prepared once and kept, for statements run per request or per turn (by the store
    // and its companions on the same connection). Call finish() after reading a SELECT's rows.
    QSqlQuery &prepared(const QString &sql) const;
    QSqlDatabase database() const { return m_db; }

    Status saveTranscript(const TranscriptRecord &transcript);
    // All or none.
    Result<int> saveTranscripts(const QList<TranscriptRecord> &transcripts);
    bool contains(const QString &uid) const;
    Result<TranscriptRecord> transcript(const QString &uid) const;
    Result<QList<TranscriptSummary>> transcripts() const;

    // Replaces this judge's verdicts on this transcript.
    Status saveVerdicts(const VerdictRecord &verdicts);
    Result<QList<VerdictRecord>> verdicts(const QString &transcriptUid) const;

    // The response cache and the call log of the LLM layer.
    Result<std::optional<CachedReply>> cachedReply(const QString &requestHash) const;
    Status saveCachedReply(const CachedReply &reply);
    Status logLlmCall(const LlmCallRecord &call);
    // Several calls' rows in one transaction (the LLM layer writes them in groups).
    Status saveLlmCalls(const QList<LlmCallEntry> &entries);
    Result<QList<LlmCallRecord>> llmCalls() const;

private:
    ProjectStore(QSqlDatabase db, QString path, Clock clock);
    Status insertTranscript(const TranscriptRecord &transcript);
    Diagnostic failure(const QString &what, const QString &detail) const;

    QSqlDatabase m_db;
    QString m_path;
    QString m_connection;
    Clock m_clock;
    mutable QHash<QString, QSqlQuery> m_prepared;
};

} // namespace sift
