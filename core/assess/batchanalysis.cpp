#include "batchanalysis.h"


#include <QCoreApplication>
#include <QSet>

#include <cmath>

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

QString thresholdPercent(double share)
{
    return QString::number(std::round(share * 1000) / 10);
}

Gate gateFor(double passRate, bool signedOff, double scaleAt, double reviseBelow)
{
    const QString rate = QString::number(passRate * 100, 'f', 0) + QLatin1Char('%');
    if (passRate < reviseBelow)
        return {GateRecommendation::Revise,
                tr("%1 passed, below %2%: major revision needed (prompts, rubric or both)").arg(rate, thresholdPercent(reviseBelow))};
    if (passRate >= scaleAt && signedOff)
        return {GateRecommendation::Scale, tr("%1 passed and a human signed the batch off: ready to scale").arg(rate)};
    if (passRate >= scaleAt)
        return {GateRecommendation::Iterate,
                tr("%1 passed; scale once a human has reviewed the transcripts and verdicts and signed the batch off").arg(rate)};
    return {GateRecommendation::Iterate, tr("%1 passed, below %2%: keep iterating").arg(rate, thresholdPercent(scaleAt))};
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
    QSet<QString> names;
    for (const AssessedTranscript &t : transcripts) {
        for (const AssessmentRecord &a : t.judges)
            names.insert(a.judge);
    }
    QStringList judges(names.begin(), names.end());
    judges.sort();
    FiguresAccumulator figures(rubric, judges);
    for (const AssessedTranscript &t : transcripts)
        figures.add(t);
    return figures.figures();
}

FiguresAccumulator::FiguresAccumulator(const Rubric &rubric, QStringList judges) : m_rubric(rubric)
{
    m_figures.judges = std::move(judges);
}

void FiguresAccumulator::add(const AssessedTranscript &t)
{
    BatchFigures &f = m_figures;
    ++f.transcripts;
    ++f.assessed;
    f.passed += t.score.passed ? 1 : 0;
    f.invalid += t.invalid ? 1 : 0;
    f.perfect += (!t.invalid && t.score.anyApplicable && t.score.weighted >= 1.0 - 1e-12) ? 1 : 0;
    if (!t.invalid) {
        for (const CriterionVerdict &v : t.aggregated) {
            if (v.answer == QLatin1String("NO")) {
                ++f.criterionFailures[v.criterion];
                if (m_rubric.isSafetyGate(v.criterion))
                    ++f.gateFailures[v.criterion];
            }
        }
    }
    // Every judge's answer on every criterion (empty when the judge gave none, or an invalid one).
    QHash<QString, QHash<QString, QString>> answers;  // judge -> criterion -> answer
    for (const AssessmentRecord &a : t.judges) {
        if (!a.valid)
            continue;
        for (const CriterionVerdict &v : a.criteria)
            answers[a.judge].insert(v.criterion, v.answer);
    }
    for (const Criterion &c : m_rubric.criteria) {
        QStringList item;
        for (const QString &judge : std::as_const(f.judges))
            item.append(answers.value(judge).value(c.id));
        m_disagreement[c.id].add(item);
        m_fleiss.add(item);
        for (int i = 0; i < f.judges.size(); ++i)
            for (int j = i + 1; j < f.judges.size(); ++j)
                m_cohen[f.judges[i] + QLatin1Char('/') + f.judges[j]].add(item[i], item[j]);
    }
}

BatchFigures FiguresAccumulator::figures() const
{
    BatchFigures f = m_figures;
    for (const Criterion &c : m_rubric.criteria)
        f.disagreement.insert(c.id, m_disagreement.value(c.id).value());
    for (auto it = m_cohen.cbegin(); it != m_cohen.cend(); ++it) {
        if (const auto k = it.value().value())
            f.cohen.insert(it.key(), *k);
    }
    if (f.judges.size() >= 2)
        f.fleiss = m_fleiss.value();
    return f;
}

} // namespace sift
