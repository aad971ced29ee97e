#include "runcharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace sift {

namespace {
constexpr int MaxCriteriaShown = 8;

QChartView *chartView(QChart *chart, const QString &title, const QString &name)
{
    chart->setTitle(title);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *view = new QChartView(chart);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}
} // namespace

RunCharts::RunCharts(QWidget *parent)
    : QWidget(parent), m_batchRate(new QLineSeries), m_rollingRate(new QLineSeries), m_cumulativeRate(new QLineSeries),
      m_passX(new QValueAxis), m_failureSeries(new QHorizontalBarSeries), m_failureSet(new QBarSet(tr("NO answers"))),
      m_failureAxis(new QBarCategoryAxis), m_failureCount(new QValueAxis), m_cost(new QLineSeries), m_costX(new QValueAxis),
      m_costY(new QValueAxis)
{
    auto *pass = new QChart;
    m_batchRate->setName(tr("batch"));
    m_rollingRate->setName(tr("rolling (3)"));
    m_cumulativeRate->setName(tr("cumulative"));
    for (QLineSeries *s : {m_batchRate, m_rollingRate, m_cumulativeRate}) {
        s->setPointsVisible(true);
        pass->addSeries(s);
    }
    auto *passY = new QValueAxis;
    passY->setRange(0, 100);
    passY->setLabelFormat(QStringLiteral("%d%%"));
    m_passX->setLabelFormat(QStringLiteral("%d"));
    m_passX->setTitleText(tr("batch"));
    m_passX->setRange(1, 2);
    pass->addAxis(m_passX, Qt::AlignBottom);
    pass->addAxis(passY, Qt::AlignLeft);
    for (QLineSeries *s : {m_batchRate, m_rollingRate, m_cumulativeRate}) {
        s->attachAxis(m_passX);
        s->attachAxis(passY);
    }
    m_passView = chartView(pass, tr("Pass rate per batch"), QStringLiteral("passRateChart"));

    auto *failures = new QChart;
    m_failureSeries->append(m_failureSet);
    failures->addSeries(m_failureSeries);
    failures->addAxis(m_failureAxis, Qt::AlignLeft);
    m_failureCount->setLabelFormat(QStringLiteral("%d"));
    failures->addAxis(m_failureCount, Qt::AlignBottom);
    m_failureSeries->attachAxis(m_failureAxis);
    m_failureSeries->attachAxis(m_failureCount);
    failures->legend()->hide();
    m_failureView = chartView(failures, tr("Criteria failed most"), QStringLiteral("failureChart"));

    auto *cost = new QChart;
    m_cost->setName(tr("US$"));
    cost->addSeries(m_cost);
    m_costX->setLabelFormat(QStringLiteral("%d"));
    m_costX->setTitleText(tr("transcripts"));
    m_costY->setLabelFormat(QStringLiteral("$%.2f"));
    cost->addAxis(m_costX, Qt::AlignBottom);
    cost->addAxis(m_costY, Qt::AlignLeft);
    m_cost->attachAxis(m_costX);
    m_cost->attachAxis(m_costY);
    cost->legend()->hide();
    m_costView = chartView(cost, tr("Cost so far"), QStringLiteral("costChart"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_passView, 3);
    layout->addWidget(m_failureView, 2);
    layout->addWidget(m_costView, 2);
    clear();
}

void RunCharts::clear()
{
    for (QLineSeries *s : {m_batchRate, m_rollingRate, m_cumulativeRate, m_cost})
        s->clear();
    m_passX->setRange(1, 2);
    m_failureSet->remove(0, m_failureSet->count());
    m_failureAxis->clear();
    m_failureCount->setRange(0, 1);
    m_costX->setRange(0, 5);
    m_costY->setRange(0, 0.01);
    m_costY->setLabelFormat(QStringLiteral("$%.4f"));
}

void RunCharts::addBatch(int batchNumber, double passRate, double rollingRate, double cumulativeRate)
{
    m_batchRate->append(batchNumber, passRate * 100);
    m_rollingRate->append(batchNumber, rollingRate * 100);
    m_cumulativeRate->append(batchNumber, cumulativeRate * 100);
    m_passX->setRange(1, qMax(2, batchNumber));
    m_passX->setTickCount(qMin(qMax(2, batchNumber), 11));
    // Past a few dozen batches the points only hide the lines.
    for (QLineSeries *s : {m_batchRate, m_rollingRate, m_cumulativeRate})
        s->setPointsVisible(batchNumber <= 40);
}

void RunCharts::setCriterionFailures(const QHash<QString, int> &failures)
{
    QList<std::pair<QString, int>> sorted;
    for (auto it = failures.cbegin(); it != failures.cend(); ++it) {
        if (it.value() > 0)
            sorted.append({it.key(), it.value()});
    }
    // Most failures first, then by id, so equal counts keep their places between updates.
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (sorted.size() > MaxCriteriaShown)
        sorted.resize(MaxCriteriaShown);
    QStringList categories;
    int most = 1;
    m_failureSet->remove(0, m_failureSet->count());
    // A horizontal bar chart draws its first category at the bottom: add the largest last.
    for (auto it = sorted.crbegin(); it != sorted.crend(); ++it) {
        categories.append(it->first);
        m_failureSet->append(it->second);
        most = qMax(most, it->second);
    }
    m_failureAxis->clear();
    m_failureAxis->append(categories);
    m_failureCount->setRange(0, most);
    m_failureCount->setTickCount(qMin(most, 5) + 1);
}

void RunCharts::addCost(int transcripts, double dollars)
{
    if (m_cost->count() > 0 && m_cost->at(m_cost->count() - 1).x() == transcripts)
        m_cost->replace(m_cost->count() - 1, transcripts, dollars);
    else
        m_cost->append(transcripts, dollars);
    m_costX->setRange(0, qMax(5, transcripts));
    const double top = qMax(0.01, dollars * 1.15);
    m_costY->setRange(0, top);
    // Enough decimals that the ticks differ: cents for dollars, fractions of a cent for small runs.
    m_costY->setLabelFormat(top >= 1 ? QStringLiteral("$%.2f") : top >= 0.05 ? QStringLiteral("$%.3f") : QStringLiteral("$%.4f"));
}

int RunCharts::batchPoints() const
{
    return m_batchRate->count();
}

QStringList RunCharts::failureCategories() const
{
    return m_failureAxis->categories();
}

int RunCharts::costPoints() const
{
    return m_cost->count();
}

} // namespace sift
