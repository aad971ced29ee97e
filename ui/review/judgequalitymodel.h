#pragma once

#include "review/judgequality.h"

#include <QAbstractItemModel>

namespace sift {

// The judges' agreement with the reviewer: a row per judge (every criterion together) with its
// criteria beneath, each with the flags it rests on, agreement and its 95% interval, Cohen's kappa,
// the agreement an always-same judge would get, false positives and negatives, and a warning
// where the judge cannot be trusted yet.
class JudgeQualityModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, FlagsColumn, AgreementColumn, IntervalColumn, KappaColumn, BaselineColumn,
                  FalsePositiveColumn, FalseNegativeColumn, WarningColumn, ColumnCount };
    enum Role { NeedsAttentionRole = Qt::UserRole + 1 };

    explicit JudgeQualityModel(QObject *parent = nullptr);
    void setReport(const JudgeQualityReport &report);
    const JudgeQualityReport &report() const { return m_report; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static constexpr quintptr TopLevel = quintptr(-1);
    const JudgeQuality &row(const QModelIndex &index) const;

    JudgeQualityReport m_report;
    QList<QList<int>> m_children;  // per judge row, its rows in m_report.criteria
};

} // namespace sift
