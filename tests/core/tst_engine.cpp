// The generation and assessment engine end to end against the fake provider server: batches,
// reproducibility, gates, pause/cancel/resume, invalid judges, assessing imported transcripts,
// fatal errors, and the stats it writes.

#include "generate/sampler.h"
#include "llm/keys.h"
#include "llm/llmservice.h"
#include "generate/seededrandom.h"
#include "project/projectsetup.h"
#include "project/promptversions.h"
#include "store/runstore.h"
#include "support/enginedriver.h"

#include <QSignalSpy>
#include <QThread>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sift;
using namespace sift::test;


class TestEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aRunGeneratesAndAssessesABatch();
    void theSameSeedMakesTheSameTranscripts();
    void scalingWaitsForASignedOffBatch();
    void aFailingBatchStopsScaling();
    void pauseHoldsCancelStopsResumeFinishes();
    void aTranscriptLeftWithoutItsSystemTurnResumesWithIt();
    void invalidJudgeRepliesNeverPass();
    void assessJudgesImportedTranscripts();
    void aFatalBackendErrorStopsTheRun();
    void resumeRefusesChangedPrompts();
    void spotChecksAndSamplingFollowTheSettings();
    void drivenFromAnotherThreadBySignals();

private:
    QString project(qint64 seed = 42, int batchSize = 5);
    FakeProviderServer m_server;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestEngine::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestEngine::init()
{
    m_server.clearScript();
    m_server.setLatency(0);
    m_server.setResponder(engineResponder());
}

QString TestEngine::project(qint64 seed, int batchSize)
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    return makeEngineProject(dir, m_server.baseUrl(), seed, batchSize) ? dir : QString();
}

