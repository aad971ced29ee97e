#pragma once

#include "common/result.h"
#include "store/records.h"

#include <QSqlDatabase>

#include <optional>

namespace sift {

class ProjectStore;

// What a reviewer says about one judge's answer on one criterion (finetune-generate step 3).
enum class FlagKind {
    Agree,          // the judge got it right
    FalsePositive,  // the judge passed it (YES, or NA) but it should fail
    FalseNegative,  // the judge failed it (NO) but it is fine
};
QString flagKindName(FlagKind kind);  // agree | false_positive | false_negative
std::optional<FlagKind> flagKindFromName(const QString &name);

// A reviewer's flag on one cell of the verdict grid. `answer` is the judge's answer the reviewer
// saw: when the judge is asked again and answers otherwise, the flag no longer applies (stale).
struct CellFlag
{
    QString transcriptUid;
    QString judge;  // a backend name, or ReviewStore::AggregateJudge for the combined verdict
    QString criterion;
    FlagKind kind = FlagKind::Agree;
    QString answer;  // YES | NO | NA
    QString note;
    QString createdAt;
    friend bool operator==(const CellFlag &a, const CellFlag &b)
    {
        return a.transcriptUid == b.transcriptUid && a.judge == b.judge && a.criterion == b.criterion &&
               a.kind == b.kind && a.answer == b.answer && a.note == b.note;
    }
};

// What a reviewer says about a whole transcript.
struct TranscriptNotes
{
    QString note;              // quality issues the rubric might miss (-> generation prompts)
    QString missingCriterion;  // what the rubric does not check at all (-> a new criterion)
    std::optional<QString> rejected;  // rejected by the reviewer, with the reason (may be empty)
    friend bool operator==(const TranscriptNotes &, const TranscriptNotes &) = default;
};

// Human review in the project database: flags on judges' answers and notes on transcripts, each
// stored the moment it is made (review_flags). One flag per cell; one note of each kind per
// transcript. Uses the store's connection (and thread).
class ReviewStore
{
public:
    static inline const QString AggregateJudge = QStringLiteral("@aggregate");

    explicit ReviewStore(ProjectStore &store);

    Result<QList<CellFlag>> flags(const QString &uid) const;
    // Every cell flag of the project that is still about the judge's current answer (for the
    // judges' agreement with the reviewer). Flags on the combined verdict are all kept.
    Result<QList<CellFlag>> currentFlags() const;
    // Every cell flag, stale ones included (for exporting the review).
    Result<QList<CellFlag>> allFlags() const;
    // Replaces the cell's flag.
    Status setFlag(const CellFlag &flag);
    Status clearFlag(const QString &uid, const QString &judge, const QString &criterion);

    Result<TranscriptNotes> notes(const QString &uid) const;
    // Replaces all three notes of the transcript (an empty text removes that note).
    Status setNotes(const QString &uid, const TranscriptNotes &notes);

    // Reviewer notes of many transcripts at once (missing criteria, quality notes) for advice.
    Result<QHash<QString, TranscriptNotes>> notesOf(const QStringList &uids) const;
    // The transcripts with any note or a rejection, in the order they were stored.
    Result<QStringList> notedTranscripts() const;

    // Sets many flags and notes in one transaction: all of them or none.
    Status apply(const QList<CellFlag> &flags, const QList<std::pair<QString, TranscriptNotes>> &notes);

private:
    Diagnostic failure(const QString &what, const QString &detail) const;
    Result<qint64> transcriptId(const QString &uid) const;
    Result<QList<CellFlag>> flagsWhere(const QString &condition, const QVariantList &values) const;
    // The writes themselves, inside a caller's transaction.
    Status writeFlag(qint64 transcriptId, const CellFlag &flag);
    Status writeNotes(qint64 transcriptId, const QString &uid, const TranscriptNotes &notes);

    ProjectStore &m_store;
    QSqlDatabase m_db;
};

} // namespace sift
