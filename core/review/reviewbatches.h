#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace sift {

class ProjectStore;

// A group of transcripts a reviewer reads together: a batch of a generation run, or, for
// transcripts made elsewhere (imported, the bundled samples), the next few in the order they were
// stored.
struct ReviewBatch
{
    qint64 batchId = 0;   // 0: a group of transcripts outside any run's batches
    qint64 runId = 0;
    int index = 0;        // the batch's index within its run, or the group's among the ungrouped
    QString runKind;      // run | generate | ... ; empty for a group
    QString source;       // for a group: the source of its first transcript (sample | import)
    QString status;       // batches: new | done | ...
    QString signedOffAt;  // empty when not signed off
    QString promptVersion;
    int transcripts = 0;
    int assessed = 0;     // with a stored outcome
    int passed = 0;

    bool isRunBatch() const { return batchId != 0; }
    // Only a finished batch of a generation run can be signed off: the gate asks whether a human is
    // satisfied with what the run's prompts made.
    bool canSignOff() const { return isRunBatch() && status == QLatin1String("done"); }
};

// The review's list of batches: every run's batches (oldest run first), then the ungrouped
// transcripts in groups of `groupSize`. Two aggregate queries, whatever the project's size; the
// groups' figures are read when a group is opened.
class ReviewBatches
{
public:
    ReviewBatches(ProjectStore &store, int groupSize);

    Result<QList<ReviewBatch>> list() const;
    // The transcripts of a batch or group, in order.
    Result<QStringList> transcripts(const ReviewBatch &batch) const;
    // Where a transcript is: its run's batch (batchId), or the index of its group among the
    // ungrouped (batchId 0). nullopt when the project has no such transcript.
    struct Location
    {
        qint64 batchId = 0;
        int group = 0;
    };
    Result<std::optional<Location>> locate(const QString &uid) const;
    // Re-reads one batch's figures and sign-off (after a sign-off, or a run finishing it).
    Result<ReviewBatch> refreshed(const ReviewBatch &batch) const;
    int groupSize() const { return m_groupSize; }

private:
    Diagnostic failure(const QString &what, const QString &detail) const;

    ProjectStore &m_store;
    QSqlDatabase m_db;
    int m_groupSize;
};

} // namespace sift
