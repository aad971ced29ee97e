#include "datasetstore.h"

#include "projectstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

#include <memory>

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

namespace {
// The connection's own SQLite handle, when the Qt driver is SQLite's (it always is for a project).
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// The three roles as shared strings, so two million turns do not make two million copies of "user".
QString roleFrom(const unsigned char *text, int bytes)
{
    static const QString System = QStringLiteral("system"), User = QStringLiteral("user"), Assistant = QStringLiteral("assistant");
    const QByteArrayView role(reinterpret_cast<const char *>(text), bytes);
    if (role == QByteArrayView("user"))
        return User;
    if (role == QByteArrayView("assistant"))
        return Assistant;
    if (role == QByteArrayView("system"))
        return System;
    return QString::fromUtf8(role);
}
} // namespace

Status DatasetStore::forEachTranscript(const std::function<bool(qint64)> &wanted, const Visitor &visit) const
{
    // Read straight through SQLite's own interface: the text is UTF-8 in the file and becomes a
    // QString in one conversion, where Qt's driver would go through UTF-16 and a QVariant per value.
    // This is the export's reading thread, and the slowest part of it.
    sqlite3 *db = sqliteHandle(m_db);
    if (!db)
        return failure(tr("cannot read the turns"), tr("the project database is not SQLite"));
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT transcript_id, role, content FROM turns ORDER BY transcript_id, idx", -1, &statement,
                           nullptr) != SQLITE_OK)
        return failure(tr("cannot read the turns"), QString::fromUtf8(sqlite3_errmsg(db)));
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> finalize(statement, sqlite3_finalize);
    qint64 current = -1;
    bool take = false;
    QList<Message> messages;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        const qint64 id = sqlite3_column_int64(statement, 0);
        if (id != current) {
            if (take && !messages.isEmpty() && !visit(current, messages))
                return Done{};
            messages.clear();
            current = id;
            take = wanted(id);
        }
        if (!take)
            continue;
        const unsigned char *role = sqlite3_column_text(statement, 1);
        const int roleBytes = sqlite3_column_bytes(statement, 1);
        const auto *content = reinterpret_cast<const char *>(sqlite3_column_text(statement, 2));
        const int contentBytes = sqlite3_column_bytes(statement, 2);
        messages.append({roleFrom(role, roleBytes), QString::fromUtf8(content, contentBytes)});
    }
    if (step != SQLITE_DONE)
        return failure(tr("cannot read the turns"), QString::fromUtf8(sqlite3_errmsg(db)));
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
