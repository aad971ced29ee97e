// Benchmark of the window (not a test): how fast a project of 100,000 transcripts opens to an
// interactive window, how long switching between review batches takes, and the longest the UI
// thread stalls while a run works at concurrency 64 against the in-process fake provider server.
// Usage: bench_window [--transcripts N] [--dir DIR] [--run N] [--latency MS] [--screenshot FILE]
//   --dir keeps (and on later runs reuses) the planted project; --run sets the run's transcripts.

#include "engine/enginehost.h"
#include "mainwindow.h"
#include "project/projectsetup.h"
#include "review/batchlistmodel.h"
#include "review/reviewworkspace.h"
#include "run/runworkspace.h"
#include "store/projectstore.h"
#include "support/engineharness.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace sift;

namespace {

QString arg(const QStringList &args, const QString &name, const QString &fallback)
{
    const int at = int(args.indexOf(name));
    return at >= 0 && at + 1 < args.size() ? args[at + 1] : fallback;
}

// Plants `count` generated transcripts of ten exchanges in runs of batches of five, each judged by
// the two sample judges on every criterion, in one transaction of bulk inserts.
bool plant(const QString &dir, int count)
{
    if (!createProjectFromDefault(dir).ok())
        return false;
    auto store = ProjectStore::open(QDir(dir).filePath(QStringLiteral("sift.db")));
    if (!store)
        return false;
    QSqlDatabase db = (*store)->database();
    QSqlQuery q(db);
    const QStringList criteria = {QStringLiteral("SF1"), QStringLiteral("SF2"), QStringLiteral("SF3"), QStringLiteral("AC1"),
                                  QStringLiteral("AC2"), QStringLiteral("AC3"), QStringLiteral("AC4"), QStringLiteral("UN1"),
                                  QStringLiteral("UN2"), QStringLiteral("UN3"), QStringLiteral("CM1"), QStringLiteral("CM2"),
                                  QStringLiteral("CM3"), QStringLiteral("RS1"), QStringLiteral("RS2"), QStringLiteral("RS3")};
    const QString now = QStringLiteral("2026-12-07T00:00:00Z");
    q.exec(QStringLiteral("BEGIN"));
    constexpr int PerRun = 1000;
    QSqlQuery run(db), batch(db), transcript(db), turn(db), verdict(db), assessment(db);
    run.prepare(QStringLiteral("INSERT INTO runs (id, kind, status, prompt_version, seed, created_at) VALUES (?, 'run', 'completed', 'pv', 1, ?)"));
    batch.prepare(QStringLiteral("INSERT INTO batches (id, run_id, idx, status, prompt_version) VALUES (?, ?, ?, 'done', 'pv')"));
    transcript.prepare(QStringLiteral("INSERT INTO transcripts (id, uid, run_id, batch_id, source, status, persona_json, scenario_json, "
                                      "created_at, idx, assessment, score, passed, gate_failed) VALUES (?, ?, ?, ?, 'generated', "
                                      "'assessed', ?, ?, ?, ?, 'valid', ?, ?, 0)"));
    turn.prepare(QStringLiteral("INSERT INTO turns (transcript_id, idx, role, content) VALUES (?, ?, ?, ?)"));
    verdict.prepare(QStringLiteral("INSERT INTO verdicts (transcript_id, judge, criterion, answer, evidence, turn, reasoning, created_at) "
                                   "VALUES (?, ?, ?, ?, 'quoted words', ?, 'because', ?)"));
    assessment.prepare(QStringLiteral("INSERT INTO assessments (transcript_id, judge, status, score, passed, gate_failed, created_at) "
                                      "VALUES (?, ?, 'valid', ?, ?, 0, ?)"));
    QRandomGenerator random(42);
    for (int i = 0; i < count; ++i) {
        const int runId = i / PerRun + 1;
        const int batchId = i / 5 + 1;
        if (i % PerRun == 0) {
            run.addBindValue(runId);
            run.addBindValue(now);
            run.exec();
        }
        if (i % 5 == 0) {
            batch.addBindValue(batchId);
            batch.addBindValue(runId);
            batch.addBindValue((i % PerRun) / 5);
            batch.exec();
        }
        const qint64 id = i + 100;  // after the samples
        const bool fails = random.bounded(10) < 2;
        for (const QVariant &v : {QVariant(id), QVariant(QStringLiteral("g%1").arg(i, 6, 10, QLatin1Char('0'))), QVariant(runId),
                                  QVariant(batchId), QVariant(QStringLiteral(R"({"role":"freelancer","mood":"calm"})")),
                                  QVariant(QStringLiteral(R"({"topic":"invoicing/create_send"})")), QVariant(now), QVariant(i % PerRun),
                                  QVariant(fails ? 0.7 : 1.0), QVariant(fails ? 0 : 1)})
            transcript.addBindValue(v);
        if (!transcript.exec()) {
            std::fprintf(stderr, "plant: %s\n", qPrintable(transcript.lastError().text()));
            return false;
        }
        turn.addBindValue(id);
        turn.addBindValue(0);
        turn.addBindValue(QStringLiteral("system"));
        turn.addBindValue(QStringLiteral("You are the support assistant of Ledgerly."));
        turn.exec();
        for (int m = 1; m <= 20; ++m) {
            turn.addBindValue(id);
            turn.addBindValue(m);
            turn.addBindValue(m % 2 ? QStringLiteral("user") : QStringLiteral("assistant"));
            turn.addBindValue(m % 2 ? QStringLiteral("Question %1 of transcript %2 about an invoice that did not send.").arg(m).arg(i)
                                    : QStringLiteral("Open Invoices > Sent, choose the invoice and press Resend. It goes out at "
                                                     "once and the status changes to Sent. Anything else?"));
            turn.exec();
        }
        for (const QString &judge : {QStringLiteral("sample-judge-a"), QStringLiteral("sample-judge-b")}) {
            for (const QString &c : criteria) {
                verdict.addBindValue(id);
                verdict.addBindValue(judge);
                verdict.addBindValue(c);
                verdict.addBindValue(fails && c == QLatin1String("AC1") ? QStringLiteral("NO") : QStringLiteral("YES"));
                verdict.addBindValue(20);
                verdict.addBindValue(now);
                verdict.exec();
            }
            assessment.addBindValue(id);
            assessment.addBindValue(judge);
            assessment.addBindValue(fails ? 0.7 : 1.0);
            assessment.addBindValue(fails ? 0 : 1);
            assessment.addBindValue(now);
            assessment.exec();
        }
    }
    return q.exec(QStringLiteral("COMMIT"));
}

struct Stats
{
    double median = 0, p95 = 0, max = 0;
};

Stats stats(QList<double> v)
{
    if (v.isEmpty())
        return {};
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[qMin(v.size() - 1, qsizetype(v.size() * 0.95))], v.last()};
}

