#include "projectstore.h"

#include "schema.h"
#include "sqlutil_p.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace sift {

using sql::fromJsonText;
using sql::toJsonText;
using sql::Transaction;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ProjectStore", text);
}

bool isSqliteFile(const QString &path)
{
    QFile f(path);
    if (!f.exists() || f.size() == 0)
        return true;
    return f.open(QIODevice::ReadOnly) && f.read(16) == QByteArray("SQLite format 3\0", 16);
}
} // namespace

QList<Migration> ProjectStore::migrations()
{
    return schemaMigrations();
}

ProjectStore::ProjectStore(QSqlDatabase db, QString path, Clock clock)
    : m_db(std::move(db)), m_path(std::move(path)), m_connection(m_db.connectionName()), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
}

ProjectStore::~ProjectStore()
{
    m_prepared.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::open(const QString &path, Clock clock)
{
    return open(path, migrations(), std::move(clock));
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::open(const QString &path, const QList<Migration> &steps, Clock clock)
{
    if (!isSqliteFile(path))
        return Diagnostic::error(path, 0, 0, tr("%1 is not a Sift database (not an SQLite file)").arg(path),
                                 tr("move it aside; Sift never overwrites it, and creates a new database when none is there"));
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("sift-store-%1").arg(++counter);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    std::unique_ptr<ProjectStore> store(new ProjectStore(db, path, std::move(clock)));
    db = QSqlDatabase();
    if (!store->m_db.open())
        return store->failure(tr("cannot open the project database"), store->m_db.lastError().text());

    QSqlQuery q(store->m_db);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return store->failure(tr("cannot prepare the project database"), q.lastError().text());
    }
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")))
        return store->failure(tr("cannot read the schema version"), q.lastError().text());
    const int current = store->schemaVersion();
    const int known = steps.isEmpty() ? 0 : steps.last().version;
    if (current > known)
        return Diagnostic::error(path, 0, 0,
                                 tr("sift.db was written by a newer Sift (schema %1, this build knows %2)").arg(current).arg(known),
                                 tr("open the project with that newer version of Sift"));
    for (const Migration &step : steps) {
        if (step.version <= current)
            continue;
        Transaction t(store->m_db);
        for (const QString &sql : step.statements) {
            if (!q.exec(sql))
                return store->failure(tr("cannot upgrade the project database to schema %1").arg(step.version), q.lastError().text());
        }
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
        q.addBindValue(step.version);
        q.addBindValue(store->m_clock().toString(Qt::ISODate));
        if (!q.exec() || !t.commit())
            return store->failure(tr("cannot record schema %1").arg(step.version), q.lastError().text());
    }
    return store;
}

Diagnostic ProjectStore::failure(const QString &what, const QString &detail) const
{
    return Diagnostic::error(m_path, 0, 0, what + QStringLiteral(": ") + detail,
                             tr("check that the disk is not full and no other program holds the file"));
}

QSqlQuery &ProjectStore::prepared(const QString &sql) const
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        it = m_prepared.insert(sql, QSqlQuery(m_db));
        it->prepare(sql);
    }
    return *it;
}

int ProjectStore::schemaVersion() const
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next())
        return q.value(0).toInt();
    return 0;
}

Status ProjectStore::insertTranscript(const TranscriptRecord &t)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO transcripts (uid, source, status, persona_json, scenario_json, metadata_json, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(t.uid), QVariant(t.source), QVariant(t.status), QVariant(toJsonText(t.persona)),
                              QVariant(toJsonText(t.scenario)), QVariant(toJsonText(t.metadata)),
                              QVariant(m_clock().toString(Qt::ISODateWithMs))})
        q.addBindValue(v);
    if (!q.exec())
        return failure(tr("cannot save transcript %1").arg(t.uid), q.lastError().text());
    const qint64 id = q.lastInsertId().toLongLong();
    q.prepare(QStringLiteral("INSERT INTO turns (transcript_id, idx, role, content, flaws_json) VALUES (?, ?, ?, ?, ?)"));
    int userIndex = 0;
    for (int i = 0; i < t.messages.size(); ++i) {
        const Message &m = t.messages[i];
        QVariant flaws;
        if (m.role == QLatin1String("user")) {
            if (userIndex < t.flaws.size())
                flaws = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(t.flaws[userIndex])).toJson(QJsonDocument::Compact));
            ++userIndex;
        }
        q.addBindValue(id);
        q.addBindValue(i);
        q.addBindValue(m.role);
        q.addBindValue(m.content);
        q.addBindValue(flaws);
        if (!q.exec())
            return failure(tr("cannot save turn %1 of transcript %2").arg(i + 1).arg(t.uid), q.lastError().text());
    }
    return Done{};
}

