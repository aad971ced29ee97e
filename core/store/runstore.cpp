#include "runstore.h"

#include "projectstore.h"
#include "sqlutil_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace sift {

using sql::fromJsonText;
using sql::toJsonText;
using sql::Transaction;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::RunStore", text);
}

bool bind(QSqlQuery &q, std::initializer_list<QVariant> values)
{
    for (const QVariant &v : values)
        q.addBindValue(v);
    return q.exec();
}

RunRecord runFrom(const QSqlQuery &q)
{
    RunRecord r;
    r.id = q.value(0).toLongLong();
    r.kind = q.value(1).toString();
    r.status = q.value(2).toString();
    r.designHash = q.value(3).toString();
    r.promptVersion = q.value(4).toString();
    r.seed = q.value(5).toLongLong();
    r.config = fromJsonText(q.value(6).toString());
    r.createdAt = q.value(7).toString();
    r.finishedAt = q.value(8).toString();
    return r;
}

const char *RunColumns = "id, kind, status, design_hash, prompt_version, seed, config_json, created_at, finished_at";
} // namespace

RunStore::RunStore(ProjectStore &store) : m_store(store), m_db(store.database()) {}

Diagnostic RunStore::failure(const QString &what, const QString &detail) const
{
    return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, what + QStringLiteral(": ") + detail,
                             tr("check that the disk is not full and no other program holds the file"));
}

QString RunStore::now() const
{
    return m_store.now().toString(Qt::ISODateWithMs);
}

Result<qint64> RunStore::createRun(const RunRecord &run)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO runs (kind, status, design_hash, prompt_version, seed, config_json, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!bind(q, {run.kind, run.status, run.designHash, run.promptVersion, run.seed, toJsonText(run.config), now()}))
        return failure(tr("cannot record the run"), q.lastError().text());
    return q.lastInsertId().toLongLong();
}

Status RunStore::setRunStatus(qint64 runId, const QString &status)
{
    QSqlQuery q(m_db);
    const bool finished = status == QLatin1String("completed") || status == QLatin1String("failed");
    q.prepare(QStringLiteral("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?"));
    if (!bind(q, {status, finished ? QVariant(now()) : QVariant(), runId}))
        return failure(tr("cannot update run %1").arg(runId), q.lastError().text());
    return Done{};
}

Result<RunRecord> RunStore::run(qint64 runId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(RunColumns)));
    if (!bind(q, {runId}))
        return failure(tr("cannot read run %1").arg(runId), q.lastError().text());
    if (!q.next())
        return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, tr("there is no run %1").arg(runId));
    return runFrom(q);
}

Result<QList<RunRecord>> RunStore::runs() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM runs ORDER BY id").arg(QLatin1String(RunColumns))))
        return failure(tr("cannot list runs"), q.lastError().text());
    QList<RunRecord> out;
    while (q.next())
        out.append(runFrom(q));
    return out;
}

Result<std::optional<RunRecord>> RunStore::lastUnfinishedRun() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM runs WHERE status NOT IN ('completed', 'failed') ORDER BY id DESC LIMIT 1")
                    .arg(QLatin1String(RunColumns))))
        return failure(tr("cannot list runs"), q.lastError().text());
    if (!q.next())
        return std::optional<RunRecord>();
    return std::optional<RunRecord>(runFrom(q));
}

Result<BatchRecord> RunStore::batch(qint64 runId, int index, const QString &promptVersion)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO batches (run_id, idx, status, prompt_version) VALUES (?, ?, 'new', ?)"));
    if (!bind(q, {runId, index, promptVersion}))
        return failure(tr("cannot create batch %1").arg(index + 1), q.lastError().text());
    q.prepare(QStringLiteral("SELECT id, status, signed_off_at, prompt_version FROM batches WHERE run_id = ? AND idx = ?"));
    if (!bind(q, {runId, index}) || !q.next())
        return failure(tr("cannot read batch %1").arg(index + 1), q.lastError().text());
    return BatchRecord{q.value(0).toLongLong(), runId, index, q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
}

