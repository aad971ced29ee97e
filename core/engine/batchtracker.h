#pragma once

#include "assess/batchanalysis.h"

#include <QSet>

namespace sift {

// What one finished batch looked like, and what the method says to do next.
struct BatchReport
{
    qint64 runId = 0;
    qint64 batchId = 0;
    int index = 0;  // 0-based within the run
    QString promptVersion;
    BatchFigures figures;
    Gate gate;
    QStringList warnings;  // drift: falling pass rate, perfect scores, new failure patterns
};

// Knows which batches of a run are complete and hands them out for reporting in order, so gates
// and drift are judged batch after batch even when later batches finish first.
class BatchTracker
{
public:
    BatchTracker() = default;
    BatchTracker(int transcripts, int batchSize);

    int batchSize() const { return m_batchSize; }
    int batchCount() const { return int(m_total.size()); }
    int batchOf(int index) const { return index / m_batchSize; }
    void markReported(int batch);
    int reportedCount() const { return m_reported; }
    // One more transcript of `batch` is finished (assessed, failed, or generated when not assessing).
    void finishOne(int batch);
    // The batches now complete whose predecessors are all reported, in order; they count as reported.
    QList<int> takeReportable();
    bool allReported() const { return m_reported >= batchCount(); }

private:
    int m_batchSize = 5;
    QList<int> m_total;
    QList<int> m_finished;
    int m_reported = 0;
};

// Watches batch after batch for the method's warning signs when scaling: the pass rate drifting
// down, suspiciously perfect scores, and criteria that start failing that never failed before.
class DriftMonitor
{
public:
    QStringList observe(const BatchFigures &figures);

private:
    QList<double> m_passRates;
    QSet<QString> m_seenFailures;
    int m_batches = 0;
};

} // namespace sift
