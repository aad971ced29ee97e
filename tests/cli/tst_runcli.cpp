// sift-cli generate, run, assess, resume, dump and stats end to end, against the fake provider
// server: summaries, exit codes, the gate, Ctrl-C and resume, dry runs that call nothing.

#include "support/clirun.h"
#include "store/runstore.h"
#include "support/enginedriver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

using namespace sift;
using namespace sift::test;

namespace {

using Run = CliRun;

Run cli(const QStringList &args)
{
    return runCli(args);
}

QJsonObject json(const Run &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

bool execute(const QString &dir, const QString &sql)
{
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    return store && QSqlQuery((*store)->database()).exec(sql);
}

// Every generated transcript's messages, persona and scenario by id, from `sift-cli dump`.
QMap<QString, QJsonObject> generatedTranscripts(const QString &dir)
{
    QMap<QString, QJsonObject> out;
    for (const QString &line : cli({QStringLiteral("dump"), dir}).out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        if (o.value(QStringLiteral("source")).toString() == QLatin1String("generated"))
            out.insert(o.value(QStringLiteral("id")).toString(),
                       QJsonObject{{QStringLiteral("messages"), o.value(QStringLiteral("messages"))},
                                   {QStringLiteral("persona"), o.value(QStringLiteral("persona"))},
                                   {QStringLiteral("scenario"), o.value(QStringLiteral("scenario"))}});
    }
    return out;
}

// sift-cli with stdout and stderr on a terminal (a pseudo-terminal this test reads), as a user sees it.
struct TerminalRun
{
    int exitCode = -1;
    QByteArray screen;
};

TerminalRun onTerminal(const QStringList &args)
{
    int master = -1, slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        return {};
    const QString name = QString::fromLocal8Bit(::ttyname(slave));
    QProcess p;
    p.setProcessEnvironment(cliEnvironment());
    p.setStandardOutputFile(name);
    p.setStandardErrorFile(name);
    p.start(QStringLiteral(SIFT_CLI_PATH), args);
    TerminalRun run;
    // Read as it is written: a terminal's buffer is small, and a full one would stop the program.
    auto drain = [&] {
        pollfd fd{master, POLLIN, 0};
        while (::poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN)) {
            char buffer[4096];
            const ssize_t n = ::read(master, buffer, sizeof buffer);
            if (n <= 0)
                break;
            run.screen.append(buffer, n);
        }
    };
    for (int waited = 0; p.state() != QProcess::NotRunning && waited < 120000; waited += 20) {
        p.waitForFinished(20);
        drain();
    }
    drain();
    if (p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit)
        run.exitCode = p.exitCode();
    else
        p.kill();
    ::close(slave);
    ::close(master);
    return run;
}

} // namespace

class TestRunCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void dryRunEstimatesWithoutCalling();
    void runDumpStats();
    void theGateStopsScalingWithExitOne();
    void reviewJudgesBatchesByTheProjectsGate();
    void ctrlCStopsCleanlyAndResumeFinishes();
    void aRefusedKeyExitsThree();
    void assessJudgesAndRerunAsksAgain();
    void fixupWithNothingToRepair();
    void generateTakesItsBatchSizeAndSeed();
    void batchesInJsonCarryTheirBreakdown();
    void statsJsonGivesTheProjectsFigures();
    void noCacheAsksTheBackendsAgain();
    void theProgressBarOnATerminal();
    void usage();

private:
    QString project();
    FakeProviderServer m_server;
    QTemporaryDir m_tmp;
    int m_n = 0;
};

void TestRunCli::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestRunCli::init()
{
    m_server.clearScript();
    m_server.setLatency(0);
    m_server.setResponder(engineResponder());
}

QString TestRunCli::project()
{
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_n));
    return makeEngineProject(dir, m_server.baseUrl()) ? dir : QString();
}

