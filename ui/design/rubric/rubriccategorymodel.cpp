#include "rubriccategorymodel.h"

namespace sift {

RubricCategoryModel::RubricCategoryModel(RubricDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_categories(document->model().categories)
{
    connect(document, &DesignDocument::textChanged, this, &RubricCategoryModel::sync);
}

void RubricCategoryModel::sync()
{
    const QList<RubricCategory> &updated = m_document->model().categories;
    if (updated == m_categories)
        return;
    if (updated.size() == m_categories.size()) {
        m_categories = updated;
        if (!m_categories.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_categories = updated;
    endResetModel();
}

int RubricCategoryModel::rowOf(const QString &categoryId) const
{
    for (int i = 0; i < m_categories.size(); ++i) {
        if (m_categories[i].id == categoryId)
            return i;
    }
    return -1;
}

int RubricCategoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_categories.size());
}

int RubricCategoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RubricCategoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_categories.size())
        return {};
    const RubricCategory &cat = m_categories[index.row()];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case IdColumn:
            return cat.id;
        case WeightColumn:
            return role == Qt::EditRole ? QVariant(cat.weight)
                                        : QVariant(QString::number(cat.weight, 'g', 6));
        case CriteriaColumn:
            return role == Qt::DisplayRole ? QVariant(cat.criteria.size()) : QVariant();
        case DescriptionColumn:
            return cat.description;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == WeightColumn || index.column() == CriteriaColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == CriteriaColumn)
        return cat.criteria.join(QStringLiteral(", "));
    return {};
}

bool RubricCategoryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const int row = index.row();
    switch (index.column()) {
    case WeightColumn: {
        bool ok = false;
        const double weight = value.toDouble(&ok);
        return ok && m_document->edit(DesignDocument::EditKind::Field, tr("Change category weight"),
                                      QStringLiteral("category-weight:%1").arg(row),
                                      [&](Rubric &r) { r.categories[row].weight = weight; });
    }
    case DescriptionColumn:
        return m_document->edit(DesignDocument::EditKind::Field, tr("Change category description"),
                                QStringLiteral("category-description:%1").arg(row),
                                [&](Rubric &r) { r.categories[row].description = value.toString(); });
    case IdColumn: {
        const QString id = value.toString().trimmed();
        if (id.isEmpty() || (rowOf(id) >= 0 && rowOf(id) != row))
            return false; // the YAML would hold the key twice
        return m_document->edit(DesignDocument::EditKind::Structure, tr("Rename category"), QString(),
                                [&](Rubric &r) { r.categories[row].id = id; });
    }
    default:
        return false;
    }
}

Qt::ItemFlags RubricCategoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() != CriteriaColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant RubricCategoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Category");
    case WeightColumn:
        return tr("Weight");
    case CriteriaColumn:
        return tr("Criteria");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace sift
