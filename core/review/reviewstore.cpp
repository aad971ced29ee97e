#include "reviewstore.h"

#include "store/projectstore.h"
#include "store/sqlutil_p.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace sift {

using sql::Transaction;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ReviewStore", text);
}

const QString CellKinds = QStringLiteral("('agree', 'false_positive', 'false_negative')");
const QString NoteKind = QStringLiteral("note");
const QString MissingKind = QStringLiteral("missing_criterion");
const QString RejectKind = QStringLiteral("reject");

bool run(QSqlQuery &q, const QVariantList &values)
{
    for (const QVariant &v : values)
        q.addBindValue(v);
    return q.exec();
}
} // namespace

QString flagKindName(FlagKind kind)
{
    switch (kind) {
    case FlagKind::Agree:
        return QStringLiteral("agree");
    case FlagKind::FalsePositive:
        return QStringLiteral("false_positive");
    case FlagKind::FalseNegative:
        return QStringLiteral("false_negative");
    }
    return {};
}

std::optional<FlagKind> flagKindFromName(const QString &name)
{
    for (FlagKind k : {FlagKind::Agree, FlagKind::FalsePositive, FlagKind::FalseNegative}) {
        if (flagKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

ReviewStore::ReviewStore(ProjectStore &store) : m_store(store), m_db(store.database()) {}

Diagnostic ReviewStore::failure(const QString &what, const QString &detail) const
{
    return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, what + QStringLiteral(": ") + detail,
                             tr("check that the disk is not full and no other program holds the file"));
}

Result<qint64> ReviewStore::transcriptId(const QString &uid) const
{
    QSqlQuery &q = m_store.prepared(QStringLiteral("SELECT id FROM transcripts WHERE uid = ?"));
    if (!run(q, {uid}))
        return failure(tr("cannot find transcript %1").arg(uid), q.lastError().text());
    if (!q.next()) {
        q.finish();
        return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, tr("the project has no transcript %1").arg(uid),
                                 tr("it may have been removed; reload the project"));
    }
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

Result<QList<CellFlag>> ReviewStore::flagsWhere(const QString &condition, const QVariantList &values) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t.uid, f.judge, f.criterion, f.kind, f.answer, f.note, f.created_at FROM review_flags f "
                             "JOIN transcripts t ON t.id = f.transcript_id WHERE f.kind IN %1 %2 ORDER BY f.transcript_id, f.id")
                  .arg(CellKinds, condition));
    if (!run(q, values))
        return failure(tr("cannot read review flags"), q.lastError().text());
    QList<CellFlag> out;
    while (q.next()) {
        const auto kind = flagKindFromName(q.value(3).toString());
        if (!kind)
            continue;
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), *kind, q.value(4).toString(),
                    q.value(5).toString(), q.value(6).toString()});
    }
    return out;
}

Result<QList<CellFlag>> ReviewStore::flags(const QString &uid) const
{
    return flagsWhere(QStringLiteral("AND t.uid = ?"), {uid});
}

Result<QList<CellFlag>> ReviewStore::currentFlags() const
{
    return flagsWhere(QStringLiteral("AND (f.judge = ? OR EXISTS (SELECT 1 FROM verdicts v WHERE v.transcript_id = "
                                     "f.transcript_id AND v.judge = f.judge AND v.criterion = f.criterion AND v.answer = f.answer))"),
                      {AggregateJudge});
}

Result<QList<CellFlag>> ReviewStore::allFlags() const
{
    return flagsWhere({}, {});
}

Status ReviewStore::writeFlag(qint64 transcriptId, const CellFlag &flag)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM review_flags WHERE transcript_id = ? AND judge = ? AND criterion = ? AND kind IN %1")
                  .arg(CellKinds));
    if (!run(q, {transcriptId, flag.judge, flag.criterion}))
        return failure(tr("cannot replace the flag"), q.lastError().text());
    q.prepare(QStringLiteral("INSERT INTO review_flags (transcript_id, judge, criterion, kind, answer, note, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!run(q, {transcriptId, flag.judge, flag.criterion, flagKindName(flag.kind), flag.answer,
                 flag.note.isEmpty() ? QVariant() : QVariant(flag.note), m_store.now().toString(Qt::ISODateWithMs)}))
        return failure(tr("cannot save the flag on %1 of %2").arg(flag.criterion, flag.transcriptUid), q.lastError().text());
    return Done{};
}

Status ReviewStore::setFlag(const CellFlag &flag)
{
    return apply({flag}, {});
}

