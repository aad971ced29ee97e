#include "judgequality.h"

#include "assess/agreement.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>

#include <cmath>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::JudgeQuality", text, disambiguation, n);
}

constexpr int FewFlags = 10;

JudgeQuality measure(const QString &judge, const QString &criterion, const QList<const CellFlag *> &flags,
                     double minAgreement)
{
    JudgeQuality q;
    q.judge = judge;
    q.criterion = criterion;
    CohenKappa kappa;
    QMap<QString, int> humanAnswers;  // ordered, so ties between answers resolve the same way every time
    for (const CellFlag *f : flags) {
        ++q.flagged;
        switch (f->kind) {
        case FlagKind::Agree:
            ++q.agreed;
            break;
        case FlagKind::FalsePositive:
            ++q.falsePositives;
            break;
        case FlagKind::FalseNegative:
            ++q.falseNegatives;
            break;
        }
        const QString human = humanAnswer(*f);
        kappa.add(f->answer, human);
        ++humanAnswers[human];
    }
    q.agreement = q.flagged ? double(q.agreed) / q.flagged : 0;
    q.interval = wilsonInterval(q.agreed, q.flagged);
    q.kappa = kappa.value();
    for (auto it = humanAnswers.cbegin(); it != humanAnswers.cend(); ++it) {
        const double share = double(it.value()) / q.flagged;
        if (share > q.baseline) {
            q.baseline = share;
            q.baselineAnswer = it.key();
        }
    }
    if (q.flagged == 0)
        return q;
    const QString percent = QString::number(q.agreement * 100, 'f', 0) + QLatin1Char('%');
    if (q.agreement < minAgreement)
        q.warnings.append(tr("agrees with the reviewer on %1, under %2%").arg(percent).arg(minAgreement * 100, 0, 'f', 0));
    if (q.agreement <= q.baseline && q.baseline < 1.0)
        q.warnings.append(tr("no better than always answering %1 (%2%)")
                              .arg(q.baselineAnswer)
                              .arg(q.baseline * 100, 0, 'f', 0));
    // A warning on a handful of flags is a reason to flag more, not yet a verdict on the judge.
    if (!q.warnings.isEmpty() && q.flagged < FewFlags)
        q.warnings.append(tr("only %n flag(s): the interval is wide", nullptr, q.flagged));
    return q;
}
} // namespace

Interval wilsonInterval(int successes, int n, double z)
{
    if (n <= 0)
        return {0, 1};
    const double p = double(successes) / n;
    const double z2 = z * z;
    const double denominator = 1 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / denominator;
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return {qMax(0.0, centre - half), qMin(1.0, centre + half)};
}

QString humanAnswer(const CellFlag &flag)
{
    switch (flag.kind) {
    case FlagKind::Agree:
        return flag.answer;
    case FlagKind::FalsePositive:
        return QStringLiteral("NO");
    case FlagKind::FalseNegative:
        return QStringLiteral("YES");
    }
    return flag.answer;
}

JudgeQualityReport judgeQuality(const QList<CellFlag> &flags, double minAgreement)
{
    QMap<QString, QList<const CellFlag *>> byJudge;
    QMap<std::pair<QString, QString>, QList<const CellFlag *>> byCriterion;
    for (const CellFlag &f : flags) {
        byJudge[f.judge].append(&f);
        byCriterion[{f.judge, f.criterion}].append(&f);
    }
    JudgeQualityReport report;
    for (auto it = byJudge.cbegin(); it != byJudge.cend(); ++it)
        report.judges.append(measure(it.key(), {}, it.value(), minAgreement));
    for (auto it = byCriterion.cbegin(); it != byCriterion.cend(); ++it)
        report.criteria.append(measure(it.key().first, it.key().second, it.value(), minAgreement));
    return report;
}

} // namespace sift
