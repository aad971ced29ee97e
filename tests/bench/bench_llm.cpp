// Benchmark of the LLM client (not a test): drives requests through the real client, transport,
// response cache and call log against the in-process fake provider server, and prints
//   1. requests/second at 0 ms server latency: the client's own overhead;
//   2. achieved / ideal throughput at 200 ms latency with concurrency 64.
// Usage: bench_llm [--requests N] [--latency-requests N]

#include "llm/calllog.h"
#include "llm/clock.h"
#include "llm/httptransport.h"
#include "llm/llmclient.h"
#include "store/projectstore.h"
#include "support/fakeprovider.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>

#include <cstdio>

using namespace sift;

namespace {

struct Run
{
    int requests = 0;
    int failed = 0;
    qint64 elapsedMs = 0;
    int maxInFlight = 0;
};

Run drive(const QUrl &server, int concurrency, int requests, bool withStore, const QString &label)
{
    QTemporaryDir dir;
    std::unique_ptr<ProjectStore> store;
    std::unique_ptr<ProjectCallStore> callStore;
    if (withStore) {
        store = std::move(*ProjectStore::open(dir.filePath(QStringLiteral("sift.db"))));
        callStore = std::make_unique<ProjectCallStore>(*store);
    }
    QtHttpTransport transport;
    SystemClock clock;
    LlmClient client(&transport, &clock, callStore.get(), {1, true});
    BackendConfig b;
    b.name = QStringLiteral("bench");
    b.provider = QStringLiteral("openai");
    b.baseUrl = server.toString() + QStringLiteral("/v1");
    b.model = QStringLiteral("bench-model");
    b.concurrency = concurrency;
    b.inputPricePerMTok = 0.4;
    b.outputPricePerMTok = 1.6;
    client.addBackend(b, KeyLookup{"bench-key", QStringLiteral("bench"), {}});

    Run run;
    run.requests = requests;
    int done = 0;
    QEventLoop loop;
    QObject::connect(&client, &LlmClient::finished, [&](quint64, const ChatResult &r) {
        if (!r.ok())
            ++run.failed;
        if (++done == requests)
            loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < requests; ++i) {
        ChatRequest r;
        r.system = QStringLiteral("You are a support agent for an invoicing product. Answer briefly.");
        r.messages = {{QStringLiteral("user"), QStringLiteral("Question number %1 about my invoice").arg(i)}};
        r.seed = i;
        client.submit(QStringLiteral("bench"), r);
    }
    loop.exec();
    run.elapsedMs = timer.elapsed();
    run.maxInFlight = client.stats(QStringLiteral("bench")).maxInFlight;
    std::printf("%-44s %6d requests in %7.3f s  = %8.0f requests/s  (max in flight %d, failed %d)\n", qPrintable(label),
                requests, double(run.elapsedMs) / 1000.0, requests * 1000.0 / double(std::max<qint64>(1, run.elapsedMs)),
                run.maxInFlight, run.failed);
    std::fflush(stdout);
    return run;
}

int argValue(const QStringList &args, const QString &name, int fallback)
{
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int overheadRequests = argValue(args, QStringLiteral("--requests"), 20000);
    const int latencyRequests = argValue(args, QStringLiteral("--latency-requests"), 64 * 25);

    test::FakeProviderServer server;
    if (!server.start()) {
        std::fprintf(stderr, "bench_llm: cannot start the fake provider server\n");
        return 1;
    }
    server.setRecordRequests(false);
    std::printf("LLM client benchmark (server on its own thread, 127.0.0.1)\n\n");

    server.setLatency(0);
    drive(server.baseUrl(), 64, 500, true, QStringLiteral("warm-up"));
    const Run overhead = drive(server.baseUrl(), 64, overheadRequests, true,
                               QStringLiteral("0 ms latency, concurrency 64, cache + call log"));
    drive(server.baseUrl(), 64, overheadRequests, false, QStringLiteral("0 ms latency, concurrency 64, no store"));

    server.setLatency(200);
    const Run latency = drive(server.baseUrl(), 64, latencyRequests, true,
                              QStringLiteral("200 ms latency, concurrency 64, cache + call log"));
    drive(server.baseUrl(), 64, latencyRequests, false, QStringLiteral("200 ms latency, concurrency 64, no store"));
    const double idealMs = double(latencyRequests) / 64.0 * 200.0;
    const double ratio = idealMs / double(latency.elapsedMs);

    std::printf("\nclient overhead throughput: %.0f requests/s (target >= 3000)\n",
                overheadRequests * 1000.0 / double(std::max<qint64>(1, overhead.elapsedMs)));
    std::printf("throughput at 200 ms, concurrency 64: %.3f of ideal (ideal %.2f s, achieved %.2f s; target >= 0.95)\n", ratio,
                idealMs / 1000.0, double(latency.elapsedMs) / 1000.0);
    return overhead.failed + latency.failed == 0 ? 0 : 1;
}
