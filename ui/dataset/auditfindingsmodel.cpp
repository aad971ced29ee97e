#include "auditfindingsmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace sift {

void AuditFindingsModel::setReport(const AuditReport &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

const AuditFinding *AuditFindingsModel::finding(int row) const
{
    return row >= 0 && row < m_report.findings.size() ? &m_report.findings[row] : nullptr;
}

int AuditFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.findings.size());
}

int AuditFindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditFindingsModel::data(const QModelIndex &index, int role) const
{
    const AuditFinding *f = index.isValid() ? finding(index.row()) : nullptr;
    if (!f || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CheckColumn:
            return AuditFinding::ruleTitle(f->rule);
        case SubjectColumn:
            return f->subject;
        case FigureColumn:
            return f->figure;
        case FlagColumn:
            return f->red ? tr("RED FLAG") : tr("ok");
        }
        return {};
    case Qt::ToolTipRole:
        return f->subject.isEmpty() ? f->figure : f->subject + QStringLiteral("\n") + f->figure;
    case Qt::BackgroundRole:
        return f->red ? QBrush(QColor(0xf6, 0xd0, 0xd0)) : QVariant();
    case Qt::ForegroundRole:
        return f->red ? QBrush(QColor(0x70, 0x10, 0x10)) : QVariant();
    case Qt::FontRole:
        if (f->red && index.column() == FlagColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case RedRole:
        return f->red;
    }
    return {};
}

QVariant AuditFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CheckColumn:
        return tr("Check");
    case SubjectColumn:
        return tr("About");
    case FigureColumn:
        return tr("Figure");
    case FlagColumn:
        return tr("Flag");
    }
    return {};
}

} // namespace sift