Result<QList<BatchRecord>> RunStore::batches(qint64 runId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, idx, status, signed_off_at, prompt_version FROM batches WHERE run_id = ? ORDER BY idx"));
    if (!bind(q, {runId}))
        return failure(tr("cannot list batches"), q.lastError().text());
    QList<BatchRecord> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), runId, q.value(1).toInt(), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toString()});
    return out;
}

Status RunStore::setBatchStatus(qint64 batchId, const QString &status)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE batches SET status = ? WHERE id = ?"));
    if (!bind(q, {status, batchId}))
        return failure(tr("cannot update a batch"), q.lastError().text());
    return Done{};
}

Status RunStore::signOffBatch(qint64 batchId, const QString &when)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE batches SET signed_off_at = ? WHERE id = ?"));
    if (!bind(q, {when.isEmpty() ? QVariant() : QVariant(when), batchId}))
        return failure(tr("cannot sign off a batch"), q.lastError().text());
    return Done{};
}

Status RunStore::createTranscript(const TranscriptRecord &t, qint64 runId, qint64 batchId, int index, int targetTurns,
                                  const QString &promptVersion)
{
    // The shell and its first turns (the system prompt) land together: a transcript is never left
    // without the turn 0 that a resumed conversation would no longer ask for.
    Transaction transaction(m_db);
    if (!transaction.ok())
        return failure(tr("cannot create transcript %1").arg(t.uid), m_db.lastError().text());
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO transcripts (uid, run_id, batch_id, source, status, seed, persona_json, "
                             "scenario_json, metadata_json, created_at, idx, target_turns, prompt_version) "
                             "VALUES (?, ?, ?, 'generated', 'generating', ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariant seed = t.metadata.contains(QStringLiteral("seed")) ? QVariant(t.metadata.value(QStringLiteral("seed")).toInteger())
                                                                      : QVariant();
    if (!bind(q, {t.uid, runId, batchId, seed, toJsonText(t.persona), toJsonText(t.scenario), toJsonText(t.metadata), now(),
                  index, targetTurns, promptVersion}))
        return failure(tr("cannot create transcript %1").arg(t.uid), q.lastError().text());
    if (q.numRowsAffected() == 1) {
        const qint64 id = q.lastInsertId().toLongLong();
        int users = 0;
        for (int i = 0; i < t.messages.size(); ++i) {
            const bool user = t.messages[i].role == QLatin1String("user");
            if (Status s = insertTurn(id, t.uid, i, t.messages[i], user ? t.flaws.value(users++) : QStringList()); !s)
                return s;
        }
    }
    if (!transaction.commit())
        return failure(tr("cannot create transcript %1").arg(t.uid), m_db.lastError().text());
    return Done{};
}

Result<qint64> RunStore::transcriptId(const QString &uid) const
{
    QSqlQuery &q = m_store.prepared(QStringLiteral("SELECT id FROM transcripts WHERE uid = ?"));
    if (!bind(q, {uid}))
        return failure(tr("cannot read transcript %1").arg(uid), q.lastError().text());
    const bool found = q.next();
    const qint64 id = found ? q.value(0).toLongLong() : 0;
    q.finish();
    if (!found)
        return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, tr("no transcript with id %1").arg(uid));
    return id;
}

Status RunStore::insertTurn(qint64 id, const QString &uid, int index, const Message &message, const QStringList &flaws)
{
    const QVariant flawsJson =
        message.role == QLatin1String("user")
            ? QVariant(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(flaws)).toJson(QJsonDocument::Compact)))
            : QVariant();
    QSqlQuery &insert =
        m_store.prepared(QStringLiteral("INSERT INTO turns (transcript_id, idx, role, content, flaws_json) VALUES (?, ?, ?, ?, ?)"));
    if (!bind(insert, {id, index, message.role, message.content, flawsJson}))
        return failure(tr("cannot save turn %1 of %2").arg(index).arg(uid), insert.lastError().text());
    return Done{};
}

