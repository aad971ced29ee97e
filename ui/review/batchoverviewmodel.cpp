#include "batchoverviewmodel.h"

#include "verdictgridmodel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonObject>

namespace sift {

BatchOverviewModel::BatchOverviewModel(QObject *parent) : QAbstractTableModel(parent) {}

QString BatchOverviewModel::summary(const QJsonObject &object)
{
    QStringList parts;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it->isString() && !it->toString().isEmpty())
            parts.append(it.key() + QStringLiteral(": ") + it->toString());
        else if (it->isBool() && it->toBool())
            parts.append(it.key());
    }
    return parts.join(QStringLiteral(", "));
}

void BatchOverviewModel::setBatch(const QList<TranscriptReview> *reviews)
{
    beginResetModel();
    m_reviews = reviews;
    m_judges.clear();
    if (reviews) {
        for (const TranscriptReview &r : *reviews) {
            for (const VerdictColumn &c : r.judges) {
                if (!m_judges.contains(c.judge))
                    m_judges.append(c.judge);
            }
        }
    }
    endResetModel();
}

void BatchOverviewModel::transcriptChanged(int row)
{
    if (row >= 0 && row < rowCount())
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

int BatchOverviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_reviews ? 0 : int(m_reviews->size());
}

int BatchOverviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : reviewColumn() + 1;
}

QVariant BatchOverviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == NumberColumn)
        return tr("#");
    if (section == PersonaColumn)
        return tr("Persona");
    if (section == ScenarioColumn)
        return tr("Scenario");
    if (section < FirstJudgeColumn + m_judges.size())
        return m_judges.at(section - FirstJudgeColumn);
    if (section == FirstJudgeColumn + m_judges.size())
        return tr("Combined");
    if (section == resultColumn())
        return tr("Result");
    return tr("Reviewed");
}

QVariant BatchOverviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_reviews || index.row() >= m_reviews->size())
        return {};
    const TranscriptReview &r = m_reviews->at(index.row());
    const int column = index.column();
    if (role == UidRole)
        return r.transcript.uid;
    const bool assessed = !r.judges.isEmpty();
    if (role == PassedRole)
        return assessed && r.aggregated.valid && r.aggregated.score.passed;

    auto scoreText = [](const VerdictColumn *c) -> QString {
        if (!c || !c->assessed)
            return QStringLiteral("\u2014");
        if (!c->valid)
            return tr("invalid");
        return c->score.anyApplicable ? QString::number(c->score.weighted, 'f', 2) : QStringLiteral("\u2014");
    };

    if (role == Qt::DisplayRole) {
        if (column == NumberColumn)
            return QString::number(index.row() + 1);
        if (column == PersonaColumn)
            return summary(r.transcript.persona);
        if (column == ScenarioColumn)
            return summary(r.transcript.scenario);
        if (column < FirstJudgeColumn + m_judges.size())
            return scoreText(r.column(m_judges.at(column - FirstJudgeColumn)));
        if (column == FirstJudgeColumn + m_judges.size())
            return scoreText(assessed ? &r.aggregated : nullptr);
        if (column == resultColumn()) {
            if (!assessed)
                return tr("not assessed");
            if (!r.aggregated.valid)
                return tr("invalid");
            QString text = r.aggregated.score.passed ? tr("PASS") : tr("FAIL");
            if (!r.aggregated.score.gateFailures.isEmpty())
                text += tr(" \u00b7 gate %1").arg(r.aggregated.score.gateFailures.join(QStringLiteral(", ")));
            if (r.notes.rejected)
                text += tr(" \u00b7 rejected by reviewer");
            return text;
        }
        int flagged = 0;
        for (auto it = r.flags.cbegin(); it != r.flags.cend(); ++it)
            flagged += r.flag(it->judge, it->criterion) ? 1 : 0;
        QStringList parts;
        if (flagged)
            parts.append(tr("%n flag(s)", nullptr, flagged));
        if (!r.notes.note.isEmpty() || !r.notes.missingCriterion.isEmpty())
            parts.append(tr("notes"));
        return parts.join(QStringLiteral(", "));
    }
    if (role == Qt::ToolTipRole) {
        if (column == NumberColumn)
            return r.transcript.uid;
        if (column == PersonaColumn)
            return summary(r.transcript.persona);
        if (column == ScenarioColumn)
            return summary(r.transcript.scenario);
        if (column == resultColumn() && r.notes.rejected)
            return tr("Rejected by the reviewer: %1").arg(*r.notes.rejected);
        return {};
    }
    if (role == Qt::BackgroundRole && column == resultColumn() && assessed) {
        const bool passed = r.aggregated.valid && r.aggregated.score.passed;
        return QBrush(!r.aggregated.valid ? QColor(0xe6, 0xd8, 0xf2) : passed ? QColor(0xd8, 0xf0, 0xd8) : QColor(0xf6, 0xd0, 0xd0));
    }
    if (role == Qt::ForegroundRole && column == resultColumn() && assessed)
        return QBrush(Qt::black);
    return {};
}

} // namespace sift