Status ReviewStore::apply(const QList<CellFlag> &flags, const QList<std::pair<QString, TranscriptNotes>> &notes)
{
    Transaction t(m_db);
    if (!t.ok())
        return failure(tr("cannot start a transaction"), m_db.lastError().text());
    for (const CellFlag &f : flags) {
        const auto id = transcriptId(f.transcriptUid);
        if (!id)
            return Status::failure(id.diagnostics());
        if (const Status s = writeFlag(*id, f); !s)
            return s;
    }
    for (const auto &[uid, n] : notes) {
        const auto id = transcriptId(uid);
        if (!id)
            return Status::failure(id.diagnostics());
        if (const Status s = writeNotes(*id, uid, n); !s)
            return s;
    }
    if (!t.commit())
        return failure(tr("cannot commit the review"), m_db.lastError().text());
    return Done{};
}

Status ReviewStore::clearFlag(const QString &uid, const QString &judge, const QString &criterion)
{
    const auto id = transcriptId(uid);
    if (!id)
        return Status::failure(id.diagnostics());
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM review_flags WHERE transcript_id = ? AND judge = ? AND criterion = ? AND kind IN %1")
                  .arg(CellKinds));
    if (!run(q, {*id, judge, criterion}))
        return failure(tr("cannot remove the flag"), q.lastError().text());
    return Done{};
}

Result<QHash<QString, TranscriptNotes>> ReviewStore::notesOf(const QStringList &uids) const
{
    QHash<QString, TranscriptNotes> out;
    QSqlQuery &q = m_store.prepared(QStringLiteral("SELECT f.kind, f.note FROM review_flags f JOIN transcripts t ON t.id = "
                                                   "f.transcript_id WHERE t.uid = ? AND f.judge IS NULL AND f.criterion IS NULL"));
    for (const QString &uid : uids) {
        if (!run(q, {uid}))
            return failure(tr("cannot read the notes on %1").arg(uid), q.lastError().text());
        TranscriptNotes n;
        while (q.next()) {
            const QString kind = q.value(0).toString();
            if (kind == NoteKind)
                n.note = q.value(1).toString();
            else if (kind == MissingKind)
                n.missingCriterion = q.value(1).toString();
            else if (kind == RejectKind)
                n.rejected = q.value(1).toString();
        }
        q.finish();
        out.insert(uid, n);
    }
    return out;
}

Result<TranscriptNotes> ReviewStore::notes(const QString &uid) const
{
    const auto all = notesOf({uid});
    if (!all)
        return Result<TranscriptNotes>::failure(all.diagnostics());
    return all->value(uid);
}

Status ReviewStore::setNotes(const QString &uid, const TranscriptNotes &notes)
{
    return apply({}, {{uid, notes}});
}

Status ReviewStore::writeNotes(qint64 transcriptId, const QString &uid, const TranscriptNotes &notes)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM review_flags WHERE transcript_id = ? AND judge IS NULL AND criterion IS NULL "
                             "AND kind IN ('note', 'missing_criterion', 'reject')"));
    if (!run(q, {transcriptId}))
        return failure(tr("cannot replace the notes on %1").arg(uid), q.lastError().text());
    const QString now = m_store.now().toString(Qt::ISODateWithMs);
    const QList<std::pair<QString, std::optional<QString>>> rows = {
        {NoteKind, notes.note.trimmed().isEmpty() ? std::nullopt : std::optional<QString>(notes.note)},
        {MissingKind, notes.missingCriterion.trimmed().isEmpty() ? std::nullopt : std::optional<QString>(notes.missingCriterion)},
        {RejectKind, notes.rejected}};
    q.prepare(QStringLiteral("INSERT INTO review_flags (transcript_id, kind, note, created_at) VALUES (?, ?, ?, ?)"));
    for (const auto &[kind, text] : rows) {
        if (text && !run(q, {transcriptId, kind, *text, now}))
            return failure(tr("cannot save the notes on %1").arg(uid), q.lastError().text());
    }
    return Done{};
}

Result<QStringList> ReviewStore::notedTranscripts() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT t.uid, t.id FROM review_flags f JOIN transcripts t ON t.id = f.transcript_id "
                               "WHERE f.judge IS NULL AND f.criterion IS NULL AND f.kind IN ('note', 'missing_criterion', 'reject') "
                               "ORDER BY t.id")))
        return failure(tr("cannot list the noted transcripts"), q.lastError().text());
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

} // namespace sift
