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
    m_codes.clear();
    m_descriptions.clear();
    QStringList taken;
    for (const FlawGroup *group : {&personas.primary, &personas.secondary}) {
        for (const FlawPattern &f : group->patterns) {
            QString code;
            for (const QString &word : f.id.split(QLatin1Char('_'), Qt::SkipEmptyParts))
                code += word.left(1).toUpper();
            if (code.isEmpty())
                code = QStringLiteral("?");
            const QString base = code;
            for (int n = 2; taken.contains(code); ++n)
                code = base + QString::number(n);
            taken.append(code);
            m_codes.append({f.id, code});
            m_descriptions.insert(f.id, f.description);
        }
    }
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

QString PersonaPreviewModel::codeOf(const QString &flawId) const
{
    for (const auto &[id, code] : m_codes) {
        if (id == flawId)
            return code;
    }
    return flawId;
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
        QStringList codes;
        for (const QString &flaw : flawsIn(index.row(), column - FirstMessageColumn))
            codes.append(codeOf(flaw));
        return codes.join(QLatin1Char(' '));
    }
    if (role == Qt::ToolTipRole) {
        if (column == PersonaColumn)
            return p.describe();
        if (column < FirstMessageColumn)
            return {};
        QStringList lines{tr("Message %1").arg(column - FirstMessageColumn + 1)};
        for (const QString &flaw : flawsIn(index.row(), column - FirstMessageColumn))
            lines.append(QStringLiteral("%1: %2").arg(flaw, m_descriptions.value(flaw)));
        if (lines.size() == 1)
            lines.append(tr("no flaw shows"));
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::TextAlignmentRole && column >= FirstMessageColumn)
        return int(Qt::AlignCenter);
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
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section >= FirstMessageColumn)
        return tr("The persona's user message %1").arg(section - FirstMessageColumn + 1);
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
        return QString::number(section - FirstMessageColumn + 1);
    }
}

} // namespace sift
