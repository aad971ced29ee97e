#include "reviewbatches.h"

#include "store/projectstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ReviewBatches", text);
}

const char *BatchQuery =
    "SELECT b.id, b.run_id, b.idx, r.kind, b.status, b.signed_off_at, b.prompt_version, COUNT(t.id), "
    "COUNT(t.assessment), TOTAL(t.passed) FROM batches b JOIN runs r ON r.id = b.run_id "
    "LEFT JOIN transcripts t ON t.run_id = b.run_id AND t.batch_id = b.id %1 GROUP BY b.id ORDER BY b.run_id, b.idx";

ReviewBatch batchFrom(const QSqlQuery &q)
{
    ReviewBatch b;
    b.batchId = q.value(0).toLongLong();
    b.runId = q.value(1).toLongLong();
    b.index = q.value(2).toInt();
    b.runKind = q.value(3).toString();
    b.status = q.value(4).toString();
    b.signedOffAt = q.value(5).toString();
    b.promptVersion = q.value(6).toString();
    b.transcripts = q.value(7).toInt();
    b.assessed = q.value(8).toInt();
    b.passed = int(q.value(9).toDouble());
    return b;
}
} // namespace

ReviewBatches::ReviewBatches(ProjectStore &store, int groupSize)
    : m_store(store), m_db(store.database()), m_groupSize(qMax(1, groupSize))
{
}

Diagnostic ReviewBatches::failure(const QString &what, const QString &detail) const
{
    return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, what + QStringLiteral(": ") + detail,
                             tr("check that no other program holds the file"));
}

Result<QList<ReviewBatch>> ReviewBatches::list() const
{
    QList<ReviewBatch> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QString::fromLatin1(BatchQuery).arg(QString())))
        return failure(tr("cannot list batches"), q.lastError().text());
    while (q.next()) {
        // A batch with no transcript yet (a run that stopped as it began) has nothing to review.
        ReviewBatch b = batchFrom(q);
        if (b.transcripts > 0)
            out.append(b);
    }
    q.finish();

    // The ungrouped transcripts: their count, and where each source starts, is all the list needs.
    if (!q.exec(QStringLiteral("SELECT COUNT(*), (SELECT source FROM transcripts WHERE batch_id IS NULL ORDER BY id LIMIT 1) "
                               "FROM transcripts WHERE batch_id IS NULL")) ||
        !q.next())
        return failure(tr("cannot count transcripts"), q.lastError().text());
    const int ungrouped = q.value(0).toInt();
    const QString firstSource = q.value(1).toString();
    q.finish();
    const int groups = (ungrouped + m_groupSize - 1) / m_groupSize;
    for (int g = 0; g < groups; ++g) {
        ReviewBatch b;
        b.index = g;
        b.source = firstSource;
        b.transcripts = qMin(m_groupSize, ungrouped - g * m_groupSize);
        out.append(b);
    }
    return out;
}

Result<QStringList> ReviewBatches::transcripts(const ReviewBatch &batch) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (batch.isRunBatch()) {
        q.prepare(QStringLiteral("SELECT uid FROM transcripts WHERE run_id = ? AND batch_id = ? ORDER BY idx, id"));
        q.addBindValue(batch.runId);
        q.addBindValue(batch.batchId);
    } else {
        q.prepare(QStringLiteral("SELECT uid FROM transcripts WHERE batch_id IS NULL ORDER BY id LIMIT ? OFFSET ?"));
        q.addBindValue(m_groupSize);
        q.addBindValue(qint64(batch.index) * m_groupSize);
    }
    if (!q.exec())
        return failure(tr("cannot list the transcripts of a batch"), q.lastError().text());
    QStringList uids;
    while (q.next())
        uids.append(q.value(0).toString());
    return uids;
}

Result<std::optional<ReviewBatches::Location>> ReviewBatches::locate(const QString &uid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT batch_id, (SELECT COUNT(*) FROM transcripts u WHERE u.batch_id IS NULL AND u.id < t.id) "
                             "FROM transcripts t WHERE uid = ?"));
    q.addBindValue(uid);
    if (!q.exec())
        return failure(tr("cannot find transcript %1").arg(uid), q.lastError().text());
    if (!q.next())
        return std::optional<Location>();
    Location at;
    if (q.value(0).isNull())
        at.group = q.value(1).toInt() / m_groupSize;
    else
        at.batchId = q.value(0).toLongLong();
    return std::optional<Location>(at);
}

Result<ReviewBatch> ReviewBatches::refreshed(const ReviewBatch &batch) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (batch.isRunBatch()) {
        q.prepare(QString::fromLatin1(BatchQuery).arg(QStringLiteral("WHERE b.id = ?")));
        q.addBindValue(batch.batchId);
        if (!q.exec() || !q.next())
            return failure(tr("cannot read batch %1").arg(batch.index + 1), q.lastError().text());
        return batchFrom(q);
    }
    q.prepare(QStringLiteral("SELECT COUNT(*), COUNT(assessment), TOTAL(passed), MIN(source) FROM (SELECT assessment, passed, "
                             "source FROM transcripts WHERE batch_id IS NULL ORDER BY id LIMIT ? OFFSET ?)"));
    q.addBindValue(m_groupSize);
    q.addBindValue(qint64(batch.index) * m_groupSize);
    if (!q.exec() || !q.next())
        return failure(tr("cannot read the transcripts of a group"), q.lastError().text());
    ReviewBatch b = batch;
    b.transcripts = q.value(0).toInt();
    b.assessed = q.value(1).toInt();
    b.passed = int(q.value(2).toDouble());
    b.source = q.value(3).toString();
    return b;
}

} // namespace sift
