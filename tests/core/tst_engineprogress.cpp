// What a run reports while it works, against the fake provider server: the progress signal's pass
// rates, criterion failures, tokens, cost and retries, checked against what the database and the
// server saw; a resumed run carrying on from the figures of the run so far (spending, pass rates,
// drift history) instead of from zero.

#include "store/runstore.h"
#include "support/enginedriver.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace sift;
using namespace sift::test;


namespace {

// The progress a run's last progressChanged() carried.
RunProgress lastProgress(const QSignalSpy &spy)
{
    return spy.isEmpty() ? RunProgress{} : spy.last().first().value<RunProgress>();
}

struct Expected
{
    int assessed = 0;
    int passed = 0;
    QList<double> batchRates;
    QHash<QString, int> criterionFailures;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
};

// The figures a run's progress should show, read straight from the database (any_fail: a criterion
// fails a transcript when some judge says NO).
Expected expectedFor(const QString &dir, qint64 runId)
{
    Expected e;
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QSqlQuery q((*store)->database());
    q.prepare(QStringLiteral("SELECT COUNT(*), SUM(passed) FROM transcripts WHERE run_id = ? AND status = 'assessed'"));
    q.addBindValue(runId);
    if (q.exec() && q.next()) {
        e.assessed = q.value(0).toInt();
        e.passed = q.value(1).toInt();
    }
    q.prepare(QStringLiteral("SELECT SUM(t.passed), COUNT(*) FROM transcripts t JOIN batches b ON b.id = t.batch_id "
                             "WHERE t.run_id = ? GROUP BY b.idx ORDER BY b.idx"));
    q.addBindValue(runId);
    q.exec();
    while (q.next())
        e.batchRates.append(q.value(0).toDouble() / q.value(1).toDouble());
    q.prepare(QStringLiteral("SELECT v.criterion, COUNT(DISTINCT v.transcript_id) FROM verdicts v JOIN transcripts t ON "
                             "t.id = v.transcript_id WHERE t.run_id = ? AND t.assessment = 'valid' AND v.answer = 'NO' "
                             "GROUP BY v.criterion"));
    q.addBindValue(runId);
    q.exec();
    while (q.next())
        e.criterionFailures.insert(q.value(0).toString(), q.value(1).toInt());
    q.exec(QStringLiteral("SELECT SUM(input_tokens), SUM(output_tokens) FROM llm_calls WHERE status = 'ok'"));
    if (q.next()) {
        e.inputTokens = q.value(0).toLongLong();
        e.outputTokens = q.value(1).toLongLong();
    }
    return e;
}

double rollingOf(const QList<double> &rates)
{
    const qsizetype n = std::min<qsizetype>(3, rates.size());
    double sum = 0;
    for (qsizetype i = rates.size() - n; i < rates.size(); ++i)
        sum += rates[i];
    return n ? sum / double(n) : 0;
}

// Every backend at $3 per million tokens in and $15 out.
bool setPrices(const QString &dir)
{
    return editFile(QDir(dir).filePath(QStringLiteral("sift.yaml")), "max_retry_wait_s: 0.2}",
                    "max_retry_wait_s: 0.2, price: {input_per_mtok: 3, output_per_mtok: 15}}");
}

// Batches one after the other: none starts before the one before it is reported, so a run
// cancelled when a batch is reported has nothing else under way.
RunOptions oneBatchAtATime(int count)
{
    RunOptions o = runOptions(count);
    o.force = true;
    o.parallel = 5;
    return o;
}

void compareFigures(const RunProgress &got, const RunProgress &want)
{
    QCOMPARE(got.generated, want.generated);
    QCOMPARE(got.assessed, want.assessed);
    QCOMPARE(got.passed, want.passed);
    QCOMPARE(got.invalid, want.invalid);
    QCOMPARE(got.batchesReported, want.batchesReported);
    QCOMPARE(got.cumulativePassRate, want.cumulativePassRate);
    QCOMPARE(got.rollingPassRate, want.rollingPassRate);
    QCOMPARE(got.criterionFailures, want.criterionFailures);
    QCOMPARE(got.requests, want.requests);
    QCOMPARE(got.cacheHits, want.cacheHits);
    QCOMPARE(got.retries, want.retries);
    QCOMPARE(got.inputTokens, want.inputTokens);
    QCOMPARE(got.outputTokens, want.outputTokens);
    QCOMPARE(got.costMicroUsd, want.costMicroUsd);
}

} // namespace

class TestEngineProgress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void progressCarriesRatesFailuresTokensCostAndRetries();
    void invalidRepliesAreCountedAsPaid();
    void aResumedRunCarriesOnFromItsFigures();
    void aResumedRunKeepsItsDriftHistory();

