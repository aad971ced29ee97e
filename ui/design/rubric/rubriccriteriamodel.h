#pragma once

#include "design/document/designdocuments.h"

#include <QAbstractTableModel>

namespace sift {

// The rubric's criteria as a table: id, name, category, whether it is a safety gate, whether NA is
// allowed, how many calibration examples it has against 3 to 8, and how many phrasing hints its
// question draws. Gate and NA are checkboxes edited in place; the rest is edited in the form.
class RubricCriteriaModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        NameColumn,
        CategoryColumn,
        GateColumn,
        NaColumn,
        ExamplesColumn,
        HintsColumn,
        ColumnCount
    };

    explicit RubricCriteriaModel(RubricDocument *document, QObject *parent = nullptr);
    void sync();
    int rowOf(const QString &criterionId) const;
    QString idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RubricDocument *m_document;
    Rubric m_rubric;
};

} // namespace sift