void TestEngine::aRunGeneratesAndAssessesABatch()
{
    const QString dir = project();
    QVERIFY(!dir.isEmpty());
    Harness h(dir);
    QSignalSpy progress(&h.engine, &RunEngine::progressChanged);
    h.engine.start(runOptions(5));
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary + QStringLiteral(" ") + h.notices.join(QLatin1Char('\n'))));

    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    RunStore runs(**store);
    const auto transcripts = runs.runTranscripts(h.engine.runId());
    QCOMPARE(transcripts->size(), 5);
    for (const RunTranscript &t : *transcripts) {
        QCOMPARE(t.status, QStringLiteral("assessed"));
        const TranscriptRecord r = *(*store)->transcript(t.uid);
        QCOMPARE(r.messages.first().role, QStringLiteral("system"));
        QVERIFY(r.messages.first().content.contains(QStringLiteral("Ledgerly")));
        QCOMPARE(r.messages[1].role, QStringLiteral("user"));
        for (int i = 1; i < r.messages.size(); ++i)
            QCOMPARE(r.messages[i].role, i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"));
        QCOMPARE(r.messages.last().role, QStringLiteral("assistant"));
        const int exchanges = int(r.messages.size() - 1) / 2;
        QVERIFY2(exchanges >= 1 && exchanges <= 4, qPrintable(QString::number(exchanges)));
        QVERIFY(!r.messages.last().content.contains(QStringLiteral("[END]")));
        QCOMPARE(r.flaws.size(), exchanges);
        QVERIFY(r.persona.contains(QStringLiteral("role")));
        QVERIFY(r.scenario.contains(QStringLiteral("topic")));
        const auto assessments = runs.assessments(t.uid);
        QCOMPARE(assessments->size(), 2);
        for (const AssessmentRecord &a : *assessments) {
            QVERIFY(a.valid);
            QCOMPARE(a.criteria.size(), 16);
        }
    }
    QCOMPARE(h.reports.size(), 1);
    QCOMPARE(h.reports[0].figures.transcripts, 5);
    QCOMPARE(h.reports[0].figures.judges, (QStringList{QStringLiteral("judge_a"), QStringLiteral("judge_b")}));
    QVERIFY(!h.reports[0].gate.text.isEmpty());
    const RunProgress p = h.engine.progress();
    QCOMPARE(p.generated, 5);
    QCOMPARE(p.assessed, 5);
    QCOMPARE(p.state, QStringLiteral("completed"));
    QVERIFY(p.requests >= 5 * 3 + 10);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(runs.run(h.engine.runId())->status, QStringLiteral("completed"));
    QCOMPARE(runs.batches(h.engine.runId())->first().status, QStringLiteral("done"));
    // The version of the prompts the run used, and the stats it wrote.
    QCOMPARE(PromptVersions(dir).list()->size(), 1);
    QCOMPARE(runs.run(h.engine.runId())->promptVersion, PromptVersions(dir).list()->first().id);
    // The run records every prompt's and the rubric's own content hash.
    const QJsonObject hashes = runs.run(h.engine.runId())->config.value(QStringLiteral("content_hashes")).toObject();
    QCOMPARE(hashes.size(), PromptVersions::versionedFiles().size());
    for (const QString &file : PromptVersions::versionedFiles()) {
        QFile f(QDir(dir).filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(hashes.value(file).toString(), QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()));
    }
    QFile stats(QDir(dir).filePath(QStringLiteral("generation_stats.md")));
    QVERIFY(stats.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(stats.readAll());
    for (const char *section : {"## Batches", "## Criterion breakdown", "## Judge agreement", "## Tokens and cost",
                                "Cohen's kappa judge_a/judge_b", "Iterations (prompt versions used): 1"})
        QVERIFY2(text.contains(QString::fromLatin1(section)), section);
}

void TestEngine::theSameSeedMakesTheSameTranscripts()
{
    const QString a = project(7), b = project(7), c = project(8);
    for (const QString &dir : {a, b, c}) {
        Harness h(dir);
        h.engine.start(runOptions(5, QStringLiteral("generate")));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    const QStringList first = snapshot(a);
    QCOMPARE(first.size(), 5);
    QCOMPARE(snapshot(b), first);
    QVERIFY(snapshot(c) != first);
}

void TestEngine::scalingWaitsForASignedOffBatch()
{
    const QString dir = project();
    {
        Harness h(dir);
        h.engine.start(runOptions(15));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::StoppedAtGate);
        QCOMPARE(h.reports.size(), 1);
        QVERIFY(h.notices.first().contains(QStringLiteral("signed off by a human")));
        QCOMPARE(h.engine.progress().generated, 5);
    }
    // A human signs off the passing batch: the same prompts may now scale.
    {
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        RunStore runs(**store);
        const qint64 firstRun = runs.runs()->last().id;
        QVERIFY(runs.signOffBatch(runs.batches(firstRun)->first().id, QStringLiteral("2026-11-23T10:00:00Z")).ok());
    }
    Harness h(dir);
    h.engine.start(runOptions(15));
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QCOMPARE(h.reports.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(h.reports[i].index, i);  // reported in order
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE source = 'generated'")), 20);
    // New transcripts continue the sampling sequence: none repeats an earlier one.
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(DISTINCT persona_json || scenario_json) FROM transcripts WHERE source = 'generated'")),
             20);
}

void TestEngine::aFailingBatchStopsScaling()
{
    const QString dir = project();
    {
        // A good batch, signed off: these prompts may scale.
        Harness h(dir);
        h.engine.start(runOptions(5));
        QVERIFY(h.wait());
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        RunStore runs(**store);
        QVERIFY(runs.signOffBatch(runs.batches(h.engine.runId())->first().id, QStringLiteral("2026-11-23T10:00:00Z")).ok());
    }
    m_server.setResponder(engineResponder(0.5));  // then half of all criteria fail: nothing passes
    Harness h(dir);
    h.engine.start(runOptions(40));
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::StoppedAtGate);
    QVERIFY2(h.summary.contains(QStringLiteral("major revision")), qPrintable(h.summary));
    QCOMPARE(h.reports.first().gate.recommendation, GateRecommendation::Revise);
    QCOMPARE(h.reports.first().figures.passed, 0);
    QVERIFY(h.engine.progress().generated < 40);
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QCOMPARE(RunStore(**store).run(h.engine.runId())->status, QStringLiteral("stopped"));

    // --force scales past every gate.
    Harness forced(dir);
    RunOptions o = runOptions(10);
    o.force = true;
    forced.engine.start(o);
    QVERIFY(forced.wait());
    QCOMPARE(forced.outcome, RunEngine::Outcome::Completed);
    QCOMPARE(forced.reports.size(), 2);
}

