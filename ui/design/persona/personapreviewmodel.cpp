#include "personapreviewmodel.h"

#include <QColor>

namespace sift {

void PersonaPreviewModel::setPreview(const PersonaTemplate &personas, quint64 seed, int personaCount,
                                     int messageCount)
{
    beginResetModel();
    const PersonaSampler sampler(personas, seed);
    m_personas.clear();
    m_flaws.clear();
    m_messages = messageCount;
    for (int i = 0; i < personaCount; ++i) {
        const Persona p = sampler.sample(i);
        QList<QStringList> perMessage;
        for (int m = 0; m < messageCount; ++m)
            perMessage.append(sampler.flawsFor(p, i, m));
        m_personas.append(p);
        m_flaws.append(perMessage);
    }
    endResetModel();
}

QStringList PersonaPreviewModel::flawsIn(int row, int message) const
{
    return m_flaws.value(row).value(message);
}

int PersonaPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_personas.size());
}

int PersonaPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstMessageColumn + m_messages;
}

QVariant PersonaPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_personas.size())
        return {};
    const Persona &p = m_personas[index.row()];
    const int column = index.column();
    if (role == Qt::DisplayRole) {
        if (column == PersonaColumn) {
            QStringList values;
            for (const auto &[dimension, option] : p.attributes)
                values.append(option);
            return values.join(QStringLiteral(", "));
        }
        if (column == PrimaryColumn)
            return p.flawless() ? tr("none: writes clearly") : p.primaryFlaw;
        if (column == SecondaryColumn)
            return p.secondaryFlaws.join(QStringLiteral(", "));
        return flawsIn(index.row(), column - FirstMessageColumn).join(QStringLiteral(", "));
    }
    if (role == Qt::ToolTipRole)
        return column == PersonaColumn ? p.describe() : QVariant();
    if (role == Qt::BackgroundRole && column >= FirstMessageColumn) {
        const QStringList fired = flawsIn(index.row(), column - FirstMessageColumn);
        if (fired.contains(p.primaryFlaw) && !p.primaryFlaw.isEmpty())
            return QColor(0xfd, 0xdc, 0xc4); // the primary flaw shows
        if (!fired.isEmpty())
            return QColor(0xfd, 0xf0, 0xc4); // only secondary flaws show
    }
    if (role == Qt::ForegroundRole && column == PrimaryColumn && p.flawless())
        return QColor(0x1e, 0x7b, 0x3c);
    return {};
}

QVariant PersonaPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case PersonaColumn:
        return tr("Persona");
    case PrimaryColumn:
        return tr("Primary flaw");
    case SecondaryColumn:
        return tr("Secondary flaws");
    default:
        return tr("Msg %1").arg(section - FirstMessageColumn + 1);
    }
}

} // namespace sift
