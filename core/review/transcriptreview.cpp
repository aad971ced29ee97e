#include "transcriptreview.h"

#include "assess/batchanalysis.h"
#include "store/projectstore.h"
#include "store/runstore.h"

namespace sift {

const VerdictColumn *TranscriptReview::column(const QString &judge) const
{
    if (judge == ReviewStore::AggregateJudge)
        return &aggregated;
    for (const VerdictColumn &c : judges) {
        if (c.judge == judge)
            return &c;
    }
    return nullptr;
}

std::optional<CellFlag> TranscriptReview::flag(const QString &judge, const QString &criterion) const
{
    const auto it = flags.constFind(cellKey(judge, criterion));
    if (it == flags.constEnd())
        return std::nullopt;
    const VerdictColumn *c = column(judge);
    if (!c || c->answers.value(criterion).answer != it->answer)
        return std::nullopt;
    return *it;
}

bool TranscriptReview::judgesDisagree(const QString &criterion) const
{
    QString first;
    for (const VerdictColumn &c : judges) {
        if (!c.valid || !c.answers.contains(criterion))
            continue;
        const QString answer = c.answers.value(criterion).answer;
        if (first.isEmpty())
            first = answer;
        else if (answer != first)
            return true;
    }
    return false;
}

int messageOfTurn(const TranscriptRecord &transcript, int turn)
{
    int seen = 0;
    for (int i = 0; i < transcript.messages.size(); ++i) {
        if (transcript.messages[i].role != QLatin1String("system") && ++seen == turn)
            return i;
    }
    return -1;
}

namespace {
VerdictColumn columnFrom(const QString &judge, bool valid, const QString &error, const QList<CriterionVerdict> &verdicts,
                         const Rubric &rubric)
{
    VerdictColumn c;
    c.judge = judge;
    c.assessed = true;
    c.valid = valid;
    c.error = error;
    for (const CriterionVerdict &v : verdicts)
        c.answers.insert(v.criterion, v);
    if (valid)
        c.score = scoreVerdicts(rubric, verdicts);
    return c;
}
} // namespace

Result<TranscriptReview> loadTranscriptReview(ProjectStore &store, const QString &uid, const Rubric &rubric,
                                              Aggregation policy, const QStringList &judgeOrder)
{
    auto transcript = store.transcript(uid);
    if (!transcript)
        return Result<TranscriptReview>::failure(transcript.diagnostics());
    TranscriptReview review;
    review.transcript = std::move(*transcript);

    // Generated transcripts have an assessment per judge (valid or not); imported ones only verdicts.
    auto assessments = RunStore(store).assessments(uid, RunStore::Imported::Include);
    if (!assessments)
        return Result<TranscriptReview>::failure(assessments.diagnostics());
    std::stable_sort(assessments->begin(), assessments->end(), [&](const AssessmentRecord &a, const AssessmentRecord &b) {
        const auto rank = [&](const QString &j) { return judgeOrder.contains(j) ? judgeOrder.indexOf(j) : judgeOrder.size(); };
        return rank(a.judge) < rank(b.judge);
    });
    for (const AssessmentRecord &a : std::as_const(*assessments))
        review.judges.append(columnFrom(a.judge, a.valid, a.error, a.criteria, rubric));

    if (!assessments->isEmpty()) {
        const AssessedTranscript combined = assessTranscript(uid, rubric, *assessments, policy);
        QStringList invalid;
        for (const VerdictColumn &c : std::as_const(review.judges)) {
            if (!c.valid)
                invalid.append(c.judge);
        }
        review.aggregated = columnFrom(ReviewStore::AggregateJudge, !combined.invalid,
                                       invalid.isEmpty() ? QString() : invalid.join(QStringLiteral(", ")),
                                       combined.aggregated, rubric);
    } else {
        review.aggregated.judge = ReviewStore::AggregateJudge;
    }

    ReviewStore reviews(store);
    const auto flags = reviews.flags(uid);
    if (!flags)
        return Result<TranscriptReview>::failure(flags.diagnostics());
    for (const CellFlag &f : *flags)
        review.flags.insert(TranscriptReview::cellKey(f.judge, f.criterion), f);
    const auto notes = reviews.notes(uid);
    if (!notes)
        return Result<TranscriptReview>::failure(notes.diagnostics());
    review.notes = *notes;
    return review;
}

} // namespace sift