void TestEngine::pauseHoldsCancelStopsResumeFinishes()
{
    const QString dir = project();
    const QString reference = project();
    m_server.setLatency(20);
    {
        Harness h(dir);
        RunOptions o = runOptions(10);
        o.force = true;
        h.engine.start(o);
        QVERIFY(QTest::qWaitFor([&] { return h.engine.progress().generated >= 2; }, 20000));
        h.engine.pause();
        QTest::qWait(150);  // in-flight calls land
        const int before = m_server.requestCount();
        QTest::qWait(300);
        QCOMPARE(m_server.requestCount(), before);  // paused: nothing new is asked
        QCOMPARE(h.engine.progress().state, QStringLiteral("paused"));
        h.engine.unpause();
        QVERIFY(QTest::qWaitFor([&] { return m_server.requestCount() > before; }, 5000));
        h.engine.cancel();
        QVERIFY(h.wait(5000));
        QCOMPARE(h.outcome, RunEngine::Outcome::Cancelled);
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        QCOMPARE(RunStore(**store).run(h.engine.runId())->status, QStringLiteral("cancelled"));
    }
    {
        Harness h(dir);
        h.engine.resume();
        QVERIFY(h.wait());
        QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    }
    {
        Harness h(reference);
        RunOptions o = runOptions(10);
        o.force = true;
        h.engine.start(o);
        QVERIFY(h.wait());
    }
    // Interrupted and resumed, or straight through: the same data, nothing lost or doubled.
    const QStringList resumed = snapshot(dir);
    QCOMPARE(resumed.size(), snapshot(reference).size());
    QCOMPARE(resumed, snapshot(reference));
}

void TestEngine::aTranscriptLeftWithoutItsSystemTurnResumesWithIt()
{
    const QString dir = project();
    const QString reference = project();
    {
        Harness h(reference);
        h.engine.start(runOptions(5));
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    // What a process killed between creating a transcript and storing its first turn left: the run,
    // its batch and one transcript without any turn.
    {
        const auto project = Project::load(dir);
        QVERIFY(project.ok());
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        RunStore runs(**store);
        const auto version = PromptVersions(dir).record(QDateTime::currentDateTimeUtc());
        QVERIFY(version.ok());
        RunRecord run;
        run.kind = QStringLiteral("run");
        run.status = QStringLiteral("interrupted");
        run.designHash = *PromptVersions::designHash(dir);
        run.promptVersion = version->id;
        run.seed = 42;
        run.config = QJsonObject{{QStringLiteral("batch_size"), 5},
                                 {QStringLiteral("judges"), QJsonArray{QStringLiteral("judge_a"), QStringLiteral("judge_b")}},
                                 {QStringLiteral("count"), 5},
                                 {QStringLiteral("first_index"), 0},
                                 {QStringLiteral("spot_check_every"), 25},
                                 {QStringLiteral("parallel"), 32}};
        const auto runId = runs.createRun(run);
        QVERIFY(runId.ok());
        const auto batch = runs.batch(*runId, 0, version->id);
        QVERIFY(batch.ok());
        const GenerationSettings &g = project->manifest.generation;
        const int target = g.minTurns + int(SeededRandom(42, QStringLiteral("turns"), 0).next() % quint64(g.maxTurns - g.minTurns + 1));
        TranscriptRecord shell;
        shell.uid = QStringLiteral("r%1-0001").arg(*runId);
        shell.persona = PersonaSampler(project->personas, 42).sample(0).toJson();
        shell.scenario = ScenarioSampler(project->taxonomy, 42, g.stratify).sample(0).toJson();
        shell.metadata = QJsonObject{{QStringLiteral("run"), *runId}, {QStringLiteral("index"), 0}, {QStringLiteral("seed"), 42}};
        QVERIFY(runs.createTranscript(shell, *runId, batch->id, 0, target, version->id).ok());
    }
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM turns")), 0);
    Harness h(dir);
    h.engine.resume();
    QVERIFY(h.wait());
    QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM turns t JOIN transcripts x ON x.id = t.transcript_id "
                                      "WHERE x.uid = 'r1-0001' AND t.idx = 0 AND t.role = 'system'")),
             1);
    const QStringList resumed = snapshot(dir);
    const QStringList expected = snapshot(reference);
    QCOMPARE(resumed.size(), expected.size());
    for (int i = 0; i < resumed.size(); ++i)
        QCOMPARE(resumed[i], expected[i]);
}