void TestRunCli::dryRunEstimatesWithoutCalling()
{
    const QString dir = project();
    m_server.clearRequests();
    const Run r = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("20"), QStringLiteral("--dry-run")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("Estimate for 20 transcript(s) of about 3.0 exchanges (nothing was sent):")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("gen ")));
    QVERIFY(r.out.contains(QStringLiteral("judge_a")));
    QVERIFY(r.out.contains(QStringLiteral("total: 160 requests")));  // 20 x (3 + 3) generation + 20 x 2 judges
    const Run json = cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("10"), QStringLiteral("--dry-run"),
                          QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("requests")).toInt(), 60);  // no judges when only generating
    QVERIFY(o.value(QStringLiteral("backends")).toArray().first().toObject().value(QStringLiteral("input_tokens")).toInt() > 0);
    QCOMPARE(m_server.requestCount(), 0);
}

void TestRunCli::runDumpStats()
{
    const QString dir = project();
    const Run r = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
    QCOMPARE(summary.value(QStringLiteral("generated")).toInt(), 5);
    QCOMPARE(summary.value(QStringLiteral("assessed")).toInt(), 5);
    QCOMPARE(summary.value(QStringLiteral("batches")).toArray().size(), 1);
    // Progress went to stderr as plain lines (not a terminal here).
    QVERIFY2(r.err.contains(QStringLiteral("batch 1: ")), qPrintable(r.err));
    QVERIFY(!r.err.contains(QStringLiteral("\r")));

    const Run dump = cli({QStringLiteral("dump"), dir, QStringLiteral("--verdicts")});
    QCOMPARE(dump.exitCode, 0);
    int generated = 0;
    for (const QString &line : dump.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QJsonParseError e;
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &e).object();
        QCOMPARE(e.error, QJsonParseError::NoError);
        if (o.value(QStringLiteral("source")).toString() != QLatin1String("generated"))
            continue;
        ++generated;
        QCOMPARE(o.value(QStringLiteral("batch")).toInt(), 1);
        QVERIFY(!o.value(QStringLiteral("prompt_version")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("persona")).toObject().contains(QStringLiteral("role")));
        QVERIFY(o.value(QStringLiteral("scenario")).toObject().contains(QStringLiteral("topic")));
        QCOMPARE(o.value(QStringLiteral("messages")).toArray().first().toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("system"));
        const QJsonObject verdicts = o.value(QStringLiteral("verdicts")).toObject();
        QCOMPARE(verdicts.keys(), (QStringList{QStringLiteral("judge_a"), QStringLiteral("judge_b")}));
        QCOMPARE(verdicts.value(QStringLiteral("judge_a")).toObject().value(QStringLiteral("criteria")).toArray().size(), 16);
    }
    QCOMPARE(generated, 5);
    // Without --verdicts, no verdicts.
    QVERIFY(!cli({QStringLiteral("dump"), dir}).out.contains(QStringLiteral("\"verdicts\"")));

    QFile::remove(QDir(dir).filePath(QStringLiteral("generation_stats.md")));
    const Run stats = cli({QStringLiteral("stats"), dir});
    QCOMPARE(stats.exitCode, 0);
    QVERIFY2(stats.out.startsWith(QStringLiteral("5 transcript(s) generated, 5 assessed")), qPrintable(stats.out));
    QVERIFY(QFileInfo::exists(QDir(dir).filePath(QStringLiteral("generation_stats.md"))));
}

