#include "batchanalysis.h"

#include "agreement.h"

#include <QCoreApplication>
#include <QSet>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::Gate", text);
}
} // namespace

AssessedTranscript assessTranscript(const QString &uid, const Rubric &rubric, const QList<AssessmentRecord> &judges,
                                    Aggregation policy)
{
    AssessedTranscript t;
    t.uid = uid;
    t.judges = judges;
    QList<QList<CriterionVerdict>> valid;
    for (const AssessmentRecord &a : judges) {
        if (a.valid)
            valid.append(a.criteria);
        else
            t.invalid = true;
    }
    t.invalid = t.invalid || valid.isEmpty();
    t.aggregated = aggregateVerdicts(rubric, valid, policy);
    t.score = scoreVerdicts(rubric, t.aggregated);
    if (t.invalid)
        t.score.passed = false;  // a missing or unreadable judgement never counts as a pass
    return t;
}

Gate gateFor(double passRate, bool signedOff, double scaleAt, double reviseBelow)
{
    const QString rate = QString::number(passRate * 100, 'f', 0) + QLatin1Char('%');
    if (passRate < reviseBelow)
        return {GateRecommendation::Revise,
                tr("%1 passed, below %2%: major revision needed (prompts, rubric or both)").arg(rate).arg(reviseBelow * 100)};
    if (passRate >= scaleAt && signedOff)
        return {GateRecommendation::Scale, tr("%1 passed and a human signed the batch off: ready to scale").arg(rate)};
    if (passRate >= scaleAt)
        return {GateRecommendation::Iterate,
                tr("%1 passed; scale once a human has reviewed the transcripts and verdicts and signed the batch off").arg(rate)};
    return {GateRecommendation::Iterate, tr("%1 passed, below %2%: keep iterating").arg(rate).arg(scaleAt * 100)};
}

QString gateName(GateRecommendation r)
{
    switch (r) {
    case GateRecommendation::Scale:
        return QStringLiteral("scale");
    case GateRecommendation::Iterate:
        return QStringLiteral("iterate");
    case GateRecommendation::Revise:
        return QStringLiteral("revise");
    }
    return {};
}

BatchFigures analyse(const Rubric &rubric, const QList<AssessedTranscript> &transcripts)
{
    BatchFigures f;
    QSet<QString> judgeNames;
    for (const AssessedTranscript &t : transcripts) {
        for (const AssessmentRecord &a : t.judges)
            judgeNames.insert(a.judge);
    }
    f.judges = QStringList(judgeNames.begin(), judgeNames.end());
    f.judges.sort();

    QHash<QString, QList<QStringList>> perCriterion;  // criterion -> items (transcript) -> answers
    QHash<QString, QStringList> perJudge;            // judge -> answers over every (transcript, criterion)
    QList<QStringList> allItems;
    for (const AssessedTranscript &t : transcripts) {
        ++f.transcripts;
        f.passed += t.score.passed ? 1 : 0;
        f.invalid += t.invalid ? 1 : 0;
        f.perfect += (!t.invalid && t.score.anyApplicable && t.score.weighted >= 1.0 - 1e-12) ? 1 : 0;
        if (!t.invalid) {
            for (const CriterionVerdict &v : t.aggregated) {
                if (v.answer == QLatin1String("NO")) {
                    ++f.criterionFailures[v.criterion];
                    if (rubric.isSafetyGate(v.criterion))
                        ++f.gateFailures[v.criterion];
                }
            }
        }
        for (const Criterion &c : rubric.criteria) {
            QStringList answers;
            for (const QString &judge : std::as_const(f.judges)) {
                QString answer;
                for (const AssessmentRecord &a : t.judges) {
                    if (a.judge != judge || !a.valid)
                        continue;
                    for (const CriterionVerdict &v : a.criteria) {
                        if (v.criterion == c.id)
                            answer = v.answer;
                    }
                }
                answers.append(answer);
                perJudge[judge].append(answer);
            }
            perCriterion[c.id].append(answers);
            allItems.append(answers);
        }
    }
    for (auto it = perCriterion.cbegin(); it != perCriterion.cend(); ++it)
        f.disagreement.insert(it.key(), disagreementRate(it.value()));
    for (int i = 0; i < f.judges.size(); ++i) {
        for (int j = i + 1; j < f.judges.size(); ++j) {
            if (const auto k = cohenKappa(perJudge.value(f.judges[i]), perJudge.value(f.judges[j])))
                f.cohen.insert(f.judges[i] + QLatin1Char('/') + f.judges[j], *k);
        }
    }
    if (f.judges.size() >= 2)
        f.fleiss = fleissKappa(allItems);
    return f;
}

} // namespace sift
