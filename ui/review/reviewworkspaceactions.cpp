// The Review workspace's actions: keyboard navigation, flags, notes, sign-off, promotion to a
// calibration example, repair, and the judge-quality page. Every change goes through an undo
// command that stores it at once.

#include "batchlistmodel.h"
#include "batchoverviewmodel.h"
#include "cellpanel.h"
#include "common/messagebar.h"
#include "engine/enginehost.h"
#include "judgequalitymodel.h"
#include "project/project.h"
#include "promotedialog.h"
#include "review/judgequality.h"
#include "review/promotion.h"
#include "review/reviewbatches.h"
#include "reviewworkspace.h"
#include "rubricediting.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "verdictgridmodel.h"

#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QUndoStack>

namespace sift {

QAction *ReviewWorkspace::addReviewAction(const QString &text, const QString &name, const QKeySequence &key,
                                          const std::function<void()> &slot)
{
    auto *a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty())
        a->setShortcut(key);
    // Single keys act while the review has the keyboard; typing in a note field types instead.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(a, &QAction::triggered, this, slot);
    addAction(a);
    m_actions.append(a);
    return a;
}

void ReviewWorkspace::createActions()
{
    m_undoAction = m_undo->createUndoAction(this, tr("&Undo"));
    m_redoAction = m_undo->createRedoAction(this, tr("&Redo"));
    m_undoAction->setObjectName(QStringLiteral("actionReviewUndo"));
    m_redoAction->setObjectName(QStringLiteral("actionReviewRedo"));
    m_undoAction->setShortcuts(QKeySequence::keyBindings(QKeySequence::Undo));
    m_redoAction->setShortcuts(QKeySequence::keyBindings(QKeySequence::Redo));
    for (QAction *a : {m_undoAction, m_redoAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    addReviewAction(tr("Next Criterion"), QStringLiteral("actionNextCriterion"), QKeySequence(Qt::Key_J), [this] { moveCriterion(1); });
    addReviewAction(tr("Previous Criterion"), QStringLiteral("actionPreviousCriterion"), QKeySequence(Qt::Key_K),
                    [this] { moveCriterion(-1); });
    addReviewAction(tr("Next Judge"), QStringLiteral("actionNextJudge"), QKeySequence(Qt::Key_L), [this] { moveJudge(1); });
    addReviewAction(tr("Previous Judge"), QStringLiteral("actionPreviousJudge"), QKeySequence(Qt::Key_H), [this] { moveJudge(-1); });
    addReviewAction(tr("Next Transcript"), QStringLiteral("actionNextTranscript"), QKeySequence(Qt::Key_N),
                    [this] { moveTranscript(1); });
    addReviewAction(tr("Previous Transcript"), QStringLiteral("actionPreviousTranscript"), QKeySequence(Qt::Key_P),
                    [this] { moveTranscript(-1); });
    addReviewAction(tr("Next Batch"), QStringLiteral("actionNextBatch"), QKeySequence(Qt::SHIFT | Qt::Key_N), [this] { moveBatch(1); });
    addReviewAction(tr("Previous Batch"), QStringLiteral("actionPreviousBatch"), QKeySequence(Qt::SHIFT | Qt::Key_P),
                    [this] { moveBatch(-1); });
    m_actions.append(nullptr);  // a separator in the menu
    m_agree = addReviewAction(tr("&Agree"), QStringLiteral("actionAgree"), QKeySequence(Qt::Key_1),
                              [this] { flagCurrent(FlagKind::Agree); });
    m_agree->setToolTip(tr("The judge got this right (1)"));
    m_falsePositive = addReviewAction(tr("False &Positive"), QStringLiteral("actionFalsePositive"), QKeySequence(Qt::Key_2),
                                      [this] { flagCurrent(FlagKind::FalsePositive); });
    m_falsePositive->setToolTip(tr("The judge passed it, but it should fail (2)"));
    m_falseNegative = addReviewAction(tr("False &Negative"), QStringLiteral("actionFalseNegative"), QKeySequence(Qt::Key_3),
                                      [this] { flagCurrent(FlagKind::FalseNegative); });
    m_falseNegative->setToolTip(tr("The judge failed it, but it is fine (3)"));
    m_clearFlag = addReviewAction(tr("&Clear Flag"), QStringLiteral("actionClearFlag"), QKeySequence(Qt::Key_0),
                                  [this] { clearCurrentFlag(); });
    addReviewAction(tr("Note on the Flag"), QStringLiteral("actionFlagNote"), QKeySequence(Qt::Key_E), [this] { m_cell->focusNote(); });
    addReviewAction(tr("Note on the Transcript"), QStringLiteral("actionTranscriptNote"), QKeySequence(Qt::Key_T), [this] {
        m_noteEdit->setFocus();
        m_noteEdit->selectAll();
    });
    addReviewAction(tr("Missing Criterion"), QStringLiteral("actionMissingCriterion"), QKeySequence(Qt::Key_M), [this] {
        m_missingEdit->setFocus();
        m_missingEdit->selectAll();
    });
    m_promote = addReviewAction(tr("Promote to Calibration &Example..."), QStringLiteral("actionPromote"),
                                QKeySequence(Qt::Key_C), [this] { promoteCurrent(); });
    m_promote->setToolTip(tr("Add this case to the rubric as a calibration example of its criterion (C)"));
    m_actions.append(nullptr);
    m_reject = addReviewAction(tr("&Reject Transcript"), QStringLiteral("actionRejectTranscript"), QKeySequence(Qt::Key_R), [this] {
        const TranscriptReview *r = currentReview();
        if (!r)
            return;
        TranscriptNotes notes = r->notes;
        if (notes.rejected)
            notes.rejected.reset();
        else
            notes.rejected = notes.note;
        setTranscriptNotes(notes);
    });
    m_reject->setCheckable(true);
    m_reject->setToolTip(tr("Keep this transcript out of the training data whatever the judges say (R)"));
    m_repair = addReviewAction(tr("Re&pair This Transcript"), QStringLiteral("actionRepairTranscript"), {},
                               [this] { repairCurrent(); });
    m_repair->setToolTip(tr("Rewrite the failing reply, check the customer's next message still follows, and assess again"));
    m_signOff = addReviewAction(tr("&Sign Off Batch"), QStringLiteral("actionSignOff"), QKeySequence(Qt::CTRL | Qt::Key_Return),
                                [this] { toggleSignOff(); });
    m_signOff->setCheckable(true);
    m_signOff->setToolTip(tr("A human read this batch's transcripts and verdicts and is satisfied (Ctrl+Return)"));

    connect(m_undo, &QUndoStack::indexChanged, this, [this] { updateActions(); });
}

QList<QAction *> ReviewWorkspace::editActions() const
{
    return {m_undoAction, m_redoAction};
}

QList<QAction *> ReviewWorkspace::menuActions() const
{
    return m_actions;
}

void ReviewWorkspace::setEngine(EngineHost *engine)
{
    m_engine = engine;
    if (!engine)
        return;
    connect(engine, &EngineHost::batchFinished, this, &ReviewWorkspace::batchesChanged);
    // A run or repair changed transcripts: show them as they are now, where the reviewer was.
    connect(engine, &EngineHost::finished, this, [this] {
        reloadKeepingPlace();
        updateActions();
    });
    connect(engine, &EngineHost::started, this, [this] { updateActions(); });
}

void ReviewWorkspace::updateActions()
{
    const TranscriptReview *r = currentReview();
    const QString judge = currentJudge();
    const QString criterion = currentCriterion();
    const VerdictColumn *column = r && !judge.isEmpty() ? r->column(judge) : nullptr;
    const bool answered = column && column->valid && column->answers.contains(criterion);
    const QString answer = answered ? column->answers.value(criterion).answer : QString();
    const auto flag = answered ? r->flag(judge, criterion) : std::nullopt;
    m_agree->setEnabled(answered);
    // A false positive is a pass that should fail; a false negative a fail that is fine.
    m_falsePositive->setEnabled(answered && answer != QLatin1String("NO"));
    m_falseNegative->setEnabled(answered && answer == QLatin1String("NO"));
    m_clearFlag->setEnabled(flag.has_value());
    m_promote->setEnabled(flag.has_value());
    m_reject->setEnabled(r != nullptr);
    m_reject->setChecked(r && r->notes.rejected.has_value());
    const bool idle = m_engine && !m_engine->isRunning();
    const bool failing = r && !r->judges.isEmpty() && !(r->aggregated.valid && r->aggregated.score.passed) &&
                         r->transcript.source == QLatin1String("generated");
    m_repair->setEnabled(idle && failing);
    const bool batch = m_batchRow >= 0;
    m_signOff->setEnabled(batch && m_batchModel->batch(m_batchRow).canSignOff());
    m_signOff->setChecked(batch && !m_batchModel->batch(m_batchRow).signedOffAt.isEmpty());
    m_signOff->setText(m_signOff->isChecked() ? tr("Withdraw &Sign-Off") : tr("&Sign Off Batch"));
}

void ReviewWorkspace::flagCurrent(FlagKind kind)
{
    const TranscriptReview *r = currentReview();
    const QString judge = currentJudge();
    const QString criterion = currentCriterion();
    const VerdictColumn *column = r && !judge.isEmpty() ? r->column(judge) : nullptr;
    if (!column || !column->valid || !column->answers.contains(criterion))
        return;
    const QString answer = column->answers.value(criterion).answer;
    if ((kind == FlagKind::FalsePositive && answer == QLatin1String("NO")) ||
        (kind == FlagKind::FalseNegative && answer != QLatin1String("NO"))) {
        reportProblem(kind == FlagKind::FalsePositive
                          ? tr("A false positive is an answer that passed (YES or NA) but should fail; this one is NO.")
                          : tr("A false negative is an answer that failed (NO) but is fine; this one is %1.").arg(answer));
        return;
    }
    const auto before = r->flag(judge, criterion);
    CellFlag after{r->transcript.uid, judge, criterion, kind, answer, before ? before->note : QString(), {}};
    if (before && *before == after)
        return;
    m_undo->push(new FlagCommand(this, r->transcript.uid, judge, criterion, before, after,
                                 tr("Mark %1 of %2 as %3").arg(criterion, VerdictGridModel::judgeTitle(judge),
                                                                VerdictGridModel::flagShortName(flagKindName(kind)))));
}

void ReviewWorkspace::clearCurrentFlag()
{
    const TranscriptReview *r = currentReview();
    const auto before = r ? r->flag(currentJudge(), currentCriterion()) : std::nullopt;
    if (!before)
        return;
    m_undo->push(new FlagCommand(this, r->transcript.uid, before->judge, before->criterion, before, std::nullopt,
                                 tr("Clear the flag on %1").arg(before->criterion)));
}

void ReviewWorkspace::noteEdited(const QString &note)
{
    const TranscriptReview *r = currentReview();
    const auto before = r ? r->flag(currentJudge(), currentCriterion()) : std::nullopt;
    if (!before || before->note == note)
        return;
    CellFlag after = *before;
    after.note = note;
    m_undo->push(new FlagCommand(this, r->transcript.uid, before->judge, before->criterion, before, after,
                                 tr("Note on the flag of %1").arg(before->criterion)));
}

void ReviewWorkspace::notesEdited()
{
    const TranscriptReview *r = currentReview();
    if (!r)
        return;
    TranscriptNotes notes = r->notes;
    notes.note = m_noteEdit->text();
    notes.missingCriterion = m_missingEdit->text();
    setTranscriptNotes(notes);
}

void ReviewWorkspace::setTranscriptNotes(const TranscriptNotes &notes)
{
    const TranscriptReview *r = currentReview();
    if (!r || r->notes == notes)
        return;
    QString text = tr("Notes on %1").arg(r->transcript.uid);
    if (notes.rejected.has_value() != r->notes.rejected.has_value())
        text = notes.rejected ? tr("Reject %1").arg(r->transcript.uid) : tr("Take back the rejection of %1").arg(r->transcript.uid);
    m_undo->push(new NotesCommand(this, r->transcript.uid, r->notes, notes, text));
}

void ReviewWorkspace::toggleSignOff()
{
    if (m_batchRow < 0)
        return;
    const ReviewBatch &b = m_batchModel->batch(m_batchRow);
    if (!b.canSignOff()) {
        reportProblem(b.isRunBatch() ? tr("This batch is not finished yet; sign it off once its run has made it.")
                                     : tr("Only batches a run generated can be signed off."));
        updateActions();
        return;
    }
    const QString after = b.signedOffAt.isEmpty() && m_store ? m_store->now().toUTC().toString(Qt::ISODate) : QString();
    m_undo->push(new SignOffCommand(this, b.batchId, b.signedOffAt, after,
                                    after.isEmpty() ? tr("Withdraw the sign-off of batch %1").arg(b.index + 1)
                                                    : tr("Sign off batch %1").arg(b.index + 1)));
}

void ReviewWorkspace::promoteCurrent()
{
    const TranscriptReview *r = currentReview();
    const QString judge = currentJudge();
    const QString criterion = currentCriterion();
    const auto flag = r ? r->flag(judge, criterion) : std::nullopt;
    if (!flag || !m_project) {
        reportProblem(tr("Flag the answer first (agree, false positive or false negative): the flag says whether the "
                         "example passes or fails."));
        return;
    }
    const Criterion *c = m_project->rubric.criterion(criterion);
    if (!c) {
        reportProblem(tr("The rubric has no criterion %1 any more.").arg(criterion));
        return;
    }
    const CriterionVerdict verdict = r->column(judge)->answers.value(criterion);
    const CalibrationExample proposed = calibrationExampleFor(r->transcript, verdict, *flag);
    std::optional<CalibrationExample> chosen;
    if (m_exampleEditor) {
        chosen = m_exampleEditor(criterion, proposed);
    } else {
        PromoteDialog dialog(criterion, c->question, proposed, c->naValid, this);
        if (dialog.exec() == QDialog::Accepted)
            chosen = dialog.example();
    }
    if (!chosen)
        return;
    m_undo->push(new PromoteCommand(this, m_rubricEditing, criterion, *chosen));
    if (const Criterion *after = m_project->rubric.criterion(criterion)) {
        m_messages->showMessage(MessageBar::Kind::Information,
                                tr("Added to %1's calibration examples (%2 now). Undo takes it out again.")
                                    .arg(criterion)
                                    .arg(after->examples.size()));
        m_messages->show();
    }
}

void ReviewWorkspace::repairCurrent()
{
    const TranscriptReview *r = currentReview();
    if (!r || !m_engine || !m_project || m_engine->isRunning())
        return;
    EngineHost::Job job = EngineHost::Job::forProject(*m_project);
    RunOptions options;
    options.kind = QStringLiteral("fixup");
    options.only = {r->transcript.uid};
    job.start = options;
    if (m_engine->run(job)) {
        m_messages->showMessage(MessageBar::Kind::Information,
                                tr("Repairing %1 in the background; the Run workspace shows its progress.").arg(r->transcript.uid));
        m_messages->show();
    }
    updateActions();
}

void ReviewWorkspace::refreshQuality()
{
    m_qualityStale = false;
    if (!m_store) {
        m_qualityModel->setReport({});
        m_qualitySummary->setText(tr("No project open."));
        return;
    }
    const auto flags = ReviewStore(*m_store).currentFlags();
    if (!flags) {
        reportProblem(flags.errorText());
        return;
    }
    const JudgeQualityReport report = judgeQuality(*flags);
    m_qualityModel->setReport(report);
    int attention = 0;
    for (const JudgeQuality &q : report.judges)
        attention += q.needsAttention() ? 1 : 0;
    if (flags->isEmpty())
        m_qualitySummary->setText(tr("No flags yet. Each answer you flag in the Batches page (agree, false positive, false "
                                     "negative) tells how far that judge can be trusted."));
    else
        m_qualitySummary->setText(tr("From %n flag(s) on judges' answers. ", nullptr, int(flags->size())) +
                                  (attention ? tr("<b style='color:#8a5a00'>%n judge(s) need attention</b>: agreement under 80%, "
                                                  "or no better than always giving the same answer.", nullptr, attention)
                                             : tr("Every judge agrees with you at least 80% of the time and beats the "
                                                  "always-same baseline.")));
}

bool ReviewWorkspace::writeFlag(const QString &uid, const QString &judge, const QString &criterion,
                                const std::optional<CellFlag> &flag)
{
    if (!m_store)
        return false;
    ReviewStore reviews(*m_store);
    const Status s = flag ? reviews.setFlag(*flag) : reviews.clearFlag(uid, judge, criterion);
    if (!s) {
        reportProblem(tr("The flag was not stored: %1").arg(s.errorText()));
        return false;
    }
    if (rowOfTranscript(uid) < 0)
        showTranscript(uid);  // undo of a mark made in another batch: show where it changed
    refreshTranscript(uid);
    selectCell(criterion, judge);
    return true;
}

bool ReviewWorkspace::writeNotes(const QString &uid, const TranscriptNotes &notes)
{
    if (!m_store)
        return false;
    const Status s = ReviewStore(*m_store).setNotes(uid, notes);
    if (!s) {
        reportProblem(tr("The notes were not stored: %1").arg(s.errorText()));
        return false;
    }
    if (rowOfTranscript(uid) < 0)
        showTranscript(uid);
    refreshTranscript(uid);
    return true;
}

bool ReviewWorkspace::writeSignOff(qint64 batchId, const QString &signedOffAt)
{
    if (!m_store || !m_project)
        return false;
    const Status s = RunStore(*m_store).signOffBatch(batchId, signedOffAt);
    if (!s) {
        reportProblem(tr("The sign-off was not stored: %1").arg(s.errorText()));
        return false;
    }
    const int row = m_batchModel->rowOf(batchId);
    if (row >= 0) {
        const auto refreshed = ReviewBatches(*m_store, m_project->manifest.generation.batchSize).refreshed(m_batchModel->batch(row));
        if (refreshed)
            m_batchModel->updateBatch(row, *refreshed);
        if (row != m_batchRow)
            selectBatch(row);
    }
    refreshGate();
    updateActions();
    return true;
}

void ReviewWorkspace::reportProblem(const QString &text)
{
    m_messages->showMessage(MessageBar::Kind::Warning, text);
    m_messages->show();
}

} // namespace sift