void TestRunCli::theGateStopsScalingWithExitOne()
{
    const QString dir = project();
    const Run r = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("12")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("stopped at the gate")), qPrintable(r.out));
    QVERIFY(r.err.contains(QStringLiteral("signed off by a human")));

    // A human reviews the batch and signs it off; then the same prompts scale.
    const Run list = cli({QStringLiteral("review"), dir});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains(QStringLiteral("batch 1: ")) && list.out.contains(QStringLiteral("finished, not signed off")),
             qPrintable(list.out));
    QCOMPARE(cli({QStringLiteral("review"), dir, QStringLiteral("--sign-off"), QStringLiteral("7")}).exitCode, 2);
    const Run signedOff = cli({QStringLiteral("review"), dir, QStringLiteral("--sign-off"), QStringLiteral("1")});
    QCOMPARE(signedOff.exitCode, 0);
    QVERIFY(signedOff.out.startsWith(QStringLiteral("Batch 1 of run 1 signed off.")));
    QVERIFY(cli({QStringLiteral("review"), dir}).out.contains(QStringLiteral("signed off 20")));
    const Run scaled = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("10"), QStringLiteral("--json")});
    QVERIFY2(scaled.exitCode == 0, qPrintable(scaled.out + scaled.err));
    QCOMPARE(QJsonDocument::fromJson(scaled.out.toUtf8()).object().value(QStringLiteral("batches")).toArray().size(), 2);
}

void TestRunCli::reviewJudgesBatchesByTheProjectsGate()
{
    const QString dir = project();
    // Every transcript fails a safety gate.
    m_server.setResponder(judgingResponder([](const QString &criterion, const QString &, const QString &) {
        return criterion == QLatin1String("SF1");
    }));
    QCOMPARE(cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5")}).exitCode, 0);
    const Run byDefault = cli({QStringLiteral("review"), dir});
    QCOMPARE(byDefault.exitCode, 0);
    QVERIFY2(byDefault.out.contains(QStringLiteral("  batch 1: 0 of 5 passed (0%), finished, not signed off\n"
                                                   "    gate: 0% passed, below 50%: major revision needed")),
             qPrintable(byDefault.out));
    QVERIFY(editFile(QDir(dir).filePath(QStringLiteral("sift.yaml")), "temperature: 0.8}",
                     "temperature: 0.8, gate: {scale_at: 0.3, revise_below: 0}}"));
    const Run own = cli({QStringLiteral("review"), dir});
    QCOMPARE(own.exitCode, 0);
    QVERIFY2(own.out.contains(QStringLiteral("    gate: 0% passed, below 30%: keep iterating")), qPrintable(own.out));
    const Run signedOff = cli({QStringLiteral("review"), dir, QStringLiteral("--sign-off"), QStringLiteral("1")});
    QCOMPARE(signedOff.exitCode, 0);
    QCOMPARE(signedOff.out, QStringLiteral("Batch 1 of run 1 signed off.\n  gate: 0% passed, below 30%: keep iterating\n"));
    // A gate that makes no sense is refused with where it is.
    QVERIFY(editFile(QDir(dir).filePath(QStringLiteral("sift.yaml")), "scale_at: 0.3", "scale_at: 3"));
    const Run broken = cli({QStringLiteral("review"), dir});
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.err.contains(QStringLiteral("sift.yaml:9:90: error: ")) && broken.err.contains(QStringLiteral("generation.gate.scale_at must be in (0, 1]")),
             qPrintable(broken.err));
}