Status RunStore::appendTurn(const QString &uid, int index, const Message &message, const QStringList &flaws,
                            const QString &status)
{
    const auto id = transcriptId(uid);
    if (!id)
        return Status::failure(id.diagnostics());
    Transaction t(m_db);
    QSqlQuery &existing = m_store.prepared(QStringLiteral("SELECT role, content FROM turns WHERE transcript_id = ? AND idx = ?"));
    if (!bind(existing, {*id, index}))
        return failure(tr("cannot read turn %1 of %2").arg(index).arg(uid), existing.lastError().text());
    if (existing.next()) {
        const bool same = existing.value(0).toString() == message.role && existing.value(1).toString() == message.content;
        existing.finish();
        if (same)
            return Done{};  // already written by the run that was interrupted
        return Diagnostic::error(QStringLiteral("sift.db"), 0, 0,
                                 tr("turn %1 of %2 is already stored with different content").arg(index).arg(uid),
                                 tr("the run's settings or prompts changed since it started; start a new run"));
    }
    existing.finish();
    if (Status s = insertTurn(*id, uid, index, message, flaws); !s)
        return s;
    if (!status.isEmpty()) {
        QSqlQuery &update = m_store.prepared(QStringLiteral("UPDATE transcripts SET status = ? WHERE id = ?"));
        if (!bind(update, {status, *id}))
            return failure(tr("cannot update transcript %1").arg(uid), update.lastError().text());
    }
    if (!t.commit())
        return failure(tr("cannot commit turn %1 of %2").arg(index).arg(uid), m_db.lastError().text());
    return Done{};
}

Status RunStore::setTranscriptStatus(const QString &uid, const QString &status)
{
    QSqlQuery &q = m_store.prepared(QStringLiteral("UPDATE transcripts SET status = ? WHERE uid = ?"));
    if (!bind(q, {status, uid}))
        return failure(tr("cannot update transcript %1").arg(uid), q.lastError().text());
    return Done{};
}

Result<QList<RunTranscript>> RunStore::transcriptsWhere(const QString &condition, qint64 id) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT t.uid, t.batch_id, b.idx, t.idx, t.status, (SELECT COUNT(*) FROM turns WHERE transcript_id = t.id), "
                  "t.target_turns, t.assessment, t.score, t.passed, t.gate_failed FROM transcripts t "
                  "LEFT JOIN batches b ON b.id = t.batch_id WHERE %1 ORDER BY t.idx")
                  .arg(condition));
    if (!bind(q, {id}))
        return failure(tr("cannot list transcripts"), q.lastError().text());
    QList<RunTranscript> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toInt(), q.value(3).toInt(), q.value(4).toString(),
                    q.value(5).toInt(), q.value(6).toInt(), q.value(7).toString(), q.value(8).toDouble(), q.value(9).toBool(),
                    q.value(10).toBool()});
    return out;
}

Result<QList<RunTranscript>> RunStore::runTranscripts(qint64 runId) const
{
    return transcriptsWhere(QStringLiteral("t.run_id = ?"), runId);
}

Result<QList<RunTranscript>> RunStore::batchTranscripts(qint64 batchId) const
{
    return transcriptsWhere(QStringLiteral("t.batch_id = ?"), batchId);
}

Result<QList<TranscriptPlacement>> RunStore::placements() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT t.uid, t.source, t.status, t.run_id, b.idx, t.prompt_version, t.assessment, t.score, t.passed, "
                               "t.gate_failed, t.rejected, EXISTS (SELECT 1 FROM review_flags f WHERE f.transcript_id = t.id "
                               "AND f.kind = 'reject' AND f.judge IS NULL AND f.criterion IS NULL) "
                               "FROM transcripts t LEFT JOIN batches b ON b.id = t.batch_id ORDER BY t.id")))
        return failure(tr("cannot list transcripts"), q.lastError().text());
    QList<TranscriptPlacement> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toLongLong(),
                    q.value(4).isNull() ? -1 : q.value(4).toInt(), q.value(5).toString(), q.value(6).toString(),
                    q.value(7).toDouble(), q.value(8).toBool(), q.value(9).toBool(), q.value(10).toString(), q.value(11).toBool()});
    return out;
}

