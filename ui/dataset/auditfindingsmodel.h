#pragma once

#include "dataset/auditreport.h"

#include <QAbstractTableModel>

namespace sift {

// The audit's findings, one row each: the check, what it is about, its figure, and whether it is a
// red flag (red rows are tinted and say so in words too).
class AuditFindingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { CheckColumn, SubjectColumn, FigureColumn, FlagColumn, ColumnCount };
    enum Role { RedRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setReport(const AuditReport &report);
    const AuditReport &report() const { return m_report; }
    const AuditFinding *finding(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    AuditReport m_report;
};

} // namespace sift