void TestRunCli::ctrlCStopsCleanlyAndResumeFinishes()
{
    const QString dir = project();
    m_server.setLatency(40);
    m_server.clearRequests();
    QProcess *p = launchCli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("10"), QStringLiteral("--force")});
    QVERIFY(p->waitForStarted());
    QVERIFY(QTest::qWaitFor([&] { return m_server.requestCount() >= 6; }, 20000));
    ::kill(pid_t(p->processId()), SIGINT);
    const Run stopped = collectCli(p);
    QCOMPARE(stopped.exitCode, 130);
    QVERIFY2(stopped.err.contains(QStringLiteral("stopping; everything finished so far is kept")), qPrintable(stopped.err));
    QVERIFY(stopped.out.contains(QStringLiteral("cancelled")));
    QVERIFY(stopped.out.contains(QStringLiteral("sift-cli resume %1").arg(dir)));
    m_server.setLatency(0);
    const Run resumed = cli({QStringLiteral("resume"), dir, QStringLiteral("--json")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
    const QJsonObject o = QJsonDocument::fromJson(resumed.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
    QCOMPARE(o.value(QStringLiteral("assessed")).toInt(), 10);
    QVERIFY(o.value(QStringLiteral("cache_hits")).toInt() + o.value(QStringLiteral("requests")).toInt() > 0);
    // Nothing left to resume.
    QCOMPARE(cli({QStringLiteral("resume"), dir}).exitCode, 3);
}

void TestRunCli::aRefusedKeyExitsThree()
{
    const QString dir = project();
    m_server.enqueue(ScriptedReply::status(401), 100);
    const Run r = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5")});
    m_server.clearScript();
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.contains(QStringLiteral("HTTP 401")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("resume")));
}

void TestRunCli::assessJudgesAndRerunAsksAgain()
{
    const QString dir = project();
    QVERIFY(cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("3")}).exitCode == 0);
    m_server.clearRequests();
    const Run first = cli({QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("judge_a"), QStringLiteral("--json")});
    QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
    QCOMPARE(QJsonDocument::fromJson(first.out.toUtf8()).object().value(QStringLiteral("assessed")).toInt(), 3);
    QCOMPARE(m_server.requestCount(), 3);
    QVERIFY(cli({QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("judge_a")}).exitCode == 0);
    QCOMPARE(m_server.requestCount(), 3);  // nothing left to judge
    QVERIFY(cli({QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("judge_a"), QStringLiteral("--rerun")}).exitCode == 0);
    QCOMPARE(m_server.requestCount(), 6);

    // --transcript: only the one asked for is judged again; one that does not exist is named.
    const Run dump = cli({QStringLiteral("dump"), dir});
    const QString uid = QJsonDocument::fromJson(dump.out.section(QLatin1Char('\n'), 1, 1).toUtf8()).object().value(QStringLiteral("id")).toString();
    QVERIFY2(!uid.isEmpty(), qPrintable(dump.out));
    const Run one = cli({QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("judge_a"), QStringLiteral("--rerun"),
                         QStringLiteral("--transcript"), uid + QStringLiteral(",ghost-7"), QStringLiteral("--json")});
    QVERIFY2(one.exitCode == 0, qPrintable(one.out + one.err));
    QCOMPARE(QJsonDocument::fromJson(one.out.toUtf8()).object().value(QStringLiteral("assessed")).toInt(), 1);
    QCOMPARE(m_server.requestCount(), 7);
    QVERIFY2(one.err.contains(QStringLiteral("ghost-7 is left alone: no such transcript")), qPrintable(one.err));
}

void TestRunCli::fixupWithNothingToRepair()
{
    // Every transcript passes with this server: the repair run asks nothing and says what it left alone.
    const QString dir = project();
    QVERIFY(cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("3")}).exitCode == 0);
    m_server.clearRequests();
    const Run r = cli({QStringLiteral("fixup"), dir, QStringLiteral("--transcript"), QStringLiteral("r1-0001"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
    QCOMPARE(summary.value(QStringLiteral("fixed")).toInt(), 0);
    QVERIFY2(r.err.contains(QStringLiteral("r1-0001 is left alone: no such transcript, or it needs no repair")), qPrintable(r.err));
    QCOMPARE(m_server.requestCount(), 0);
}

void TestRunCli::usage()
{
    const QString dir = project();
    QCOMPARE(cli({QStringLiteral("run"), dir}).exitCode, 2);  // no count
    QCOMPARE(cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("zero")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("ghost")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("run"), m_tmp.filePath(QStringLiteral("nowhere")), QStringLiteral("--count"), QStringLiteral("1")}).exitCode, 1);
}

