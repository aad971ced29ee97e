#pragma once

#include "review/reviewbatches.h"

#include <QAbstractListModel>

namespace sift {

// The batches a reviewer can open, newest run last: "Run 2 · batch 3 — 4/5 passed · signed off",
// and for transcripts made elsewhere "Imported 6–10". The rows are read in two queries whatever the
// project's size; a row's figures are refreshed when its batch is opened or signed off.
class BatchListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { SignedOffRole = Qt::UserRole + 1, CanSignOffRole };

    explicit BatchListModel(QObject *parent = nullptr);

    void setBatches(QList<ReviewBatch> batches, int groupSize);
    const ReviewBatch &batch(int row) const { return m_batches.at(row); }
    void updateBatch(int row, const ReviewBatch &batch);
    // The row of a run's batch, or -1.
    int rowOf(qint64 batchId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    QString title(const ReviewBatch &b) const;

private:
    QList<ReviewBatch> m_batches;
    int m_groupSize = 5;
};

} // namespace sift
