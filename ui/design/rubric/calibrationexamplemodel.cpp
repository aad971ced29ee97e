#include "calibrationexamplemodel.h"

#include <QColor>

namespace sift {

CalibrationExampleModel::CalibrationExampleModel(RubricDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document)
{
    connect(document, &DesignDocument::textChanged, this, &CalibrationExampleModel::sync);
}

QList<CalibrationExample> CalibrationExampleModel::current() const
{
    const Criterion *c = m_document->model().criterion(m_criterionId);
    return c ? c->examples : QList<CalibrationExample>();
}

void CalibrationExampleModel::setCriterion(const QString &criterionId)
{
    if (criterionId == m_criterionId)
        return sync();
    beginResetModel();
    m_criterionId = criterionId;
    m_examples = current();
    endResetModel();
}

void CalibrationExampleModel::sync()
{
    const QList<CalibrationExample> updated = current();
    if (updated == m_examples)
        return;
    if (updated.size() == m_examples.size()) {
        m_examples = updated;
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_examples = updated;
    endResetModel();
}

int CalibrationExampleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_examples.size());
}

int CalibrationExampleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CalibrationExampleModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_examples.size())
        return {};
    const CalibrationExample &ex = m_examples[index.row()];
    if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TypeColumn:
            return CalibrationExample::typeName(ex.type);
        case ContextColumn:
            return ex.context;
        case ResponseColumn:
            return ex.response;
        case ReasoningColumn:
            return ex.reasoning;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == TypeColumn) {
        switch (ex.type) {
        case CalibrationExample::Type::Pass:
            return QColor(0x1e, 0x7b, 0x3c);
        case CalibrationExample::Type::Fail:
            return QColor(0xb0, 0x1c, 0x1c);
        case CalibrationExample::Type::NA:
            return QColor(0x55, 0x55, 0x55);
        }
    }
    return {};
}

bool CalibrationExampleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= m_examples.size())
        return false;
    const int row = index.row();
    const QString id = m_criterionId;
    const QString text = value.toString();
    if (index.column() == TypeColumn) {
        const auto type = CalibrationExample::typeFromName(text);
        if (!type)
            return false;
        return m_document->edit(DesignDocument::EditKind::Structure, tr("Change example type"), QString(),
                                [&](Rubric &r) {
                                    if (Criterion *c = r.criterion(id))
                                        c->examples[row].type = *type;
                                });
    }
    const int column = index.column();
    return m_document->edit(DesignDocument::EditKind::Field, tr("Change calibration example"),
                            QStringLiteral("example:%1:%2:%3").arg(id).arg(row).arg(column), [&](Rubric &r) {
                                Criterion *c = r.criterion(id);
                                if (!c || row >= c->examples.size())
                                    return;
                                CalibrationExample &ex = c->examples[row];
                                (column == ContextColumn    ? ex.context
                                 : column == ResponseColumn ? ex.response
                                                            : ex.reasoning) = text;
                            });
}

Qt::ItemFlags CalibrationExampleModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

QVariant CalibrationExampleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case ContextColumn:
        return tr("Context");
    case ResponseColumn:
        return tr("Response");
    case ReasoningColumn:
        return tr("Reasoning");
    default:
        return {};
    }
}

} // namespace sift
