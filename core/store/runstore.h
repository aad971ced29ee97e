#pragma once

#include "common/result.h"
#include "records.h"

#include <QSqlDatabase>

#include <optional>

namespace sift {

class ProjectStore;

// The project database as generation runs see it: runs and batches, transcripts created empty and
// filled turn by turn, each judge's assessment and each transcript's outcome. Every write is one
// transaction, and writing the same turn or assessment twice is harmless, so a run killed at any
// moment resumes from what the database holds. Uses the store's connection (and thread).
class RunStore
{
public:
    explicit RunStore(ProjectStore &store);

    Result<qint64> createRun(const RunRecord &run);
    Status setRunStatus(qint64 runId, const QString &status);
    Result<RunRecord> run(qint64 runId) const;
    Result<QList<RunRecord>> runs() const;  // oldest first
    // The newest run that did not complete, if any.
    Result<std::optional<RunRecord>> lastUnfinishedRun() const;

    // The batch `index` of the run, created on first use.
    Result<BatchRecord> batch(qint64 runId, int index, const QString &promptVersion);
    Result<QList<BatchRecord>> batches(qint64 runId) const;
    Status setBatchStatus(qint64 batchId, const QString &status);
    Status signOffBatch(qint64 batchId, const QString &when);

    // Creates a generated transcript (status "generating") with the messages the shell holds (its
    // system prompt), all in one transaction; a transcript with the same uid already there is left as
    // it is. `flaws` of the shell go with its user messages, in order.
    Status createTranscript(const TranscriptRecord &shell, qint64 runId, qint64 batchId, int index, int targetTurns,
                            const QString &promptVersion);
    // Appends one message (and, when given, sets the transcript's status in the same transaction);
    // writing a turn that is already there with the same content is a no-op.
    Status appendTurn(const QString &uid, int index, const Message &message, const QStringList &flaws,
                      const QString &status = {});
    Status setTranscriptStatus(const QString &uid, const QString &status);
    Result<QList<RunTranscript>> runTranscripts(qint64 runId) const;
    Result<QList<RunTranscript>> batchTranscripts(qint64 batchId) const;
    // Every transcript of the project, in the order they were stored.
    Result<QList<TranscriptPlacement>> placements() const;
    // How many transcripts generated runs have made so far (the next run's first sampling index).
    Result<int> generatedCount() const;
    // Finished batches made with this prompt version: has one passed at `rate` or more and been signed off?
    Result<bool> hasSignedOffBatch(const QString &promptVersion, double rate) const;

    // The calls made for the run so far (the call log rows that name it).
    Result<RunCallTotals> callTotals(qint64 runId) const;

    // Replaces this judge's assessment (and verdicts) of the transcript.
    Status saveAssessment(const AssessmentRecord &assessment);
    // Every judge's assessment of a transcript, in judge order. Verdicts that came without an
    // assessment (imported with the transcript) count as a valid one of their judge with
    // Imported::Include.
    enum class Imported { Leave, Include };
    Result<QList<AssessmentRecord>> assessments(const QString &uid, Imported imported = Imported::Leave) const;
    // The aggregated outcome of all judges.
    Status saveOutcome(const QString &uid, const QString &assessment, double score, bool passed, bool gateFailed);

    // Repair and rejection (finetune-generate step 4). Turns are never deleted: a cut records where
    // training data stops, an accepted fix keeps the original beside the rewrite.
    Result<qint64> addFixup(const FixupRecord &fixup);
    Result<std::optional<FixupRecord>> pendingFixup(const QString &uid) const;
    Result<QList<FixupRecord>> fixups(const QString &uid) const;
    Result<int> fixupRounds(const QString &uid) const;
    // Accepted: the rewrite replaces the turn and the transcript waits for assessment again.
    // Refused: the transcript is cut before the repaired exchange (`cutAt`) and waits for assessment.
    Status resolveFixup(const FixupRecord &fixup, bool accepted, const QString &entailment, int cutAt);
    Status truncateTranscript(const QString &uid, int at);
    Status rejectTranscript(const QString &uid, const QString &reason);

private:
    Diagnostic failure(const QString &what, const QString &detail) const;
    Result<qint64> transcriptId(const QString &uid) const;
    // One turn, inside the caller's transaction.
    Status insertTurn(qint64 transcriptId, const QString &uid, int index, const Message &message, const QStringList &flaws);
    Result<QList<RunTranscript>> transcriptsWhere(const QString &condition, qint64 id) const;
    QString now() const;

    ProjectStore &m_store;
    QSqlDatabase m_db;
};

} // namespace sift
