#include "scoring.h"

namespace sift {

Score scoreVerdicts(const Rubric &rubric, const QList<CriterionVerdict> &verdicts)
{
    QHash<QString, QString> answers;
    for (const CriterionVerdict &v : verdicts)
        answers.insert(v.criterion, v.answer);

    Score s;
    double weightSum = 0;
    double weighted = 0;
    for (const RubricCategory &cat : rubric.categories) {
        int yes = 0, no = 0;
        for (const QString &id : cat.criteria) {
            const QString a = answers.value(id);
            yes += a == QLatin1String("YES") ? 1 : 0;
            no += a == QLatin1String("NO") ? 1 : 0;
        }
        if (yes + no == 0)
            continue;  // nothing applicable: the category drops out and the others are renormalised
        const double score = double(yes) / double(yes + no);
        s.categoryScores.insert(cat.id, score);
        weightSum += cat.weight;
        weighted += cat.weight * score;
    }
    s.anyApplicable = !s.categoryScores.isEmpty();
    s.weighted = weightSum > 0 ? weighted / weightSum : 0;
    for (const QString &gate : rubric.safetyGates) {
        if (answers.value(gate) == QLatin1String("NO"))
            s.gateFailures.append(gate);
    }
    s.passed = s.anyApplicable && s.gateFailures.isEmpty() && s.weighted >= rubric.passThreshold - 1e-12;
    return s;
}

Aggregation aggregationFromName(const QString &name)
{
    return name == QLatin1String("majority") ? Aggregation::Majority : Aggregation::AnyFail;
}

QString aggregateAnswer(const QStringList &answers, Aggregation policy)
{
    const int yes = int(answers.count(QStringLiteral("YES")));
    const int no = int(answers.count(QStringLiteral("NO")));
    if (yes + no == 0)
        return answers.isEmpty() ? QString() : QStringLiteral("NA");
    if (policy == Aggregation::AnyFail)
        return no > 0 ? QStringLiteral("NO") : QStringLiteral("YES");
    return yes > no ? QStringLiteral("YES") : QStringLiteral("NO");
}

QList<CriterionVerdict> aggregateVerdicts(const Rubric &rubric, const QList<QList<CriterionVerdict>> &judges,
                                          Aggregation policy)
{
    QList<CriterionVerdict> out;
    for (const Criterion &c : rubric.criteria) {
        QList<const CriterionVerdict *> given;
        QStringList answers;
        for (const QList<CriterionVerdict> &judge : judges) {
            for (const CriterionVerdict &v : judge) {
                if (v.criterion == c.id) {
                    given.append(&v);
                    answers.append(v.answer);
                }
            }
        }
        if (given.isEmpty())
            continue;
        const QString answer = aggregateAnswer(answers, policy);
        // The evidence shown is that of a judge who gave the combined answer (for a failure, the
        // first judge who found it).
        const auto source = std::find_if(given.begin(), given.end(), [&](const CriterionVerdict *v) { return v->answer == answer; });
        CriterionVerdict combined = source != given.end() ? **source : *given.first();
        combined.answer = answer;
        out.append(combined);
    }
    return out;
}

} // namespace sift
