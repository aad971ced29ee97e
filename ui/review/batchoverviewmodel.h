#pragma once

#include "review/transcriptreview.h"

#include <QAbstractTableModel>

namespace sift {

// The strip above a batch's transcript: one row per transcript with its persona and scenario, each
// judge's score, the combined result with the gates that failed, and how much of it the reviewer
// has flagged.
class BatchOverviewModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NumberColumn, PersonaColumn, ScenarioColumn, FirstJudgeColumn };
    enum Role { UidRole = Qt::UserRole + 1, PassedRole };

    explicit BatchOverviewModel(QObject *parent = nullptr);

    // The reviews are owned by the caller and outlive the model's use of them.
    void setBatch(const QList<TranscriptReview> *reviews);
    // One transcript's review changed (a flag, a note): its row is redrawn.
    void transcriptChanged(int row);
    QStringList judges() const { return m_judges; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "role: freelancer, tech_comfort: medium" from a persona or scenario object.
    static QString summary(const QJsonObject &object);

private:
    int resultColumn() const { return FirstJudgeColumn + int(m_judges.size()) + 1; }
    int reviewColumn() const { return resultColumn() + 1; }

    const QList<TranscriptReview> *m_reviews = nullptr;
    QStringList m_judges;
};

} // namespace sift