Result<int> RunStore::generatedCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated'")) || !q.next())
        return failure(tr("cannot count transcripts"), q.lastError().text());
    return q.value(0).toInt();
}

Result<bool> RunStore::hasSignedOffBatch(const QString &promptVersion, double rate) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(t.id), SUM(t.passed) FROM batches b JOIN transcripts t ON t.batch_id = b.id "
                             "WHERE b.prompt_version = ? AND b.status = 'done' AND b.signed_off_at IS NOT NULL GROUP BY b.id"));
    if (!bind(q, {promptVersion}))
        return failure(tr("cannot read batches"), q.lastError().text());
    while (q.next()) {
        const int total = q.value(0).toInt();
        if (total > 0 && double(q.value(1).toInt()) / total >= rate - 1e-12)
            return true;
    }
    return false;
}

Result<RunCallTotals> RunStore::callTotals(qint64 runId) const
{
    // A call leaves one row when it ends (ok, cached, failed, exhausted; cancelled ones are not
    // counted), and before that one row per reply that did not validate and was asked for again
    // (invalid_reply); a call that never got a valid reply ends with its last invalid_reply row.
    // Tokens and cost are those of every row but the cache hits: everything that was paid for.
    RunCallTotals totals;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COALESCE(SUM(status IN ('ok', 'cached', 'failed', 'exhausted')), 0), "
                             "COALESCE(SUM(status = 'cached'), 0), "
                             "COALESCE(SUM(CASE WHEN status IN ('ok', 'failed', 'exhausted') THEN MAX(attempts - 1, 0) ELSE 0 END), 0), "
                             "COALESCE(SUM(CASE WHEN status <> 'cached' THEN input_tokens ELSE 0 END), 0), "
                             "COALESCE(SUM(CASE WHEN status <> 'cached' THEN output_tokens ELSE 0 END), 0), "
                             "COALESCE(SUM(CASE WHEN status <> 'cached' THEN cost_micro_usd ELSE 0 END), 0) "
                             "FROM llm_calls WHERE run_id = ?"));
    if (!bind(q, {runId}) || !q.next())
        return failure(tr("cannot read the calls of run %1").arg(runId), q.lastError().text());
    totals.requests = q.value(0).toLongLong();
    totals.cacheHits = q.value(1).toLongLong();
    totals.retries = q.value(2).toLongLong();
    totals.inputTokens = q.value(3).toLongLong();
    totals.outputTokens = q.value(4).toLongLong();
    totals.costMicroUsd = q.value(5).toLongLong();
    // Calls that ended without a valid reply: their requests never got an ok row in this run.
    q.prepare(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(MAX(a - 1, 0)), 0) FROM (SELECT MAX(attempts) AS a FROM llm_calls i "
                             "WHERE run_id = ? AND status = 'invalid_reply' AND NOT EXISTS (SELECT 1 FROM llm_calls o WHERE "
                             "o.run_id = i.run_id AND o.request_hash = i.request_hash AND o.status = 'ok') GROUP BY request_hash)"));
    if (!bind(q, {runId}) || !q.next())
        return failure(tr("cannot read the calls of run %1").arg(runId), q.lastError().text());
    totals.requests += q.value(0).toLongLong();
    totals.retries += q.value(1).toLongLong();
    return totals;
}