Status ProjectStore::saveTranscript(const TranscriptRecord &transcript)
{
    const auto saved = saveTranscripts({transcript});
    return saved ? Status(Done{}) : Status::failure(saved.diagnostics());
}

Result<int> ProjectStore::saveTranscripts(const QList<TranscriptRecord> &transcripts)
{
    Transaction t(m_db);
    if (!t.ok())
        return failure(tr("cannot start a transaction"), m_db.lastError().text());
    for (const TranscriptRecord &record : transcripts) {
        if (const Status s = insertTranscript(record); !s)
            return Result<int>::failure(s.diagnostics());
    }
    if (!t.commit())
        return failure(tr("cannot commit transcripts"), m_db.lastError().text());
    return int(transcripts.size());
}

bool ProjectStore::contains(const QString &uid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM transcripts WHERE uid = ?"));
    q.addBindValue(uid);
    return q.exec() && q.next();
}

Result<TranscriptRecord> ProjectStore::transcript(const QString &uid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, source, status, persona_json, scenario_json, metadata_json, truncated_at, rejected "
                             "FROM transcripts WHERE uid = ?"));
    q.addBindValue(uid);
    if (!q.exec())
        return failure(tr("cannot read transcript %1").arg(uid), q.lastError().text());
    if (!q.next())
        return Diagnostic::error(m_path, 0, 0, tr("no transcript with id %1").arg(uid));
    TranscriptRecord t;
    t.uid = uid;
    const qint64 id = q.value(0).toLongLong();
    t.source = q.value(1).toString();
    t.status = q.value(2).toString();
    t.persona = fromJsonText(q.value(3).toString());
    t.scenario = fromJsonText(q.value(4).toString());
    t.metadata = fromJsonText(q.value(5).toString());
    t.truncatedAt = q.value(6).isNull() ? -1 : q.value(6).toInt();
    t.rejected = q.value(7).toString();
    q.prepare(QStringLiteral("SELECT role, content, flaws_json FROM turns WHERE transcript_id = ? ORDER BY idx"));
    q.addBindValue(id);
    if (!q.exec())
        return failure(tr("cannot read the turns of %1").arg(uid), q.lastError().text());
    while (q.next()) {
        t.messages.append({q.value(0).toString(), q.value(1).toString()});
        if (t.messages.last().role == QLatin1String("user")) {
            QStringList flaws;
            for (const QJsonValue &v : QJsonDocument::fromJson(q.value(2).toString().toUtf8()).array())
                flaws.append(v.toString());
            t.flaws.append(flaws);
        }
    }
    return t;
}

Result<QList<TranscriptSummary>> ProjectStore::transcripts() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT t.uid, t.source, t.status, (SELECT COUNT(*) FROM turns WHERE transcript_id = t.id), "
            "(SELECT substr(content, 1, 200) FROM turns WHERE transcript_id = t.id AND role = 'user' ORDER BY idx LIMIT 1) "
            "FROM transcripts t ORDER BY t.id")))
        return failure(tr("cannot list transcripts"), q.lastError().text());
    QList<TranscriptSummary> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(), q.value(4).toString()});
    return out;
}

