#pragma once

#include "dataset/auditreport.h"

#include <QAbstractTableModel>

namespace sift {

// The example responses of one audit finding: which transcript, which message, an excerpt.
class AuditExamplesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TranscriptColumn, MessageColumn, ExcerptColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setExamples(const QList<AuditExample> &examples);
    const AuditExample *example(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AuditExample> m_examples;
};

} // namespace sift
