#include "auditexamplesmodel.h"

namespace sift {

void AuditExamplesModel::setExamples(const QList<AuditExample> &examples)
{
    beginResetModel();
    m_examples = examples;
    endResetModel();
}

const AuditExample *AuditExamplesModel::example(int row) const
{
    return row >= 0 && row < m_examples.size() ? &m_examples[row] : nullptr;
}

int AuditExamplesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_examples.size());
}

int AuditExamplesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditExamplesModel::data(const QModelIndex &index, int role) const
{
    const AuditExample *e = index.isValid() ? example(index.row()) : nullptr;
    if (!e || index.column() >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TranscriptColumn:
            return e->transcript;
        case MessageColumn:
            return e->message;
        case ExcerptColumn:
            return e->excerpt;
        }
    }
    if (role == Qt::ToolTipRole)
        return tr("Click to show transcript %1 at message %2").arg(e->transcript).arg(e->message);
    return {};
}

QVariant AuditExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TranscriptColumn:
        return tr("Transcript");
    case MessageColumn:
        return tr("Message");
    case ExcerptColumn:
        return tr("Excerpt");
    }
    return {};
}

} // namespace sift