// The largest gaps between ticks of a 5 ms timer on the UI thread: how long the window could not
// answer a key or paint.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gap = double(m_clock.nsecsElapsed()) / 1e6;
            m_clock.restart();
            const double cpu = threadCpuMs();
            m_gaps.append(gap - 5.0);
            m_busy.append(cpu - m_lastCpu);
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_busy.clear();
        m_lastCpu = threadCpuMs();
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    QList<double> gaps() const { return m_gaps; }
    // The UI thread's own CPU time within each gap: what the window's code did, apart from waiting
    // for a core the other threads (engine, LLM layer, the fake server) were using.
    QList<double> busy() const { return m_busy; }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    QList<double> m_gaps;
    QList<double> m_busy;
    double m_lastCpu = 0;
};

} // namespace

// 1 and 2: opening the big project, and switching between its batches.
void benchOpenAndSwitch(const QString &dir, int transcripts)
{
    // 1. Opening: from nothing to a window that has painted the Review workspace and takes input.
    QElapsedTimer open;
    open.start();
    auto window = std::make_unique<MainWindow>();
    window->resize(1400, 900);
    window->openProject(dir);
    window->showWorkspace(QStringLiteral("review"));
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return;
    QCoreApplication::processEvents();
    const double openMs = double(open.nsecsElapsed()) / 1e6;
    auto *review = window->findChild<ReviewWorkspace *>();
    std::printf("open %d transcripts (%d batches) to an interactive window: %.0f ms (target < 1000 ms)\n", transcripts,
                review->batchModel()->rowCount(), openMs);

    // 2. Switching batches: each switch reads five transcripts with their turns, verdicts and flags,
    // rescores them, and repaints.
    QList<double> switches;
    QRandomGenerator pick(7);
    for (int i = 0; i < 300; ++i) {
        const int row = int(pick.bounded(review->batchModel()->rowCount()));
        QElapsedTimer t;
        t.start();
        review->selectBatch(row);
        window->repaint();
        switches.append(double(t.nsecsElapsed()) / 1e6);
    }
    const Stats s = stats(switches);
    std::printf("switch batch (300 random batches, read + rescore + repaint): median %.1f ms, p95 %.1f ms, max %.1f ms (target < 50 ms)\n",
                s.median, s.p95, s.max);
}

