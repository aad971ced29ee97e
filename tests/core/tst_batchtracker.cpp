// Batches reported in order however they finish, and the warning signs watched while scaling.

#include "engine/batchtracker.h"

#include <QTest>

using namespace sift;

namespace {
BatchFigures figures(int transcripts, int passed, int perfect = 0, const QHash<QString, int> &failures = {})
{
    BatchFigures f;
    f.transcripts = transcripts;
    f.passed = passed;
    f.perfect = perfect;
    f.criterionFailures = failures;
    return f;
}
} // namespace

class TestBatchTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesAreReportedInOrder();
    void aShortLastBatch();
    void fallingPassRate();
    void perfectScores();
    void newFailurePatterns();
};

void TestBatchTracker::batchesAreReportedInOrder()
{
    BatchTracker t(15, 5);
    QCOMPARE(t.batchCount(), 3);
    QCOMPARE(t.batchOf(7), 1);
    for (int i = 0; i < 5; ++i)
        t.finishOne(1);  // batch 2 finishes first
    QVERIFY(t.takeReportable().isEmpty());
    for (int i = 0; i < 4; ++i)
        t.finishOne(0);
    QVERIFY(t.takeReportable().isEmpty());
    t.finishOne(0);
    QCOMPARE(t.takeReportable(), (QList<int>{0, 1}));
    QVERIFY(t.takeReportable().isEmpty());  // each batch once
    QVERIFY(!t.allReported());
    for (int i = 0; i < 5; ++i)
        t.finishOne(2);
    QCOMPARE(t.takeReportable(), QList<int>{2});
    QVERIFY(t.allReported());
}

void TestBatchTracker::aShortLastBatch()
{
    BatchTracker t(7, 5);
    QCOMPARE(t.batchCount(), 2);
    t.markReported(0);  // resumed: the first batch was reported before
    t.finishOne(1);
    QVERIFY(t.takeReportable().isEmpty());
    t.finishOne(1);
    QCOMPARE(t.takeReportable(), QList<int>{1});
}

void TestBatchTracker::fallingPassRate()
{
    DriftMonitor d;
    for (int i = 0; i < 4; ++i)
        QVERIFY(d.observe(figures(10, 8)).isEmpty());
    QVERIFY(d.observe(figures(10, 7)).isEmpty());  // a dip within reason
    QVERIFY(d.observe(figures(10, 5)).isEmpty());  // (5 + 7 + 8) / 3 = 67% against 78%: not yet
    const QStringList w = d.observe(figures(10, 3));  // (3 + 5 + 7) / 3 = 50% against 76%
    QCOMPARE(w.size(), 1);
    QVERIFY2(w.first().contains(QStringLiteral("drifting down")), qPrintable(w.first()));
}

void TestBatchTracker::perfectScores()
{
    DriftMonitor d;
    QVERIFY(d.observe(figures(10, 9, 5)).isEmpty());  // half perfect: fine
    const QStringList w = d.observe(figures(10, 10, 6));
    QCOMPARE(w.size(), 1);
    QVERIFY(w.first().contains(QStringLiteral("6 of 10 transcripts scored a perfect 1.0")));
}

void TestBatchTracker::newFailurePatterns()
{
    DriftMonitor d;
    // The first batch sets what is known.
    QVERIFY(d.observe(figures(5, 3, 0, {{QStringLiteral("AC1"), 2}})).isEmpty());
    QVERIFY(d.observe(figures(5, 4, 0, {{QStringLiteral("AC1"), 1}})).isEmpty());
    const QStringList w = d.observe(figures(5, 3, 0, {{QStringLiteral("AC1"), 1}, {QStringLiteral("SF2"), 1}, {QStringLiteral("CM3"), 1}}));
    QCOMPARE(w.size(), 1);
    QVERIFY2(w.first().contains(QStringLiteral("CM3, SF2 failed for the first time")), qPrintable(w.first()));
    QVERIFY(d.observe(figures(5, 3, 0, {{QStringLiteral("SF2"), 1}})).isEmpty());  // no longer new
}

QTEST_GUILESS_MAIN(TestBatchTracker)
#include "tst_batchtracker.moc"
