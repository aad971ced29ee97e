// sift-cli backends: the project's LLM backends, and with --check whether each one really works.

#include "cliutil.h"
#include "commands.h"
#include "llm/backendprobe.h"
#include "llm/calllog.h"
#include "llm/clock.h"
#include "llm/httptransport.h"
#include "project/project.h"
#include "store/projectstore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift::cli {

namespace {

// Looks up every backend's key (environment, then keychain); the keys stay in memory.
QList<QPair<BackendConfig, KeyLookup>> resolveKeys(const QList<BackendConfig> &backends)
{
    QList<QPair<BackendConfig, KeyLookup>> out;
    const KeyResolver resolver = KeyResolver::system();
    QObject context;
    QEventLoop loop;
    int remaining = int(backends.size());
    for (const BackendConfig &b : backends) {
        out.append({b, {}});
        const int index = int(out.size()) - 1;
        resolver.resolve(b, &context, [&, index](const KeyLookup &lookup) {
            out[index].second = lookup;
            if (--remaining == 0)
                loop.quit();
        });
    }
    if (remaining > 0)
        loop.exec();
    return out;
}

QJsonObject backendJson(const BackendConfig &b, const KeyLookup &key)
{
    return QJsonObject{{QStringLiteral("name"), b.name},
                       {QStringLiteral("provider"), b.provider},
                       {QStringLiteral("model"), b.model},
                       {QStringLiteral("base_url"), b.baseUrl},
                       {QStringLiteral("concurrency"), b.concurrency},
                       {QStringLiteral("structured_output"), b.structuredOutput},
                       {QStringLiteral("key"), key.found() ? key.source : QString()},
                       {QStringLiteral("key_problem"), key.problem}};
}

QJsonObject reportJson(const ProbeReport &r)
{
    return QJsonObject{{QStringLiteral("reachable"), r.reachable},
                       {QStringLiteral("latency_ms"), r.latencyMs},
                       {QStringLiteral("chat_problem"), r.chatProblem},
                       {QStringLiteral("model_present"), r.modelPresent},
                       {QStringLiteral("model_problem"), r.modelProblem},
                       {QStringLiteral("structured_output"), ProbeReport::structuredName(r.structured)},
                       {QStringLiteral("structured_detail"), r.structuredDetail},
                       {QStringLiteral("ok"), r.ok()}};
}

void printReport(const ProbeReport &r)
{
    QTextStream &s = out();
    s << r.backend << ": ";
    if (r.reachable)
        s << "reachable (" << r.latencyMs << " ms)";
    else
        s << "NOT reachable: " << r.chatProblem << (r.chatHint.isEmpty() ? QString() : QStringLiteral(" (hint: %1)").arg(r.chatHint));
    s << '\n';
    if (r.reachable || r.modelProblem != r.chatProblem)
        s << "  model: " << (r.modelPresent ? QStringLiteral("present") : QStringLiteral("NOT found: ") + r.modelProblem) << '\n';
    if (r.reachable)
        s << "  structured output: " << ProbeReport::structuredName(r.structured) << " (" << r.structuredDetail << ")\n";
}

} // namespace

int cmdBackends(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption check(QStringLiteral("check"),
                                   QStringLiteral("probe each backend: reachable, model present, latency, structured output enforced"));
    const QCommandLineOption only(QStringLiteral("only"), QStringLiteral("probe only these backends"), QStringLiteral("a,b"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print a JSON report"));
    parser.addOptions({check, only, json});
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli backends DIR [--check] [--only a,b] [--json]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto project = Project::load(dir);
    if (!project) {
        printDiagnostics(dir, project.diagnostics(), err());
        return Invalid;
    }
    const Diagnostics manifestProblems = project->manifest.validate(Project::ManifestFile);
    if (hasErrors(manifestProblems)) {
        printDiagnostics(dir, manifestProblems, err());
        return Invalid;
    }
    QList<BackendConfig> backends = project->manifest.backends;
    if (parser.isSet(only)) {
        const QStringList wanted = parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &w : wanted) {
            if (!project->manifest.backend(w)) {
                err() << QStringLiteral("sift-cli: no backend named %1 in %2\n").arg(w, dir);
                return Usage;
            }
        }
        backends.removeIf([&](const BackendConfig &b) { return !wanted.contains(b.name); });
    }
    const auto keyed = resolveKeys(backends);

    if (!parser.isSet(check)) {
        QJsonArray list;
        for (const auto &[b, key] : keyed) {
            if (parser.isSet(json)) {
                list.append(backendJson(b, key));
                continue;
            }
            out() << QStringLiteral("%1  %2  %3  %4  concurrency %5  key: %6\n")
                         .arg(b.name, -12)
                         .arg(b.provider, -9)
                         .arg(b.model, -22)
                         .arg(b.baseUrl)
                         .arg(b.concurrency)
                         .arg(key.found() ? key.source : QStringLiteral("MISSING (%1)").arg(key.problem));
        }
        if (parser.isSet(json))
            out() << QJsonDocument(QJsonObject{{QStringLiteral("backends"), list}}).toJson(QJsonDocument::Indented);
        return Ok;
    }

    // Probe calls are logged in the project's call log like any other.
    auto store = ProjectStore::open(project->path(Project::DatabaseFile));
    std::unique_ptr<ProjectCallStore> callStore;
    if (store)
        callStore = std::make_unique<ProjectCallStore>(**store);
    else
        printDiagnostics(dir, store.diagnostics(), err());
    QtHttpTransport transport;
    SystemClock clock;
    BackendProbe probe(&transport, &clock, callStore.get());
    QList<ProbeReport> reports;
    QEventLoop loop;
    QObject::connect(&probe, &BackendProbe::reportReady, [&](const ProbeReport &r) {
        reports.append(r);
        if (!parser.isSet(json))
            printReport(r);
        out().flush();
    });
    QObject::connect(&probe, &BackendProbe::finished, &loop, &QEventLoop::quit);
    probe.probe(keyed);
    loop.exec();

    bool allOk = true;
    QJsonArray list;
    for (const auto &[b, key] : keyed) {
        const auto it = std::find_if(reports.begin(), reports.end(), [&](const ProbeReport &r) { return r.backend == b.name; });
        QJsonObject o = backendJson(b, key);
        if (it != reports.end()) {
            allOk = allOk && it->reachable && it->modelPresent;
            o.insert(QStringLiteral("check"), reportJson(*it));
        }
        list.append(o);
    }
    if (parser.isSet(json))
        out() << QJsonDocument(QJsonObject{{QStringLiteral("backends"), list}, {QStringLiteral("ok"), allOk}})
                     .toJson(QJsonDocument::Indented);
    else
        out() << (allOk ? QStringLiteral("All backends reachable.\n") : QStringLiteral("Some backends failed the check.\n"));
    return allOk ? Ok : BackendFailure;
}

} // namespace sift::cli