void TestRunCli::generateTakesItsBatchSizeAndSeed()
{
    const QString dir = project();
    const Run r = cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--batch-size"),
                       QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonArray batches = json(r).value(QStringLiteral("batches")).toArray();
    QCOMPARE(batches.size(), 3);  // 2 + 2 + 1
    QCOMPARE(batches[0].toObject().value(QStringLiteral("transcripts")).toInt(), 2);
    QCOMPARE(batches[2].toObject().value(QStringLiteral("transcripts")).toInt(), 1);
    for (const QJsonValue &b : batches) {
        QCOMPARE(b.toObject().value(QStringLiteral("assessed")).toInt(), 0);
        QVERIFY(b.toObject().value(QStringLiteral("pass_rate")).isNull());  // nothing was assessed
        QVERIFY(b.toObject().value(QStringLiteral("gate")).isNull());
    }
    QVERIFY(r.err.contains(QStringLiteral("batch 3: 1 transcript(s), not assessed")));
    QVERIFY(!r.err.contains(QStringLiteral("passed")));
    {
        auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
        QSqlQuery q((*store)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MIN(seed), MAX(seed) FROM transcripts WHERE source = 'generated'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 5);
        QCOMPARE(q.value(1).toInt(), 7);
        QCOMPARE(q.value(2).toInt(), 7);
        const RunRecord run = RunStore(**store).runs()->first();
        QCOMPARE(run.seed, 7);
        QCOMPARE(run.config.value(QStringLiteral("batch_size")).toInt(), 2);
    }
    // The same transcripts as a project whose own seed is 7, and not those of its seed 42.
    const QString seven = m_tmp.filePath(QStringLiteral("seven"));
    QVERIFY(makeEngineProject(seven, m_server.baseUrl(), 7));
    const QString fortyTwo = project();
    for (const QString &other : {seven, fortyTwo})
        QCOMPARE(cli({QStringLiteral("generate"), other, QStringLiteral("--count"), QStringLiteral("5")}).exitCode, 0);
    const auto chosen = generatedTranscripts(dir);
    QCOMPARE(chosen.size(), 5);
    QCOMPARE(chosen, generatedTranscripts(seven));
    QVERIFY(chosen != generatedTranscripts(fortyTwo));
}

void TestRunCli::batchesInJsonCarryTheirBreakdown()
{
    const QString dir = project();
    // judge_b alone fails CM1 everywhere.
    m_server.setResponder(judgingResponder([](const QString &c, const QString &model, const QString &) {
        return c == QLatin1String("CM1") && model == QLatin1String("judge-b");
    }));
    const Run r = cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject batch = json(r).value(QStringLiteral("batches")).toArray().first().toObject();
    QCOMPARE(batch.value(QStringLiteral("transcripts")).toInt(), 5);
    QCOMPARE(batch.value(QStringLiteral("assessed")).toInt(), 5);
    QCOMPARE(batch.value(QStringLiteral("passed")).toInt(), 5);
    QCOMPARE(batch.value(QStringLiteral("pass_rate")).toDouble(), 1.0);
    QCOMPARE(batch.value(QStringLiteral("gate")).toString(), QStringLiteral("iterate"));  // not signed off yet
    QCOMPARE(batch.value(QStringLiteral("criterion_failures")).toObject(), (QJsonObject{{QStringLiteral("CM1"), 5}}));
    QCOMPARE(batch.value(QStringLiteral("disagreement")).toObject(), (QJsonObject{{QStringLiteral("CM1"), 1.0}}));
    QVERIFY(r.err.contains(QStringLiteral("batch 1: 5 of 5 passed (100%); failing: CM1 x5")));
}