Status ProjectStore::saveVerdicts(const VerdictRecord &v)
{
    Transaction t(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM transcripts WHERE uid = ?"));
    q.addBindValue(v.transcriptUid);
    if (!q.exec() || !q.next())
        return Diagnostic::error(m_path, 0, 0, tr("no transcript with id %1 for the verdicts of %2").arg(v.transcriptUid, v.judge));
    const qint64 id = q.value(0).toLongLong();
    q.prepare(QStringLiteral("DELETE FROM verdicts WHERE transcript_id = ? AND judge = ?"));
    q.addBindValue(id);
    q.addBindValue(v.judge);
    if (!q.exec())
        return failure(tr("cannot replace verdicts"), q.lastError().text());
    q.prepare(QStringLiteral("INSERT INTO verdicts (transcript_id, judge, criterion, answer, evidence, turn, reasoning, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    const QString now = m_clock().toString(Qt::ISODateWithMs);
    for (const CriterionVerdict &c : v.criteria) {
        for (const QVariant &value : {QVariant(id), QVariant(v.judge), QVariant(c.criterion), QVariant(c.answer),
                                      QVariant(c.evidence), QVariant(c.turn), QVariant(c.reasoning), QVariant(now)})
            q.addBindValue(value);
        if (!q.exec())
            return failure(tr("cannot save the verdict of %1 on %2").arg(v.judge, c.criterion), q.lastError().text());
    }
    if (!t.commit())
        return failure(tr("cannot commit verdicts"), m_db.lastError().text());
    return Done{};
}

Result<QList<VerdictRecord>> ProjectStore::verdicts(const QString &transcriptUid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT v.judge, v.criterion, v.answer, v.evidence, v.turn, v.reasoning FROM verdicts v "
                             "JOIN transcripts t ON t.id = v.transcript_id WHERE t.uid = ? ORDER BY v.judge, v.rowid"));
    q.addBindValue(transcriptUid);
    if (!q.exec())
        return failure(tr("cannot read verdicts of %1").arg(transcriptUid), q.lastError().text());
    QList<VerdictRecord> out;
    while (q.next()) {
        if (out.isEmpty() || out.last().judge != q.value(0).toString())
            out.append({transcriptUid, q.value(0).toString(), {}});
        out.last().criteria.append(
            {q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toInt(), q.value(5).toString()});
    }
    return out;
}

Result<std::optional<CachedReply>> ProjectStore::cachedReply(const QString &requestHash) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT backend, model, text, finish_reason, input_tokens, output_tokens, "
                                           "provider_request_id, cost_micro_usd FROM response_cache WHERE request_hash = ?"));
    q.addBindValue(requestHash);
    if (!q.exec())
        return failure(tr("cannot read the response cache"), q.lastError().text());
    std::optional<CachedReply> hit;
    if (q.next())
        hit = CachedReply{requestHash, q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                          q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toString(), q.value(7).toLongLong()};
    q.finish();
    return hit;
}

Status ProjectStore::saveCachedReply(const CachedReply &r)
{
    QSqlQuery &q = prepared(QStringLiteral("INSERT OR REPLACE INTO response_cache (request_hash, backend, model, text, "
                                           "finish_reason, input_tokens, output_tokens, provider_request_id, cost_micro_usd, "
                                           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(r.requestHash), QVariant(r.backend), QVariant(r.model), QVariant(r.text),
                              QVariant(r.finishReason), QVariant(r.inputTokens), QVariant(r.outputTokens),
                              QVariant(r.providerRequestId), QVariant(r.costMicroUsd),
                              QVariant(m_clock().toString(Qt::ISODateWithMs))})
        q.addBindValue(v);
    if (!q.exec())
        return failure(tr("cannot save a reply in the response cache"), q.lastError().text());
    return Done{};
}

Status ProjectStore::logLlmCall(const LlmCallRecord &c)
{
    QSqlQuery &q = prepared(QStringLiteral("INSERT INTO llm_calls (request_hash, backend, model, purpose, input_tokens, "
                                           "output_tokens, cost_micro_usd, latency_ms, attempts, status, provider_request_id, "
                                           "error, created_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(c.requestHash), QVariant(c.backend), QVariant(c.model), QVariant(c.purpose),
                              QVariant(c.inputTokens), QVariant(c.outputTokens), QVariant(c.costMicroUsd),
                              QVariant(c.latencyMs), QVariant(c.attempts), QVariant(c.status),
                              QVariant(c.providerRequestId), QVariant(c.error),
                              QVariant(m_clock().toString(Qt::ISODateWithMs)), c.runId > 0 ? QVariant(c.runId) : QVariant()})
        q.addBindValue(v);
    if (!q.exec())
        return failure(tr("cannot write the call log"), q.lastError().text());
    return Done{};
}

Status ProjectStore::saveLlmCalls(const QList<LlmCallEntry> &entries)
{
    Transaction t(m_db);
    if (!t.ok())
        return failure(tr("cannot start a transaction"), m_db.lastError().text());
    for (const LlmCallEntry &e : entries) {
        if (e.reply) {
            if (Status s = saveCachedReply(*e.reply); !s)
                return s;
        }
        if (Status s = logLlmCall(e.call); !s)
            return s;
    }
    if (!t.commit())
        return failure(tr("cannot commit replies and their log entries"), m_db.lastError().text());
    return Done{};
}

Result<QList<LlmCallRecord>> ProjectStore::llmCalls() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT request_hash, backend, model, purpose, input_tokens, output_tokens, cost_micro_usd, "
                               "latency_ms, attempts, status, provider_request_id, error, created_at, run_id FROM llm_calls ORDER BY id")))
        return failure(tr("cannot read the call log"), q.lastError().text());
    QList<LlmCallRecord> out;
    while (q.next()) {
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toLongLong(), q.value(7).toLongLong(),
                    q.value(8).toInt(), q.value(9).toString(), q.value(10).toString(), q.value(11).toString(),
                    q.value(12).toString(), q.value(13).toLongLong()});
    }
    return out;
}

} // namespace sift
