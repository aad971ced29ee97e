#pragma once

#include "design/document/designdocuments.h"

#include <QAbstractTableModel>

namespace sift {

// The rubric's weighted categories as a table (id, weight, number of criteria, description). Weights
// and descriptions are edited in place as undoable edits; the model follows the document.
class RubricCategoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        WeightColumn,
        CriteriaColumn,
        DescriptionColumn,
        ColumnCount
    };

    explicit RubricCategoryModel(RubricDocument *document, QObject *parent = nullptr);
    // Catches up with the document; does nothing when already up to date.
    void sync();
    int rowOf(const QString &categoryId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RubricDocument *m_document;
    QList<RubricCategory> m_categories;
};

} // namespace sift
