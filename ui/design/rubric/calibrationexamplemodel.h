#pragma once

#include "design/document/designdocuments.h"

#include <QAbstractTableModel>

namespace sift {

// The calibration examples of one criterion (PASS / FAIL / NA with context, response and
// reasoning), edited in place as undoable edits. Follows the criterion by id, so renaming it does
// not lose the table.
class CalibrationExampleModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TypeColumn,
        ContextColumn,
        ResponseColumn,
        ReasoningColumn,
        ColumnCount
    };

    explicit CalibrationExampleModel(RubricDocument *document, QObject *parent = nullptr);
    void setCriterion(const QString &criterionId);
    QString criterion() const { return m_criterionId; }
    void sync();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<CalibrationExample> current() const;

    RubricDocument *m_document;
    QString m_criterionId;
    QList<CalibrationExample> m_examples;
};

} // namespace sift