Status RunStore::saveAssessment(const AssessmentRecord &a)
{
    const auto id = transcriptId(a.transcriptUid);
    if (!id)
        return Status::failure(id.diagnostics());
    Transaction t(m_db);
    QSqlQuery &remove = m_store.prepared(QStringLiteral("DELETE FROM verdicts WHERE transcript_id = ? AND judge = ?"));
    if (!bind(remove, {*id, a.judge}))
        return failure(tr("cannot replace the verdicts of %1").arg(a.judge), remove.lastError().text());
    const QString created = now();
    QSqlQuery &insert = m_store.prepared(QStringLiteral("INSERT INTO verdicts (transcript_id, judge, criterion, answer, evidence, "
                                                        "turn, reasoning, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const CriterionVerdict &c : a.criteria) {
        if (!bind(insert, {*id, a.judge, c.criterion, c.answer, c.evidence, c.turn, c.reasoning, created}))
            return failure(tr("cannot save the verdict of %1 on %2").arg(a.judge, c.criterion), insert.lastError().text());
    }
    QSqlQuery &upsert = m_store.prepared(QStringLiteral("INSERT OR REPLACE INTO assessments (transcript_id, judge, status, error, "
                                                        "score, passed, gate_failed, prompt_version, created_at) "
                                                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!bind(upsert, {*id, a.judge, a.valid ? QStringLiteral("valid") : QStringLiteral("invalid"), a.error,
                       a.valid ? QVariant(a.score) : QVariant(), a.valid ? QVariant(a.passed) : QVariant(),
                       a.valid ? QVariant(a.gateFailed) : QVariant(), a.promptVersion, created}))
        return failure(tr("cannot save the assessment of %1").arg(a.judge), upsert.lastError().text());
    if (!t.commit())
        return failure(tr("cannot commit the assessment of %1").arg(a.judge), m_db.lastError().text());
    return Done{};
}

Result<QList<AssessmentRecord>> RunStore::assessments(const QString &uid, Imported imported) const
{
    const auto id = transcriptId(uid);
    if (!id)
        return Result<QList<AssessmentRecord>>::failure(id.diagnostics());
    QSqlQuery &q = m_store.prepared(QStringLiteral("SELECT judge, status, error, score, passed, gate_failed, prompt_version "
                                                   "FROM assessments WHERE transcript_id = ? ORDER BY judge"));
    if (!bind(q, {*id}))
        return failure(tr("cannot read the assessments of %1").arg(uid), q.lastError().text());
    QList<AssessmentRecord> out;
    while (q.next()) {
        AssessmentRecord a;
        a.transcriptUid = uid;
        a.judge = q.value(0).toString();
        a.valid = q.value(1).toString() == QLatin1String("valid");
        a.error = q.value(2).toString();
        a.score = q.value(3).toDouble();
        a.passed = q.value(4).toBool();
        a.gateFailed = q.value(5).toBool();
        a.promptVersion = q.value(6).toString();
        out.append(a);
    }
    q.finish();
    const auto verdicts = m_store.verdicts(uid);
    if (!verdicts)
        return Result<QList<AssessmentRecord>>::failure(verdicts.diagnostics());
    for (const VerdictRecord &v : *verdicts) {
        const auto it = std::find_if(out.begin(), out.end(), [&](const AssessmentRecord &a) { return a.judge == v.judge; });
        if (it != out.end()) {
            it->criteria = v.criteria;
        } else if (imported == Imported::Include) {
            AssessmentRecord a;
            a.transcriptUid = uid;
            a.judge = v.judge;
            a.valid = true;
            a.criteria = v.criteria;
            out.append(a);
        }
    }
    return out;
}

Status RunStore::saveOutcome(const QString &uid, const QString &assessment, double score, bool passed, bool gateFailed)
{
    QSqlQuery &q = m_store.prepared(QStringLiteral("UPDATE transcripts SET assessment = ?, score = ?, passed = ?, "
                                                   "gate_failed = ?, status = 'assessed' WHERE uid = ?"));
    if (!bind(q, {assessment, score, passed, gateFailed, uid}))
        return failure(tr("cannot save the outcome of %1").arg(uid), q.lastError().text());
    return Done{};
}

Result<qint64> RunStore::addFixup(const FixupRecord &f)
{
    const auto id = transcriptId(f.transcriptUid);
    if (!id)
        return Result<qint64>::failure(id.diagnostics());
    Transaction t(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO fixups (transcript_id, turn, before, after, failed_criteria, status, entailment, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!bind(q, {*id, f.turn, f.before, f.after, f.failedCriteria, f.status, f.entailment, now()}))
        return failure(tr("cannot save a repair of %1").arg(f.transcriptUid), q.lastError().text());
    const qint64 fixupId = q.lastInsertId().toLongLong();
    q.prepare(QStringLiteral("UPDATE transcripts SET status = 'fixing' WHERE id = ?"));
    if (!bind(q, {*id}) || !t.commit())
        return failure(tr("cannot save a repair of %1").arg(f.transcriptUid), q.lastError().text());
    return fixupId;
}

Result<QList<FixupRecord>> RunStore::fixups(const QString &uid) const
{
    const auto id = transcriptId(uid);
    if (!id)
        return Result<QList<FixupRecord>>::failure(id.diagnostics());
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, turn, before, after, failed_criteria, status, entailment FROM fixups "
                             "WHERE transcript_id = ? ORDER BY id"));
    if (!bind(q, {*id}))
        return failure(tr("cannot read the repairs of %1").arg(uid), q.lastError().text());
    QList<FixupRecord> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), uid, q.value(1).toInt(), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toString(), q.value(5).toString(), q.value(6).toString()});
    return out;
}

