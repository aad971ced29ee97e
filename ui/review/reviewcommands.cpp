#include "reviewcommands.h"

#include "rubricediting.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ReviewCommands", text);
}
const QString RubricFile = QStringLiteral("config/rubric.yaml");
} // namespace

FlagCommand::FlagCommand(ReviewActions *actions, QString uid, QString judge, QString criterion,
                         std::optional<CellFlag> before, std::optional<CellFlag> after, const QString &text)
    : QUndoCommand(text), m_actions(actions), m_uid(std::move(uid)), m_judge(std::move(judge)),
      m_criterion(std::move(criterion)), m_before(std::move(before)), m_after(std::move(after))
{
}

void FlagCommand::redo()
{
    if (!m_actions->writeFlag(m_uid, m_judge, m_criterion, m_after))
        setObsolete(true);
}

void FlagCommand::undo()
{
    m_actions->writeFlag(m_uid, m_judge, m_criterion, m_before);
}

NotesCommand::NotesCommand(ReviewActions *actions, QString uid, TranscriptNotes before, TranscriptNotes after,
                           const QString &text)
    : QUndoCommand(text), m_actions(actions), m_uid(std::move(uid)), m_before(std::move(before)), m_after(std::move(after))
{
}

void NotesCommand::redo()
{
    if (!m_actions->writeNotes(m_uid, m_after))
        setObsolete(true);
}

void NotesCommand::undo()
{
    m_actions->writeNotes(m_uid, m_before);
}

SignOffCommand::SignOffCommand(ReviewActions *actions, qint64 batchId, QString before, QString after, const QString &text)
    : QUndoCommand(text), m_actions(actions), m_batchId(batchId), m_before(std::move(before)), m_after(std::move(after))
{
}

void SignOffCommand::redo()
{
    if (!m_actions->writeSignOff(m_batchId, m_after))
        setObsolete(true);
}

void SignOffCommand::undo()
{
    m_actions->writeSignOff(m_batchId, m_before);
}

PromoteCommand::PromoteCommand(ReviewActions *actions, RubricEditing *rubric, QString criterion, CalibrationExample example)
    : QUndoCommand(tr("Promote to a calibration example of %1").arg(criterion)), m_actions(actions), m_rubric(rubric),
      m_criterion(std::move(criterion)), m_example(std::move(example))
{
}

bool PromoteCommand::apply(bool add)
{
    RubricDocument *doc = m_rubric ? m_rubric->rubricDocument() : nullptr;
    if (!doc) {
        m_actions->reportProblem(tr("The rubric is not open, so the example cannot be changed in it."));
        return false;
    }
    if (!doc->model().criterion(m_criterion)) {
        m_actions->reportProblem(tr("The rubric has no criterion %1 any more.").arg(m_criterion));
        return false;
    }
    const bool hadOtherEdits = doc->isModified();
    const bool edited = doc->edit(DesignDocument::EditKind::Structure,
                                  add ? tr("Add a calibration example to %1").arg(m_criterion)
                                      : tr("Remove the calibration example promoted to %1").arg(m_criterion),
                                  {}, [&](Rubric &r) {
                                      QList<CalibrationExample> &examples = r.criterion(m_criterion)->examples;
                                      if (add) {
                                          examples.append(m_example);
                                      } else {
                                          const qsizetype at = examples.lastIndexOf(m_example);
                                          if (at >= 0)
                                              examples.removeAt(at);
                                      }
                                  });
    if (!edited) {
        m_actions->reportProblem(tr("config/rubric.yaml does not parse right now; fix it in the Design workspace first."));
        return false;
    }
    // With other unsaved edits in the rubric the reviewer saves them together, from the Design workspace.
    if (!hadOtherEdits)
        return m_rubric->saveFile(RubricFile);
    return true;
}

void PromoteCommand::redo()
{
    m_done = apply(true);
    if (!m_done)
        setObsolete(true);
}

void PromoteCommand::undo()
{
    if (m_done)
        apply(false);
}

} // namespace sift
