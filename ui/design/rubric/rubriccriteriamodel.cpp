#include "rubriccriteriamodel.h"

#include "design/rubriclint.h"

#include <QColor>

namespace sift {

RubricCriteriaModel::RubricCriteriaModel(RubricDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_rubric(document->model())
{
    connect(document, &DesignDocument::textChanged, this, &RubricCriteriaModel::sync);
}

void RubricCriteriaModel::sync()
{
    const Rubric &updated = m_document->model();
    if (updated == m_rubric)
        return;
    if (updated.criteria.size() == m_rubric.criteria.size()) {
        m_rubric = updated;
        if (!m_rubric.criteria.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rubric = updated;
    endResetModel();
}

int RubricCriteriaModel::rowOf(const QString &criterionId) const
{
    for (int i = 0; i < m_rubric.criteria.size(); ++i) {
        if (m_rubric.criteria[i].id == criterionId)
            return i;
    }
    return -1;
}

QString RubricCriteriaModel::idAt(int row) const
{
    return row >= 0 && row < m_rubric.criteria.size() ? m_rubric.criteria[row].id : QString();
}

int RubricCriteriaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rubric.criteria.size());
}

int RubricCriteriaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RubricCriteriaModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rubric.criteria.size())
        return {};
    const Criterion &c = m_rubric.criteria[index.row()];
    const int examples = int(c.examples.size());
    const bool examplesOk = examples >= Rubric::MinExamples && examples <= Rubric::MaxExamples;
    const auto hints = RubricLint::checkQuestion(c.question, RubricLint::inSafetyScope(m_rubric, c.id));
    if (role == Qt::CheckStateRole) {
        if (index.column() == GateColumn)
            return m_rubric.isSafetyGate(c.id) ? Qt::Checked : Qt::Unchecked;
        if (index.column() == NaColumn)
            return c.naValid ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return c.id;
        case NameColumn:
            return c.name;
        case CategoryColumn: {
            const RubricCategory *cat = m_rubric.categoryOf(c.id);
            return cat ? cat->id : tr("(none)");
        }
        case ExamplesColumn:
            return tr("%1 / %2–%3").arg(examples).arg(Rubric::MinExamples).arg(Rubric::MaxExamples);
        case HintsColumn:
            return hints.isEmpty() ? QString() : tr("%n hint(s)", nullptr, int(hints.size()));
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == ExamplesColumn && !examplesOk)
            return QColor(0xa8, 0x5a, 0x00);
        if (index.column() == HintsColumn)
            return QColor(0xa8, 0x5a, 0x00);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == HintsColumn && !hints.isEmpty()) {
            QStringList lines;
            for (const RubricLint::Finding &f : hints)
                lines.append(RubricLint::message(c.id, f));
            return lines.join(QLatin1Char('\n'));
        }
        return c.question;
    }
    return {};
}

bool RubricCriteriaModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    const QString id = m_rubric.criteria[index.row()].id;
    const bool checked = value.toInt() == Qt::Checked;
    if (index.column() == GateColumn) {
        return m_document->edit(DesignDocument::EditKind::Structure,
                                checked ? tr("Make %1 a safety gate").arg(id)
                                        : tr("Remove safety gate %1").arg(id),
                                QString(), [&](Rubric &r) {
                                    r.safetyGates.removeAll(id);
                                    if (checked)
                                        r.safetyGates.append(id);
                                });
    }
    if (index.column() == NaColumn) {
        const int row = index.row();
        return m_document->edit(DesignDocument::EditKind::Structure, tr("Change NA allowed"), QString(),
                                [&](Rubric &r) { r.criteria[row].naValid = checked; });
    }
    return false;
}

Qt::ItemFlags RubricCriteriaModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == GateColumn || index.column() == NaColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant RubricCriteriaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case NameColumn:
        return tr("Name");
    case CategoryColumn:
        return tr("Category");
    case GateColumn:
        return tr("Gate");
    case NaColumn:
        return tr("NA");
    case ExamplesColumn:
        return tr("Examples");
    case HintsColumn:
        return tr("Hints");
    default:
        return {};
    }
}

} // namespace sift
