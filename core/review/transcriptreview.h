#pragma once

#include "assess/scoring.h"
#include "common/result.h"
#include "reviewstore.h"
#include "store/records.h"

#include <QHash>

namespace sift {

class ProjectStore;
struct Rubric;

// The message a judge's turn number points at ([Turn N] counts the messages after the system prompt
// from 1); -1 when there is none.
int messageOfTurn(const TranscriptRecord &transcript, int turn);

// One column of the verdict grid: a judge's answers on one transcript, or the combined verdict.
struct VerdictColumn
{
    QString judge;       // a backend name, or ReviewStore::AggregateJudge
    bool assessed = false;
    bool valid = false;  // an invalid assessment never counts as a pass
    QString error;       // why it is invalid
    QHash<QString, CriterionVerdict> answers;  // by criterion id
    Score score;
};

// Everything the review shows about one transcript: the conversation, each judge's verdicts and
// score, the combined verdict under the project's aggregation policy, and the reviewer's flags
// and notes.
struct TranscriptReview
{
    TranscriptRecord transcript;
    QString runLabel;
    QList<VerdictColumn> judges;  // the project's judges first, in roles.judges order, then any others
    VerdictColumn aggregated;
    QHash<QString, CellFlag> flags;  // by cellKey(judge, criterion)
    TranscriptNotes notes;

    static QString cellKey(const QString &judge, const QString &criterion) { return judge + QLatin1Char('\x1f') + criterion; }
    const VerdictColumn *column(const QString &judge) const;
    // The flag on a cell, unless the judge has answered otherwise since (then the flag no longer applies).
    std::optional<CellFlag> flag(const QString &judge, const QString &criterion) const;
    // Judges gave different answers on this criterion (NA counts as an answer).
    bool judgesDisagree(const QString &criterion) const;
    // Message index of the turn a judge cites ([Turn N] counts the non-system messages from 1); -1 if none.
    int messageIndexOfTurn(int turn) const { return messageOfTurn(transcript, turn); }
};

// Reads one transcript's review from the store, scoring every judge and the combination with the
// rubric as it is now.
Result<TranscriptReview> loadTranscriptReview(ProjectStore &store, const QString &uid, const Rubric &rubric,
                                              Aggregation policy, const QStringList &judgeOrder);

} // namespace sift
