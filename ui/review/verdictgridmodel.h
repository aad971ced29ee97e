#pragma once

#include "design/rubric.h"
#include "review/transcriptreview.h"

#include <QAbstractItemModel>

namespace sift {

// The verdict grid of one transcript: rows are the rubric's criteria grouped under their categories
// (safety gates marked), then the weighted score and the result; columns are each judge and the
// combined verdict. A cell says YES / NO / NA / invalid in words and in colour, carries the
// reviewer's flag, and criteria on which the judges disagree are highlighted.
class VerdictGridModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        CriterionRole = Qt::UserRole + 1,  // the criterion id of a criterion row
        JudgeRole,                         // the judge of a verdict column (AggregateJudge for the combined one)
        AnswerRole,                        // YES | NO | NA | invalid | empty
        FlagRole,                          // agree | false_positive | false_negative | empty
        DisagreementRole,                  // bool: the judges disagree on this criterion
        RowKindRole,                       // RowKind
    };
    enum class RowKind { Category, Criterion, Score, Result };
    Q_ENUM(RowKind)

    explicit VerdictGridModel(QObject *parent = nullptr);

    void setRubric(const Rubric &rubric);
    // Shows a transcript's verdicts; the rows stay when the rubric did not change, so the
    // selection survives moving between transcripts.
    void setReview(const TranscriptReview *review);
    const TranscriptReview *review() const { return m_review; }

    int judgeColumnCount() const { return int(m_columns.size()); }
    QString judgeAt(int column) const;  // empty for the label column
    int columnOf(const QString &judge) const;
    QModelIndex criterionIndex(const QString &criterion, int column) const;
    // Criteria in row order (what next/previous criterion walks through).
    QStringList criteriaInOrder() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    static QString judgeTitle(const QString &judge);
    static QString flagShortName(const QString &kind);

private:
    struct Group
    {
        QString category;  // empty for the rows under the groups (score, result)
        QStringList criteria;
    };
    static constexpr quintptr TopLevel = quintptr(-1);

    void rebuildColumns();
    QVariant categoryData(const Group &g, int column, int role) const;
    QVariant criterionData(const QString &criterion, int column, int role) const;
    QVariant footerData(RowKind kind, int column, int role) const;

    Rubric m_rubric;
    QList<Group> m_groups;
    QStringList m_columns;  // judges, then the combined verdict
    const TranscriptReview *m_review = nullptr;
};

} // namespace sift