void TestEngine::invalidJudgeRepliesNeverPass()
{
    const QString dir = project();
    // judge_b always answers in prose: never a verdict.
    m_server.setResponder([inner = engineResponder(0)](const ReceivedRequest &r) {
        if (r.json.value(QStringLiteral("model")).toString() == QLatin1String("judge-b"))
            return QStringLiteral("All criteria are met, YES across the board.");
        return inner(r);
    });
    Harness h(dir);
    h.engine.start(runOptions(5));
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    const RunProgress p = h.engine.progress();
    QCOMPARE(p.assessed, 5);
    QCOMPARE(p.invalid, 5);
    QCOMPARE(p.passed, 0);  // judge_a said YES to everything; still not a pass
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    RunStore runs(**store);
    const auto transcripts = runs.runTranscripts(h.engine.runId());
    for (const RunTranscript &t : *transcripts) {
        QCOMPARE(t.assessment, QStringLiteral("invalid"));
        QVERIFY(!t.passed);
        const auto a = runs.assessments(t.uid);
        QCOMPARE(a->size(), 2);
        QVERIFY(a->at(0).valid);
        QVERIFY(!a->at(1).valid);
        QVERIFY(a->at(1).error.contains(QStringLiteral("not JSON")));
    }
    QVERIFY(h.notices.join(QLatin1Char('\n')).contains(QStringLiteral("is invalid")));
}

void TestEngine::assessJudgesImportedTranscripts()
{
    const QString dir = m_tmp.filePath(QStringLiteral("imported"));
    QVERIFY(createProjectFromDefault(dir).ok());  // 10 sample transcripts with sample verdicts
    QVERIFY(makeEngineProject(m_tmp.filePath(QStringLiteral("scratch")), m_server.baseUrl()));
    QFile::remove(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    QVERIFY(QFile::copy(QDir(m_tmp.filePath(QStringLiteral("scratch"))).filePath(QStringLiteral("sift.yaml")),
                        QDir(dir).filePath(QStringLiteral("sift.yaml"))));
    m_server.clearRequests();
    {
        Harness h(dir);
        RunOptions o;
        o.kind = QStringLiteral("assess");
        o.judges = {QStringLiteral("judge_a")};
        h.engine.start(o);
        QVERIFY(h.wait());
        QVERIFY2(h.outcome == RunEngine::Outcome::Completed, qPrintable(h.summary));
        QCOMPARE(h.engine.progress().assessed, 10);
    }
    QCOMPARE(m_server.requestCount(), 10);
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM assessments WHERE judge = 'judge_a' AND status = 'valid'")), 10);
    QCOMPARE(rows(dir, QStringLiteral("SELECT COUNT(*) FROM transcripts WHERE status = 'assessed'")), 10);
    // Nothing left to judge, unless asked to judge again (without the cache).
    {
        Harness h(dir);
        RunOptions o;
        o.kind = QStringLiteral("assess");
        o.judges = {QStringLiteral("judge_a")};
        h.engine.start(o);
        QVERIFY(h.wait());
        QCOMPARE(h.engine.progress().assessed, 0);
    }
    QCOMPARE(m_server.requestCount(), 10);
    {
        Harness h(dir);
        RunOptions o;
        o.kind = QStringLiteral("assess");
        o.judges = {QStringLiteral("judge_a")};
        o.rerun = true;
        h.engine.start(o);
        QVERIFY(h.wait());
        QCOMPARE(h.engine.progress().assessed, 10);
    }
    QCOMPARE(m_server.requestCount(), 20);
}

void TestEngine::aFatalBackendErrorStopsTheRun()
{
    const QString dir = project();
    m_server.enqueue(ScriptedReply::status(401), 50);
    Harness h(dir);
    h.engine.start(runOptions(5));
    QVERIFY(h.wait(20000));
    m_server.clearScript();
    QCOMPARE(h.outcome, RunEngine::Outcome::Failed);
    QVERIFY2(h.summary.contains(QStringLiteral("HTTP 401")), qPrintable(h.summary));
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QCOMPARE(RunStore(**store).run(h.engine.runId())->status, QStringLiteral("interrupted"));
    // Once the cause is gone the run resumes.
    Harness again(dir);
    again.engine.resume();
    QVERIFY(again.wait());
    QVERIFY2(again.outcome == RunEngine::Outcome::Completed, qPrintable(again.summary));
}

void TestEngine::resumeRefusesChangedPrompts()
{
    const QString dir = project();
    m_server.setLatency(30);
    {
        Harness h(dir);
        h.engine.start(runOptions(5));
        QVERIFY(QTest::qWaitFor([&] { return m_server.requestCount() > 3; }, 10000));
        h.engine.cancel();
        QVERIFY(h.wait(5000));
    }
    QFile judge(QDir(dir).filePath(QStringLiteral("config/prompts/judge.md")));
    QVERIFY(judge.open(QIODevice::Append));
    judge.write("\nBe stricter.\n");
    judge.close();
    Harness h(dir);
    h.engine.resume();
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::Failed);
    QVERIFY(h.summary.contains(QStringLiteral("changed since run")));
    QVERIFY(!h.problems.isEmpty());
    QVERIFY(h.problems.first().hint.contains(QStringLiteral("start a new run")));
}

