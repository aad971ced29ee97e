#pragma once

#include <QHash>
#include <QWidget>

class QBarSet;
class QBarCategoryAxis;
class QChartView;
class QHorizontalBarSeries;
class QLineSeries;
class QValueAxis;

namespace sift {

// The live charts of a run: the pass rate batch by batch (the batch's own, the rolling rate over the
// last three batches and the cumulative one), the criteria that fail most, and what the run has
// cost so far against the transcripts it has finished.
class RunCharts : public QWidget
{
    Q_OBJECT

public:
    explicit RunCharts(QWidget *parent = nullptr);

    void clear();
    // One batch finished: its pass rate, and the rolling and cumulative rates after it.
    void addBatch(int batchNumber, double passRate, double rollingRate, double cumulativeRate);
    // The aggregated NO count per criterion so far; the chart shows the most frequent.
    void setCriterionFailures(const QHash<QString, int> &failures);
    // Cost after `transcripts` finished transcripts.
    void addCost(int transcripts, double dollars);

    int batchPoints() const;
    QStringList failureCategories() const;
    int costPoints() const;

private:
    QChartView *m_passView;
    QLineSeries *m_batchRate;
    QLineSeries *m_rollingRate;
    QLineSeries *m_cumulativeRate;
    QValueAxis *m_passX;
    QChartView *m_failureView;
    QHorizontalBarSeries *m_failureSeries;
    QBarSet *m_failureSet;
    QBarCategoryAxis *m_failureAxis;
    QValueAxis *m_failureCount;
    QChartView *m_costView;
    QLineSeries *m_cost;
    QValueAxis *m_costX;
    QValueAxis *m_costY;
};

} // namespace sift
