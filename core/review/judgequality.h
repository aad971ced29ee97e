#pragma once

#include "reviewstore.h"

#include <QList>
#include <QString>

#include <optional>

namespace sift {

// A proportion's 95% confidence interval (Wilson score interval, which stays inside [0, 1] and
// behaves with few items, unlike the normal approximation).
struct Interval
{
    double low = 0;
    double high = 0;
};
Interval wilsonInterval(int successes, int n, double z = 1.96);

// How far one judge can be trusted on one criterion (or on all of them: `criterion` empty), read
// from the reviewer's flags: each flag says what the right answer was (agree: the judge's;
// false positive: NO; false negative: YES).
struct JudgeQuality
{
    QString judge;
    QString criterion;  // empty: every criterion of the judge
    int flagged = 0;
    int agreed = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    double agreement = 0;       // agreed / flagged
    Interval interval;          // 95% interval of the agreement
    std::optional<double> kappa;  // Cohen's kappa of the judge's answers against the reviewer's
    double baseline = 0;        // agreement of a judge that always gives the reviewer's most common answer
    QString baselineAnswer;     // that answer
    QStringList warnings;

    // Agreement under 80%, or no better than always answering the same.
    bool needsAttention() const { return !warnings.isEmpty(); }
};

struct JudgeQualityReport
{
    QList<JudgeQuality> judges;    // one per judge, every criterion together
    QList<JudgeQuality> criteria;  // one per (judge, criterion) with a flag
};

// The right answer a flag stands for.
QString humanAnswer(const CellFlag &flag);

// Judges' agreement with the reviewer. `minAgreement` is the share under which a judge is flagged
// (0.80: the method reads 80% agreement against the base rate, not on its own).
JudgeQualityReport judgeQuality(const QList<CellFlag> &flags, double minAgreement = 0.80);

} // namespace sift
