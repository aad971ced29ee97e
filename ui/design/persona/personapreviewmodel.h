#pragma once

#include "generate/sampler.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sift {

// Sampled personas and, for a conversation of a few user messages, which of their flaws fire in
// which message: what the persona preview shows. Everything is a function of the seed, so the same
// seed always shows the same personas and the same flaws.
class PersonaPreviewModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PersonaColumn,
        PrimaryColumn,
        SecondaryColumn,
        FirstMessageColumn
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setPreview(const PersonaTemplate &personas, quint64 seed, int personaCount, int messageCount);
    const QList<Persona> &personas() const { return m_personas; }
    // The flaws that fire in persona `row`'s message `message` (0-based).
    QStringList flawsIn(int row, int message) const;
    // Short codes for the flaws (vague -> V, wrong_terminology -> WT), so ten message columns fit
    // beside the personas; the cells show codes, their tooltips the flaws' ids and descriptions.
    const QList<QPair<QString, QString>> &flawCodes() const { return m_codes; }
    QString codeOf(const QString &flawId) const;
    int messageCount() const { return m_messages; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Persona> m_personas;
    QList<QList<QStringList>> m_flaws;      // [persona][message]
    QList<QPair<QString, QString>> m_codes; // flaw id -> code, in the template's order
    QHash<QString, QString> m_descriptions;
    int m_messages = 0;
};

} // namespace sift