Result<std::optional<FixupRecord>> RunStore::pendingFixup(const QString &uid) const
{
    const auto all = fixups(uid);
    if (!all)
        return Result<std::optional<FixupRecord>>::failure(all.diagnostics());
    for (const FixupRecord &f : *all) {
        if (f.status == QLatin1String("pending"))
            return std::optional<FixupRecord>(f);
    }
    return std::optional<FixupRecord>();
}

Result<int> RunStore::fixupRounds(const QString &uid) const
{
    const auto all = fixups(uid);
    if (!all)
        return Result<int>::failure(all.diagnostics());
    int rounds = 0;
    for (const FixupRecord &f : *all)
        rounds += f.status != QLatin1String("pending") ? 1 : 0;
    return rounds;
}

Status RunStore::resolveFixup(const FixupRecord &f, bool accepted, const QString &entailment, int cutAt)
{
    const auto id = transcriptId(f.transcriptUid);
    if (!id)
        return Status::failure(id.diagnostics());
    Transaction t(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE fixups SET status = ?, entailment = ? WHERE id = ?"));
    if (!bind(q, {accepted ? QStringLiteral("accepted") : QStringLiteral("refused"), entailment, f.id}))
        return failure(tr("cannot record the repair of %1").arg(f.transcriptUid), q.lastError().text());
    if (accepted) {
        q.prepare(QStringLiteral("UPDATE turns SET content = ? WHERE transcript_id = ? AND idx = ? AND role = 'assistant'"));
        if (!bind(q, {f.after, *id, f.turn}) || q.numRowsAffected() != 1)
            return failure(tr("cannot apply the repair of turn %1 of %2").arg(f.turn).arg(f.transcriptUid), q.lastError().text());
        q.prepare(QStringLiteral("UPDATE transcripts SET status = 'generated' WHERE id = ?"));
        if (!bind(q, {*id}))
            return failure(tr("cannot record the repair of %1").arg(f.transcriptUid), q.lastError().text());
    } else {
        q.prepare(QStringLiteral("UPDATE transcripts SET truncated_at = ?, status = 'generated' WHERE id = ?"));
        if (!bind(q, {cutAt, *id}))
            return failure(tr("cannot cut %1").arg(f.transcriptUid), q.lastError().text());
    }
    if (!t.commit())
        return failure(tr("cannot record the repair of %1").arg(f.transcriptUid), m_db.lastError().text());
    return Done{};
}

Status RunStore::truncateTranscript(const QString &uid, int at)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE transcripts SET truncated_at = ?, status = 'generated' WHERE uid = ?"));
    if (!bind(q, {at, uid}))
        return failure(tr("cannot cut %1").arg(uid), q.lastError().text());
    return Done{};
}

Status RunStore::rejectTranscript(const QString &uid, const QString &reason)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE transcripts SET rejected = ?, status = 'assessed' WHERE uid = ?"));
    if (!bind(q, {reason, uid}))
        return failure(tr("cannot reject %1").arg(uid), q.lastError().text());
    return Done{};
}

} // namespace sift
