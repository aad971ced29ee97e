#pragma once

// Small helpers every part of the store uses: JSON columns and all-or-nothing transactions.

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace sift::sql {

inline QString toJsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QJsonObject fromJsonText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// Rolls back unless committed, so every early return leaves the database as it was.
//
// BEGIN IMMEDIATE takes the write lock up front, waiting out other writers (the busy timeout).
// A plain BEGIN would read first and fail at once with "database is locked" when it then wants to
// write while another connection (the LLM layer's, say) has written in between.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase &db) : m_db(db), m_open(QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"))) {}
    ~Transaction()
    {
        if (m_open)
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    bool ok() const { return m_open; }
    bool commit()
    {
        if (m_open && QSqlQuery(m_db).exec(QStringLiteral("COMMIT")))
            m_open = false;
        return !m_open;
    }

private:
    QSqlDatabase &m_db;
    bool m_open;
};

} // namespace sift::sql