private:
    QString project();
    FakeProviderServer m_server;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestEngineProgress::initTestCase()
{
    qRegisterMetaType<sift::RunProgress>();
    QVERIFY(m_server.start());
}

void TestEngineProgress::init()
{
    m_server.clearScript();
    m_server.setLatency(0);
    m_server.setResponder(engineResponder(0.05));
}

QString TestEngineProgress::project()
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    return makeEngineProject(dir, m_server.baseUrl()) && setPrices(dir) ? dir : QString();
}

void TestEngineProgress::progressCarriesRatesFailuresTokensCostAndRetries()
{
    const QString dir = project();
    QVERIFY(!dir.isEmpty());
    m_server.clearRequests();
    m_server.enqueue(ScriptedReply::status(500), 2);  // two attempts fail and are retried
    Harness h(dir, Harness::CallLog::Project);
    QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
    RunOptions o = runOptions(15);
    o.force = true;
    h.engine.start(o);
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QVERIFY(progress.size() >= 2);
    const RunProgress p = lastProgress(progress);
    const Expected e = expectedFor(dir, h.engine.runId());

    QCOMPARE(p.state, QStringLiteral("completed"));
    QCOMPARE(p.target, 15);
    QCOMPARE(p.generated, 15);
    QCOMPARE(p.assessed, e.assessed);
    QCOMPARE(p.assessed, 15);
    QCOMPARE(p.passed, e.passed);
    QVERIFY2(e.passed > 0 && e.passed < 15, qPrintable(QString::number(e.passed)));  // some fail: the rates mean something
    QCOMPARE(p.cumulativePassRate, double(e.passed) / 15);
    QCOMPARE(e.batchRates.size(), 3);
    QCOMPARE(p.batchesReported, 3);
    QCOMPARE(p.rollingPassRate, rollingOf(e.batchRates));
    QVERIFY(!e.criterionFailures.isEmpty());
    QCOMPARE(p.criterionFailures, e.criterionFailures);
    // Every request the server answered, less the two failed attempts, was one call.
    QCOMPARE(p.retries, 2);
    QCOMPARE(p.requests, m_server.requestCount() - 2);
    QCOMPARE(p.cacheHits, 0);
    QVERIFY(e.inputTokens > 0 && e.outputTokens > 0);
    QCOMPARE(p.inputTokens, e.inputTokens);
    QCOMPARE(p.outputTokens, e.outputTokens);
    QCOMPARE(p.costMicroUsd, 3 * e.inputTokens + 15 * e.outputTokens);
    // The call log names the run for every call.
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls WHERE run_id IS NOT %1").arg(h.engine.runId())), 0);
}

void TestEngineProgress::invalidRepliesAreCountedAsPaid()
{
    const QString dir = project();
    // judge_b answers in prose: each of its calls is paid for twice (max_invalid_retries 1), then invalid.
    m_server.setResponder([inner = engineResponder(0)](const ReceivedRequest &r) {
        if (r.json.value(QStringLiteral("model")).toString() == QLatin1String("judge-b"))
            return QStringLiteral("All criteria are met, YES across the board.");
        return inner(r);
    });
    m_server.clearRequests();
    Harness h(dir, Harness::CallLog::Project);
    QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
    h.engine.start(runOptions(5));
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    const RunProgress p = lastProgress(progress);
    QCOMPARE(p.invalid, 5);
    // An invalid reply's log row is written in the client's next group of writes, after its result.
    QTRY_COMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM llm_calls WHERE status = 'invalid_reply'")), 10);
    // Each of judge_b's five calls took two attempts: one retry each, one call each.
    QCOMPARE(p.retries, 5);
    QCOMPARE(p.requests, m_server.requestCount() - 5);
    // Every reply the server sent was paid for, the invalid ones included.
    QCOMPARE(p.inputTokens, scalar(dir, QStringLiteral("SELECT SUM(input_tokens) FROM llm_calls")));
    QCOMPARE(p.outputTokens, scalar(dir, QStringLiteral("SELECT SUM(output_tokens) FROM llm_calls")));
    QCOMPARE(p.costMicroUsd, 3 * p.inputTokens + 15 * p.outputTokens);
    // And a resumed run would count the same from the call log.
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    const auto totals = RunStore(**store).callTotals(h.engine.runId());
    QVERIFY(totals.ok());
    QCOMPARE(totals->requests, p.requests);
    QCOMPARE(totals->retries, p.retries);
    QCOMPARE(totals->inputTokens, p.inputTokens);
    QCOMPARE(totals->outputTokens, p.outputTokens);
    QCOMPARE(totals->costMicroUsd, p.costMicroUsd);
}

