#pragma once

#include "design/rubric.h"
#include "review/reviewstore.h"

#include <QUndoCommand>

#include <optional>

namespace sift {

class RubricEditing;

// What the review's undo commands change. Each change is stored at once; the implementation
// refreshes what shows it.
class ReviewActions
{
public:
    virtual ~ReviewActions() = default;
    // Sets (or with nullopt removes) the flag on one cell; false when the store refused (said why).
    virtual bool writeFlag(const QString &uid, const QString &judge, const QString &criterion,
                           const std::optional<CellFlag> &flag) = 0;
    virtual bool writeNotes(const QString &uid, const TranscriptNotes &notes) = 0;
    virtual bool writeSignOff(qint64 batchId, const QString &signedOffAt) = 0;
    virtual void reportProblem(const QString &text) = 0;
};

// One flag set, changed or cleared on one cell.
class FlagCommand : public QUndoCommand
{
public:
    FlagCommand(ReviewActions *actions, QString uid, QString judge, QString criterion, std::optional<CellFlag> before,
                std::optional<CellFlag> after, const QString &text);
    void redo() override;
    void undo() override;

private:
    ReviewActions *m_actions;
    QString m_uid, m_judge, m_criterion;
    std::optional<CellFlag> m_before, m_after;
};

// The notes on a transcript (quality note, missing criterion, rejection) changed.
class NotesCommand : public QUndoCommand
{
public:
    NotesCommand(ReviewActions *actions, QString uid, TranscriptNotes before, TranscriptNotes after, const QString &text);
    void redo() override;
    void undo() override;

private:
    ReviewActions *m_actions;
    QString m_uid;
    TranscriptNotes m_before, m_after;
};

// A batch signed off, or its sign-off withdrawn.
class SignOffCommand : public QUndoCommand
{
public:
    SignOffCommand(ReviewActions *actions, qint64 batchId, QString before, QString after, const QString &text);
    void redo() override;
    void undo() override;

private:
    ReviewActions *m_actions;
    qint64 m_batchId;
    QString m_before, m_after;
};

// A reviewed case added to the rubric as a calibration example of its criterion. The rubric is
// edited where the Design workspace has it open (so the edit is in its history too) and written at
// once when it had no other unsaved edits; undo takes that example out again the same way.
class PromoteCommand : public QUndoCommand
{
public:
    PromoteCommand(ReviewActions *actions, RubricEditing *rubric, QString criterion, CalibrationExample example);
    void redo() override;
    void undo() override;

private:
    bool apply(bool add);

    ReviewActions *m_actions;
    RubricEditing *m_rubric;
    QString m_criterion;
    CalibrationExample m_example;
    bool m_done = false;
};

} // namespace sift
