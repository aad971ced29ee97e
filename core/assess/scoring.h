#pragma once

#include "design/rubric.h"
#include "store/records.h"

#include <QHash>

namespace sift {

// A transcript's score under the rubric, exactly as the method defines it.
struct Score
{
    QHash<QString, double> categoryScores;  // only categories with an applicable criterion
    double weighted = 0;
    bool anyApplicable = false;
    QStringList gateFailures;  // safety gates answered NO
    bool passed = false;
};

// Category score = YES / (YES + NO) over its applicable (not NA) criteria; the weighted score sums
// the categories' weights times their scores, renormalised over the categories that had an
// applicable criterion; any safety gate answered NO rejects; a transcript passes when the weighted
// score reaches the threshold and no gate failed. Criteria without a verdict count as not applicable.
Score scoreVerdicts(const Rubric &rubric, const QList<CriterionVerdict> &verdicts);

// How several judges' answers on one criterion combine.
enum class Aggregation {
    AnyFail,   // NO if any judge says NO (the method's recommendation)
    Majority,  // the answer most applicable judges give; a tie fails
};
Aggregation aggregationFromName(const QString &name);

// One criterion answer from several judges. NA only when every judge says NA.
QString aggregateAnswer(const QStringList &answers, Aggregation policy);
// The combined verdicts of several judges (each list one judge's, all valid).
QList<CriterionVerdict> aggregateVerdicts(const Rubric &rubric, const QList<QList<CriterionVerdict>> &judges,
                                          Aggregation policy);

} // namespace sift