void TestEngineProgress::aResumedRunCarriesOnFromItsFigures()
{
    const QString reference = project();
    const QString dir = project();
    RunProgress straight;
    {
        Harness h(reference, Harness::CallLog::Project);
        QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
        h.engine.start(oneBatchAtATime(15));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
        straight = lastProgress(progress);
    }
    RunProgress atCancel;
    {
        Harness h(dir, Harness::CallLog::Project);
        QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
        QObject::connect(&h.engine, &RunEngine::batchFinished, &h.engine, [&h](const BatchReport &r) {
            if (r.index == 0)
                h.engine.cancel();
        });
        h.engine.start(oneBatchAtATime(15));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Cancelled);
        atCancel = lastProgress(progress);
        QCOMPARE(atCancel.assessed, 5);
        QCOMPARE(atCancel.batchesReported, 1);
    }
    Harness h(dir, Harness::CallLog::Project);
    QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
    h.engine.resume();
    // Before anything new is done, the run stands where it stopped: what the cancelled engine
    // counted as it went equals what the resumed one reads back.
    {
        RunProgress resumed = h.engine.progress();
        QCOMPARE(resumed.runId, atCancel.runId);
        resumed.state = atCancel.state;
        compareFigures(resumed, atCancel);
        QVERIFY(resumed.inputTokens > 0 && resumed.costMicroUsd > 0);
        QCOMPARE(resumed.rollingPassRate, atCancel.cumulativePassRate);  // one batch so far
    }
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    // Stopped and resumed, or straight through: the same figures, nothing counted twice or lost.
    const RunProgress p = lastProgress(progress);
    compareFigures(p, straight);
    QCOMPARE(p.batchesReported, 3);
}

void TestEngineProgress::aResumedRunKeepsItsDriftHistory()
{
    // Three batches in which every transcript passes but CM1 always fails, then two in which a safety
    // gate fails too and nothing passes: the pass rate falls and SF1 is a new failure; CM1 is not.
    const auto early = judgingResponder([](const QString &c, const QString &, const QString &) { return c == QLatin1String("CM1"); });
    const auto late = judgingResponder([](const QString &c, const QString &, const QString &) {
        return c == QLatin1String("CM1") || c == QLatin1String("SF1");
    });
    auto warningsAfterThirdBatch = [](const QList<BatchReport> &reports) {
        QStringList out;
        for (const BatchReport &r : reports) {
            if (r.index >= 3)
                out.append(QStringLiteral("%1: %2").arg(r.index).arg(r.warnings.join(QStringLiteral(" / "))));
        }
        return out;
    };

    const QString reference = project();
    QStringList straight;
    {
        m_server.setResponder(early);
        Harness h(reference, Harness::CallLog::Project);
        QObject::connect(&h.engine, &RunEngine::batchFinished, &h.engine, [this, &late](const BatchReport &r) {
            if (r.index == 2)
                m_server.setResponder(late);
        });
        h.engine.start(oneBatchAtATime(25));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
        straight = warningsAfterThirdBatch(h.reports);
    }

    const QString dir = project();
    m_server.setResponder(early);
    {
        Harness h(dir, Harness::CallLog::Project);
        QObject::connect(&h.engine, &RunEngine::batchFinished, &h.engine, [&h](const BatchReport &r) {
            if (r.index == 2)
                h.engine.cancel();
        });
        h.engine.start(oneBatchAtATime(25));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Cancelled);
        QCOMPARE(h.reports.size(), 3);
    }
    m_server.setResponder(late);
    Harness h(dir, Harness::CallLog::Project);
    h.engine.resume();
    QCOMPARE(h.engine.progress().batchesReported, 3);
    QCOMPARE(h.engine.progress().rollingPassRate, 1.0);
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QCOMPARE(h.reports.size(), 2);
    const BatchReport &fourth = h.reports.first();
    QCOMPARE(fourth.index, 3);
    QCOMPARE(fourth.figures.passed, 0);
    const QString warnings = fourth.warnings.join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QStringLiteral("the pass rate is drifting down: 67% over the last 3 batches against 100% before")),
             qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("a new failure pattern: SF1 failed for the first time")), qPrintable(warnings));
    QVERIFY(!warnings.contains(QStringLiteral("CM1")));
    QVERIFY(h.reports.last().warnings.join(QLatin1Char('\n')).contains(QStringLiteral("drifting down")));
    QVERIFY(!h.reports.last().warnings.join(QLatin1Char('\n')).contains(QStringLiteral("new failure pattern")));
    // Exactly what the run would have said had it never stopped.
    QCOMPARE(warningsAfterThirdBatch(h.reports), straight);
}

QTEST_GUILESS_MAIN(TestEngineProgress)
#include "tst_engineprogress.moc"