void TestEngine::spotChecksAndSamplingFollowTheSettings()
{
    const QString dir = project();
    QFile manifest(QDir(dir).filePath(QStringLiteral("sift.yaml")));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    QByteArray text = manifest.readAll();
    manifest.close();
    QVERIFY(text.contains("temperature: 0.8}"));
    text.replace("temperature: 0.8}", "temperature: 0.8, spot_check_every: 4, stratify: false}");
    QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifest.write(text);
    manifest.close();
    Harness h(dir);
    RunOptions o = runOptions(10);
    o.force = true;
    h.engine.start(o);
    QVERIFY(h.wait());
    QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    const QString notices = h.notices.join(QLatin1Char('\n'));
    QVERIFY2(notices.contains(QStringLiteral("spot check due: 4 transcripts assessed")), qPrintable(notices));
    QVERIFY(notices.contains(QStringLiteral("spot check due: 8 transcripts assessed")));
    QVERIFY(!notices.contains(QStringLiteral("spot check due: 10")));
    // Independent draws, not the stratified sequence: the first transcript's scenario says which.
    const auto loaded = Project::load(dir);
    QVERIFY(loaded.ok());
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    QList<QJsonObject> drawn, independent, stratified;
    for (int i = 0; i < 10; ++i) {
        const auto t = (*store)->transcript(QStringLiteral("r1-%1").arg(i + 1, 4, 10, QLatin1Char('0')));
        QVERIFY(t.ok());
        drawn.append(t->scenario);
        independent.append(ScenarioSampler(loaded->taxonomy, 42, false).sample(i).toJson());
        stratified.append(ScenarioSampler(loaded->taxonomy, 42, true).sample(i).toJson());
    }
    QVERIFY(independent != stratified);  // the two ways draw differently here, so the check means something
    QCOMPARE(drawn, independent);
}