void TestRunCli::statsJsonGivesTheProjectsFigures()
{
    const QString dir = project();
    m_server.clearRequests();
    m_server.setResponder(engineResponder(0));  // everything passes
    QCOMPARE(cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5")}).exitCode, 0);
    m_server.setResponder(judgingResponder([](const QString &c, const QString &, const QString &) { return c == QLatin1String("SF1"); }));
    QCOMPARE(cli({QStringLiteral("run"), dir, QStringLiteral("--count"), QStringLiteral("5")}).exitCode, 0);  // nothing passes
    QCOMPARE(cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("2")}).exitCode, 0);
    QFile::remove(QDir(dir).filePath(QStringLiteral("generation_stats.md")));
    const Run r = cli({QStringLiteral("stats"), dir, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value(QStringLiteral("generated")).toInt(), 12);
    QCOMPARE(o.value(QStringLiteral("assessed")).toInt(), 10);
    QCOMPARE(o.value(QStringLiteral("passed")).toInt(), 5);
    QCOMPARE(o.value(QStringLiteral("invalid")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("pass_rate")).toDouble(), 0.5);
    QVERIFY(m_server.requestCount() > 0);
    QCOMPARE(o.value(QStringLiteral("llm_calls")).toInt(), m_server.requestCount());  // each request once, none retried
    QCOMPARE(o.value(QStringLiteral("cost_usd")).toDouble(), 0.0);  // the test backends are free
    QCOMPARE(o.value(QStringLiteral("stats_file")).toString(), QStringLiteral("generation_stats.md"));
    QVERIFY(QFileInfo::exists(QDir(dir).filePath(QStringLiteral("generation_stats.md"))));
}

void TestRunCli::noCacheAsksTheBackendsAgain()
{
    const QString dir = project();
    QCOMPARE(cli({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("3")}).exitCode, 0);
    const QStringList assess{QStringLiteral("assess"), dir, QStringLiteral("--judges"), QStringLiteral("judge_a"), QStringLiteral("--json")};
    m_server.clearRequests();
    const Run first = cli(assess);
    QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
    QCOMPARE(m_server.requestCount(), 3);
    // The same assessment again: the same requests, answered from the cache.
    QVERIFY(execute(dir, QStringLiteral("DELETE FROM assessments")) && execute(dir, QStringLiteral("DELETE FROM verdicts")));
    const Run cached = cli(assess);
    QVERIFY2(cached.exitCode == 0, qPrintable(cached.out + cached.err));
    QCOMPARE(json(cached).value(QStringLiteral("assessed")).toInt(), 3);
    QCOMPARE(json(cached).value(QStringLiteral("cache_hits")).toInt(), 3);
    QCOMPARE(m_server.requestCount(), 3);
    // With --no-cache the backend is asked again.
    QVERIFY(execute(dir, QStringLiteral("DELETE FROM assessments")) && execute(dir, QStringLiteral("DELETE FROM verdicts")));
    const Run fresh = cli(assess + QStringList{QStringLiteral("--no-cache")});
    QVERIFY2(fresh.exitCode == 0, qPrintable(fresh.out + fresh.err));
    QCOMPARE(json(fresh).value(QStringLiteral("assessed")).toInt(), 3);
    QCOMPARE(json(fresh).value(QStringLiteral("cache_hits")).toInt(), 0);
    QCOMPARE(m_server.requestCount(), 6);
}

void TestRunCli::theProgressBarOnATerminal()
{
    const QString dir = project();
    m_server.setLatency(30);  // long enough for the bar to be drawn
    const TerminalRun r = onTerminal({QStringLiteral("generate"), dir, QStringLiteral("--count"), QStringLiteral("3")});
    QCOMPARE(r.exitCode, 0);
    const QString screen = QString::fromUtf8(r.screen);
    // The bar redraws itself in place.
    QVERIFY2(screen.contains(QStringLiteral("\r\033[K[")), qPrintable(screen));
    QVERIFY(screen.contains(QStringLiteral("generated 3/3")));
    // The summary starts on a line of its own, not glued to the bar.
    QVERIFY2(screen.contains(QStringLiteral("\nRun 1 completed: run 1 completed")), qPrintable(screen));
    QVERIFY2(!QRegularExpression(QStringLiteral("\\$\\d+\\.\\d{4}Run ")).match(screen).hasMatch(), qPrintable(screen));
    // Generated only: the batch is not said to have passed or failed.
    QVERIFY(screen.contains(QStringLiteral("batch 1: 3 transcript(s), not assessed")));
    QVERIFY(screen.contains(QStringLiteral("transcripts generated 3, not assessed, failed 0")));
    QVERIFY(!screen.contains(QStringLiteral("passed")));
}

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
