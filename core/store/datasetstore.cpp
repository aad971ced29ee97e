#include "datasetstore.h"

#include "projectstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::DatasetStore", text);
}

// A persona is identified by its attributes, whatever order or spacing its JSON was written in
// (QJsonObject sorts its keys). Anything that is not a non-empty object means: no persona.
QString canonicalPersona(const QString &json)
{
    if (json.isEmpty())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    if (!doc.isObject() || doc.object().isEmpty())
        return {};
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}
} // namespace

DatasetStore::DatasetStore(ProjectStore &store) : m_store(store), m_db(store.database()) {}

Diagnostic DatasetStore::failure(const QString &what, const QString &detail) const
{
    return Diagnostic::error(QStringLiteral("sift.db"), 0, 0, what + QStringLiteral(": ") + detail,
                             tr("check that the project database is readable and not damaged"));
}

Result<QList<DatasetTranscript>> DatasetStore::transcripts() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT t.id, t.uid, t.source, t.status, t.assessment, t.passed, t.truncated_at, t.rejected, "
            "t.persona_json, t.prompt_version, EXISTS (SELECT 1 FROM review_flags f WHERE f.transcript_id = t.id "
            "AND f.kind = 'reject' AND f.judge IS NULL AND f.criterion IS NULL) FROM transcripts t ORDER BY t.id")))
        return failure(tr("cannot list transcripts"), q.lastError().text());
    QList<DatasetTranscript> out;
    while (q.next()) {
        DatasetTranscript t;
        t.id = q.value(0).toLongLong();
        t.uid = q.value(1).toString();
        t.source = q.value(2).toString();
        t.status = q.value(3).toString();
        t.assessment = q.value(4).toString();
        t.passed = q.value(5).isNull() ? -1 : (q.value(5).toInt() ? 1 : 0);
        t.truncatedAt = q.value(6).isNull() ? -1 : qMax(0, q.value(6).toInt());
        t.rejected = q.value(7).toString();
        t.persona = canonicalPersona(q.value(8).toString());
        t.promptVersion = q.value(9).toString();
        t.humanRejected = q.value(10).toInt() != 0;
        out.append(std::move(t));
    }
    return out;
}

Status DatasetStore::forEachTranscript(const std::function<bool(qint64)> &wanted, const Visitor &visit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT transcript_id, role, content FROM turns ORDER BY transcript_id, idx")))
        return failure(tr("cannot read the turns"), q.lastError().text());
    qint64 current = -1;
    bool take = false;
    QList<Message> messages;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (id != current) {
            if (take && !messages.isEmpty() && !visit(current, messages))
                return Done{};
            messages.clear();
            current = id;
            take = wanted(id);
        }
        if (take)
            messages.append({q.value(1).toString(), q.value(2).toString()});
    }
    if (q.lastError().isValid())
        return failure(tr("cannot read the turns"), q.lastError().text());
    if (take && !messages.isEmpty())
        visit(current, messages);
    return Done{};
}

Result<QList<Message>> DatasetStore::messages(qint64 transcriptId) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT role, content FROM turns WHERE transcript_id = ? ORDER BY idx"));
    q.addBindValue(transcriptId);
    if (!q.exec())
        return failure(tr("cannot read a transcript's turns"), q.lastError().text());
    QList<Message> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString()});
    return out;
}

Result<QList<DatasetFixup>> DatasetStore::acceptedFixups() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT transcript_id, turn, before, after FROM fixups WHERE status = 'accepted' "
                               "ORDER BY transcript_id, turn, id")))
        return failure(tr("cannot read the fixups"), q.lastError().text());
    QList<DatasetFixup> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toInt(), q.value(2).toString(), q.value(3).toString()});
    return out;
}

} // namespace sift