void TestEngine::drivenFromAnotherThreadBySignals()
{
    // As the GUI drives it: the engine on a worker thread, the LLM service on its own, every command a
    // queued invocation and every signal received here.
    const QString dir = project();
    const QString reference = project();
    m_server.setLatency(30);
    const auto loaded = Project::load(dir);
    QVERIFY(loaded.ok());
    LlmService llm;
    LlmService::Config config;
    config.backends = loaded->manifest.backends;
    config.databasePath = loaded->path(Project::DatabaseFile);
    llm.start(config, KeyResolver(QProcessEnvironment(), nullptr));
    QVERIFY(QTest::qWaitFor([&] { return llm.isReady(); }, 10000));
    // The worker thread, and the engines on it: deleted there (where their database connections
    // live) before the thread stops, whatever happens to the test.
    struct Worker
    {
        QThread thread;
        QList<RunEngine *> engines;
        ~Worker()
        {
            for (RunEngine *engine : std::as_const(engines))
                QMetaObject::invokeMethod(engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        }
    } worker;
    worker.thread.start();

    struct Seen
    {
        QObject receiver;  // on this thread; its end drops any signal still on the way
        QList<RunProgress> progress;
        int batches = 0;
        bool done = false;
        RunEngine::Outcome outcome = RunEngine::Outcome::Failed;
        QString summary;
        bool elsewhere = false;  // a signal delivered on another thread than the test's
    };
    auto drive = [&](Seen &seen) {
        auto *engine = new RunEngine(dir, &llm);
        engine->moveToThread(&worker.thread);
        worker.engines.append(engine);
        const auto here = [this, &seen] { seen.elsewhere |= QThread::currentThread() != thread(); };
        connect(engine, &RunEngine::progressChanged, &seen.receiver, [&seen, here](const RunProgress &p) {
            here();
            seen.progress.append(p);
        });
        connect(engine, &RunEngine::batchFinished, &seen.receiver, [&seen, here](const BatchReport &) {
            here();
            ++seen.batches;
        });
        connect(engine, &RunEngine::finished, &seen.receiver, [&seen, here](RunEngine::Outcome o, const QString &s, const Diagnostics &) {
            here();
            seen.outcome = o;
            seen.summary = s;
            seen.done = true;
        });
        return engine;
    };
    auto last = [](const Seen &seen) { return seen.progress.isEmpty() ? RunProgress{} : seen.progress.last(); };

    Seen first;
    RunEngine *engine = drive(first);
    RunOptions o = runOptions(10);
    o.force = true;
    o.parallel = 5;  // a batch at a time: the second is still under way when the first is paused and cancelled
    QVERIFY(QMetaObject::invokeMethod(engine, "start", Qt::QueuedConnection, Q_ARG(sift::RunOptions, o)));
    QVERIFY(QTest::qWaitFor([&] { return last(first).generated >= 2; }, 20000));
    QVERIFY(QMetaObject::invokeMethod(engine, "pause", Qt::QueuedConnection));
    QVERIFY(QTest::qWaitFor([&] { return last(first).state == QLatin1String("paused"); }, 5000));
    QTest::qWait(150);  // in-flight calls land
    const int before = m_server.requestCount();
    QTest::qWait(300);
    QCOMPARE(m_server.requestCount(), before);  // paused: nothing new is asked
    QVERIFY(QMetaObject::invokeMethod(engine, "unpause", Qt::QueuedConnection));
    QVERIFY(QTest::qWaitFor([&] { return m_server.requestCount() > before; }, 5000));
    QVERIFY(QMetaObject::invokeMethod(engine, "cancel", Qt::QueuedConnection));
    QVERIFY(QTest::qWaitFor([&] { return first.done; }, 10000));
    QCOMPARE(first.outcome, RunEngine::Outcome::Cancelled);
    QCOMPARE(last(first).state, QStringLiteral("cancelled"));
    QVERIFY(last(first).generated < 10);

    Seen second;
    engine = drive(second);
    QVERIFY(QMetaObject::invokeMethod(engine, "resume", Qt::QueuedConnection, Q_ARG(qint64, 0)));
    QVERIFY(QTest::qWaitFor([&] { return second.done; }, 60000));
    QVERIFY2(second.outcome == RunEngine::Outcome::Completed, qPrintable(second.summary));
    const RunProgress p = last(second);
    QCOMPARE(p.state, QStringLiteral("completed"));
    QCOMPARE(p.generated, 10);
    QCOMPARE(p.assessed, 10);
    QCOMPARE(p.batchesReported, 2);
    QVERIFY(p.requests > 0);
    QVERIFY(first.batches + second.batches >= 2);
    QVERIFY(!first.elsewhere && !second.elsewhere);

    // The same data as a run that was never driven across threads nor interrupted.
    {
        Harness h(reference);
        h.engine.start(o);
        QVERIFY(h.wait());
        QCOMPARE(h.outcome, RunEngine::Outcome::Completed);
    }
    QCOMPARE(snapshot(dir), snapshot(reference));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