// 3: the longest the UI thread waits while a run works with the window open.
int benchRun(const QStringList &args, const QString &runDir, int runCount, int latency)
{
    // 3. A run at concurrency 64 with the window open: the Run workspace first, then the Review
    // workspace (which reloads its batch list as batches finish).
    test::FakeProviderServer server;
    if (!server.start())
        return 1;
    server.setResponder(test::engineResponder());
    server.setRecordRequests(false);
    server.setLatency(latency);
    server.setKnownModels({QStringLiteral("gen-model"), QStringLiteral("judge-a"), QStringLiteral("judge-b")});
    if (!test::makeEngineProject(runDir, server.baseUrl(), 42, 5))
        return 1;
    // Wide backends, and prices, so the cost chart has something to show.
    if (!test::widenEngineProject(runDir, 64, true))
        return 1;

    auto window = std::make_unique<MainWindow>();
    window->resize(1400, 900);
    window->openProject(runDir);
    window->showWorkspace(QStringLiteral("run"));
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return 1;
    auto *run = window->findChild<RunWorkspace *>();
    run->setCount(runCount);
    window->findChild<QCheckBox *>(QStringLiteral("runForce"))->setChecked(true);
    StallMeter meter;
    QElapsedTimer wall;
    wall.start();
    meter.start();
    run->start();
    // --view run or review keeps that workspace on screen for the whole run.
    const QString view = arg(args, QStringLiteral("--view"), QStringLiteral("both"));
    if (view == QLatin1String("review"))
        window->showWorkspace(QStringLiteral("review"));
    bool switched = view != QLatin1String("both");
    while (window->engine()->isRunning()) {
        QTest::qWait(50);
        if (!switched && run->generatedValue() >= runCount / 2) {
            window->showWorkspace(QStringLiteral("review"));
            switched = true;
        }
    }
    meter.stop();
    const QList<double> gaps = meter.gaps();
    const Stats g = stats(gaps);
    const auto over = std::count_if(gaps.begin(), gaps.end(), [](double v) { return v > 50; });
    std::printf("run of %d transcripts at concurrency 64, %d ms server latency, window open: %.1f s, %lld progress updates\n",
                runCount, latency, double(wall.elapsed()) / 1000, qint64(run->progressUpdates()));
    std::printf("UI thread stalls (gap past a 5 ms timer): median %.2f ms, p95 %.2f ms, max %.1f ms, %lld over 50 ms (target: none)\n",
                g.median, g.p95, g.max, qint64(over));
    const QList<double> busy = meter.busy();
    const Stats b = stats(busy);
    const auto busyOver = std::count_if(busy.begin(), busy.end(), [](double v) { return v > 50; });
    std::printf("UI thread's own work per gap: median %.2f ms, p95 %.2f ms, max %.1f ms, %lld over 50 ms\n", b.median, b.p95,
                b.max, qint64(busyOver));
    if (qEnvironmentVariableIsSet("SIFT_BENCH_STALLS")) {
        double at = 0;
        for (int i = 0; i < gaps.size(); ++i) {
            at += gaps[i] + 5;
            if (gaps[i] > 30)
                std::printf("  stall of %.0f ms (%.0f ms of the UI thread's own work) at %.2f s\n", gaps[i], busy[i], at / 1000);
        }
    }
    const QString shot = arg(args, QStringLiteral("--screenshot"), QString());
    if (!shot.isEmpty()) {
        window->showWorkspace(QStringLiteral("run"));
        QCoreApplication::processEvents();
        window->grab().save(shot);
    }
    return 0;
}

int main(int argc, char *argv[])
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SIFT_NO_KEYCHAIN", "1");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int transcripts = arg(args, QStringLiteral("--transcripts"), QStringLiteral("100000")).toInt();
    const int runCount = arg(args, QStringLiteral("--run"), QStringLiteral("2000")).toInt();
    const int latency = arg(args, QStringLiteral("--latency"), QStringLiteral("50")).toInt();
    QTemporaryDir tmp;
    const QString dir = arg(args, QStringLiteral("--dir"), tmp.filePath(QStringLiteral("big")));

    if (!args.contains(QStringLiteral("--run-only")) && !QFile::exists(QDir(dir).filePath(QStringLiteral("sift.yaml")))) {
        QElapsedTimer t;
        t.start();
        if (!plant(dir, transcripts)) {
            std::fprintf(stderr, "bench_window: cannot plant %d transcripts in %s\n", transcripts, qPrintable(dir));
            return 1;
        }
        std::printf("planted %d transcripts (%d turns, %d verdicts) in %.1f s\n", transcripts, transcripts * 21, transcripts * 32,
                    double(t.elapsed()) / 1000);
    }

    if (!args.contains(QStringLiteral("--run-only")))
        benchOpenAndSwitch(dir, transcripts);
    return benchRun(args, tmp.filePath(QStringLiteral("run")), runCount, latency);
}
