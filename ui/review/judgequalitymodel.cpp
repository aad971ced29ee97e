#include "judgequalitymodel.h"

#include "verdictgridmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace sift {

JudgeQualityModel::JudgeQualityModel(QObject *parent) : QAbstractItemModel(parent) {}

void JudgeQualityModel::setReport(const JudgeQualityReport &report)
{
    beginResetModel();
    m_report = report;
    m_children.clear();
    for (const JudgeQuality &j : std::as_const(m_report.judges)) {
        QList<int> rows;
        for (int i = 0; i < m_report.criteria.size(); ++i) {
            if (m_report.criteria[i].judge == j.judge)
                rows.append(i);
        }
        m_children.append(rows);
    }
    endResetModel();
}

const JudgeQuality &JudgeQualityModel::row(const QModelIndex &index) const
{
    if (index.internalId() == TopLevel)
        return m_report.judges.at(index.row());
    return m_report.criteria.at(m_children.at(int(index.internalId())).at(index.row()));
}

QModelIndex JudgeQualityModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row()) : TopLevel);
}

QModelIndex JudgeQualityModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, TopLevel);
}

int JudgeQualityModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_report.judges.size());
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    return int(m_children.at(parent.row()).size());
}

int JudgeQualityModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant JudgeQualityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Judge / criterion");
        case FlagsColumn:
            return tr("Flags");
        case AgreementColumn:
            return tr("Agreement");
        case IntervalColumn:
            return tr("95% interval");
        case KappaColumn:
            return tr("Cohen's \u03ba");
        case BaselineColumn:
            return tr("Always-same");
        case FalsePositiveColumn:
            return tr("FP");
        case FalseNegativeColumn:
            return tr("FN");
        case WarningColumn:
            return tr("Warning");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case AgreementColumn:
            return tr("Share of the reviewed answers the reviewer agreed with");
        case KappaColumn:
            return tr("Agreement with the reviewer corrected for chance (1: perfect, 0: no better than chance)");
        case BaselineColumn:
            return tr("The agreement a judge would get by always giving the reviewer's most common answer: "
                      "read the agreement against it, not on its own");
        case FalsePositiveColumn:
            return tr("Passed (YES or NA) where it should fail");
        case FalseNegativeColumn:
            return tr("Failed (NO) where it is fine");
        default:
            return {};
        }
    }
    return {};
}

QVariant JudgeQualityModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const JudgeQuality &q = row(index);
    const bool judgeRow = index.internalId() == TopLevel;
    if (role == NeedsAttentionRole)
        return q.needsAttention();
    if (role == Qt::FontRole && judgeRow) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::BackgroundRole && q.needsAttention() && (index.column() == WarningColumn || index.column() == AgreementColumn))
        return QBrush(QColor(0xff, 0xe2, 0xa8));
    if (role == Qt::ForegroundRole && q.needsAttention() && (index.column() == WarningColumn || index.column() == AgreementColumn))
        return QBrush(Qt::black);
    if (role == Qt::ToolTipRole && index.column() == WarningColumn)
        return q.warnings.join(QLatin1Char('\n'));
    if (role != Qt::DisplayRole)
        return {};
    const auto percent = [](double v) { return QString::number(v * 100, 'f', 0) + QLatin1Char('%'); };
    switch (index.column()) {
    case NameColumn:
        return judgeRow ? tr("%1 (all criteria)").arg(VerdictGridModel::judgeTitle(q.judge)) : q.criterion;
    case FlagsColumn:
        return q.flagged;
    case AgreementColumn:
        return percent(q.agreement);
    case IntervalColumn:
        return QStringLiteral("%1\u2013%2").arg(percent(q.interval.low), percent(q.interval.high));
    case KappaColumn:
        return q.kappa ? QString::number(*q.kappa, 'f', 2) : QStringLiteral("\u2014");
    case BaselineColumn:
        return tr("%1 (always %2)").arg(percent(q.baseline), q.baselineAnswer);
    case FalsePositiveColumn:
        return q.falsePositives;
    case FalseNegativeColumn:
        return q.falseNegatives;
    case WarningColumn:
        return q.warnings.isEmpty() ? QString() : QStringLiteral("\u26a0 ") + q.warnings.join(QStringLiteral("; "));
    default:
        return {};
    }
}

} // namespace sift
