// Benchmark of the run engine (not a test): a full generate + assess run against the in-process
// fake provider server at 0 ms latency, so the figures are the engine's own overhead (sampling,
// prompt building, storing every turn and verdict, scoring), not the network. Prints transcripts
// and verdicts per second and the process's peak memory.
// Usage: bench_engine [--transcripts N] (default 10000)

#include "engine/runengine.h"
#include "llm/keys.h"
#include "llm/llmservice.h"
#include "project/project.h"
#include "support/engineharness.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace sift;

namespace {
// CPU seconds each thread of this process used, by thread name (from /proc): the engine's own
// cost, apart from the fake server's and the network manager's.
QMap<QString, double> cpuByThread()
{
    QMap<QString, double> out;
    const long ticks = sysconf(_SC_CLK_TCK);
    for (const QString &tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
        const QString name = QString::fromUtf8(line.mid(open + 1, close - open - 1));
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() > 12)
            out[name] += double(fields[11].toLongLong() + fields[12].toLongLong()) / double(ticks);
    }
    return out;
}

double peakMegabytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int at = int(args.indexOf(QStringLiteral("--transcripts")));
    const int count = at >= 0 && at + 1 < args.size() ? args[at + 1].toInt() : 10000;

    test::FakeProviderServer server;
    if (!server.start())
        return 1;
    server.setResponder(test::engineResponder());
    server.setRecordRequests(false);  // the server's memory is not the engine's
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("bench"));
    if (!test::makeEngineProject(dir, server.baseUrl(), 42, 5))
        return 1;
    // Wider backends than the tests use: the point is the engine, not a client-side limit.
    if (!test::widenEngineProject(dir, 64))
        return 1;

    auto project = Project::load(dir);
    LlmService llm;
    LlmService::Config config;
    config.backends = project->manifest.backends;
    config.databasePath = project->path(Project::DatabaseFile);
    RunEngine engine(dir, &llm);
    QEventLoop loop;
    RunEngine::Outcome outcome = RunEngine::Outcome::Failed;
    QString summary;
    QObject::connect(&engine, &RunEngine::finished, [&](RunEngine::Outcome o, const QString &s, const Diagnostics &) {
        outcome = o;
        summary = s;
        loop.quit();
    });
    QElapsedTimer timer;
    QObject::connect(&llm, &LlmService::ready, &engine, [&] {
        RunOptions o;
        o.count = count;
        o.force = true;
        o.parallel = 64;
        timer.start();
        engine.start(o);
    });
    llm.start(config, KeyResolver(QProcessEnvironment(), nullptr));
    loop.exec();
    const double seconds = double(timer.elapsed()) / 1000.0;
    const RunProgress p = engine.progress();
    const int criteria = int(project->rubric.criteria.size());
    std::printf("Run engine benchmark: %d transcripts, 2 judges, %d criteria, fake server at 0 ms latency\n", count, criteria);
    std::printf("outcome: %s (%s)\n", outcome == RunEngine::Outcome::Completed ? "completed" : "NOT completed", qPrintable(summary));
    std::printf("wall time: %.2f s; LLM requests: %lld (%.0f/s)\n", seconds, qint64(p.requests), double(p.requests) / seconds);
    std::printf("transcripts generated and assessed: %d = %.1f transcripts/s\n", p.assessed, p.assessed / seconds);
    std::printf("judge assessments: %d = %.1f/s; criterion verdicts: %d = %.0f/s\n", p.assessed * 2, p.assessed * 2 / seconds,
                p.assessed * 2 * criteria, p.assessed * 2 * criteria / seconds);
    std::printf("peak memory (max RSS): %.0f MB\n", peakMegabytes());
    const QMap<QString, double> cpu = cpuByThread();
    std::printf("CPU seconds by thread:");
    for (auto it = cpu.cbegin(); it != cpu.cend(); ++it)
        std::printf("  %s %.2f", qPrintable(it.key()), it.value());
    const double engineCpu = cpu.value(QStringLiteral("bench_engine")) + cpu.value(QStringLiteral("sift-llm"));
    std::printf("\nengine + LLM-client threads: %.2f CPU s = %.0f transcripts per CPU second\n", engineCpu, p.assessed / engineCpu);
    return outcome == RunEngine::Outcome::Completed ? 0 : 1;
}
