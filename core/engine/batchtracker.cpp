#include "batchtracker.h"

#include <QCoreApplication>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::DriftMonitor", text);
}
} // namespace

BatchTracker::BatchTracker(int transcripts, int batchSize) : m_batchSize(std::max(1, batchSize))
{
    for (int start = 0; start < transcripts; start += m_batchSize) {
        m_total.append(std::min(m_batchSize, transcripts - start));
        m_finished.append(0);
    }
}

void BatchTracker::markReported(int batch)
{
    m_reported = std::max(m_reported, batch + 1);
}

void BatchTracker::finishOne(int batch)
{
    if (batch >= 0 && batch < m_finished.size())
        ++m_finished[batch];
}

QList<int> BatchTracker::takeReportable()
{
    QList<int> out;
    while (m_reported < batchCount() && m_finished[m_reported] >= m_total[m_reported])
        out.append(m_reported++);
    return out;
}

QStringList DriftMonitor::observe(const BatchFigures &f)
{
    QStringList warnings;
    const double rate = f.passRate();
    ++m_batches;
    if (m_passRates.size() >= 3) {
        double earlier = 0;
        for (double r : std::as_const(m_passRates))
            earlier += r;
        earlier /= m_passRates.size();
        double recent = rate;
        for (qsizetype i = m_passRates.size() - 2; i < m_passRates.size(); ++i)
            recent += m_passRates[i];
        recent /= 3;
        if (recent < earlier - 0.15)
            warnings.append(tr("the pass rate is drifting down: %1% over the last 3 batches against %2% before; revisit "
                               "the generation prompts")
                                .arg(recent * 100, 0, 'f', 0)
                                .arg(earlier * 100, 0, 'f', 0));
    }
    if (f.transcripts >= 3 && f.perfect * 2 > f.transcripts)
        warnings.append(tr("%1 of %2 transcripts scored a perfect 1.0: suspiciously high, check the judges against "
                           "the transcripts")
                            .arg(f.perfect)
                            .arg(f.transcripts));
    QStringList fresh;
    for (auto it = f.criterionFailures.cbegin(); it != f.criterionFailures.cend(); ++it) {
        if (it.value() > 0 && !m_seenFailures.contains(it.key()))
            fresh.append(it.key());
    }
    fresh.sort();
    if (m_batches > 1 && !fresh.isEmpty())
        warnings.append(tr("a new failure pattern: %1 failed for the first time in this run; read those transcripts, and "
                           "add a criterion if the rubric misses something")
                            .arg(fresh.join(QStringLiteral(", "))));
    for (const QString &c : std::as_const(fresh))
        m_seenFailures.insert(c);
    m_passRates.append(rate);
    return warnings;
}

} // namespace sift
