// sift-cli generate, assess, run and resume: the engine in the foreground, with progress on stderr,
// a summary on stdout, Ctrl-C stopping it cleanly, and --dry-run estimating before paying.

#include "cliutil.h"
#include "commands.h"
#include "engine/runengine.h"
#include "engine/runestimate.h"
#include "interrupt.h"
#include "llm/llmservice.h"
#include "project/project.h"
#include "runprinter.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift::cli {

namespace {

struct CommonOptions
{
    QCommandLineOption json{QStringLiteral("json"), QStringLiteral("print the summary as JSON")};
    QCommandLineOption noCache{QStringLiteral("no-cache"), QStringLiteral("ask the backends again instead of using cached replies")};
    void addTo(QCommandLineParser &parser) const { parser.addOptions({json, noCache}); }
};

// --transcript for the commands that work over stored transcripts (assess, fixup).
QCommandLineOption transcriptOption()
{
    return {QStringLiteral("transcript"), QStringLiteral("only this transcript (repeat or separate with commas)"),
            QStringLiteral("UID")};
}

QStringList chosenTranscripts(const QCommandLineParser &parser)
{
    QStringList uids;
    for (const QString &value : parser.values(transcriptOption()))
        uids += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    return uids;
}

int printEstimate(const Project &project, int generate, int assess, const QStringList &judges, bool json)
{
    const RunEstimate e = estimateRun(project, generate, assess, judges);
    if (json) {
        QJsonArray backends;
        for (const BackendEstimate &b : e.backends)
            backends.append(QJsonObject{{QStringLiteral("backend"), b.backend},
                                        {QStringLiteral("requests"), b.requests},
                                        {QStringLiteral("input_tokens"), b.inputTokens},
                                        {QStringLiteral("output_tokens"), b.outputTokens},
                                        {QStringLiteral("cost_usd"), double(b.costMicroUsd) / 1e6}});
        out() << QJsonDocument(QJsonObject{{QStringLiteral("transcripts"), e.transcripts},
                                           {QStringLiteral("exchanges_per_transcript"), e.exchanges},
                                           {QStringLiteral("requests"), e.requests()},
                                           {QStringLiteral("cost_usd"), double(e.costMicroUsd()) / 1e6},
                                           {QStringLiteral("backends"), backends}})
                     .toJson(QJsonDocument::Indented);
        return Ok;
    }
    out() << QStringLiteral("Estimate for %1 transcript(s) of about %2 exchanges (nothing was sent):\n")
                 .arg(e.transcripts)
                 .arg(e.exchanges, 0, 'f', 1);
    for (const BackendEstimate &b : e.backends)
        out() << QStringLiteral("  %1  %2 requests  %3 tokens in  %4 tokens out  $%5\n")
                     .arg(b.backend, -12)
                     .arg(b.requests)
                     .arg(b.inputTokens)
                     .arg(b.outputTokens)
                     .arg(double(b.costMicroUsd) / 1e6, 0, 'f', 2);
    out() << QStringLiteral("  total: %1 requests, $%2 at the prices in sift.yaml\n")
                 .arg(e.requests())
                 .arg(double(e.costMicroUsd()) / 1e6, 0, 'f', 2);
    return Ok;
}

// Loads the project, refusing one with errors (their diagnostics printed).
std::optional<Project> loadValid(const QString &dir)
{
    auto project = Project::load(dir);
    if (!project) {
        printDiagnostics(dir, project.diagnostics(), err());
        return std::nullopt;
    }
    const Diagnostics d = project->diagnostics();
    if (hasErrors(d)) {
        Diagnostics errors;
        for (const Diagnostic &x : d) {
            if (x.isError())
                errors.append(x);
        }
        printDiagnostics(dir, errors, err());
        err() << QStringLiteral("sift-cli: the project has errors; fix them first (sift-cli validate %1)\n").arg(dir);
        return std::nullopt;
    }
    return std::move(*project);
}

// Runs the engine in the foreground until it finishes. `begin` starts or resumes it.
int drive(const QString &dir, const Project &project, bool json, bool noCache, const std::function<void(RunEngine &)> &begin)
{
    LlmService llm;
    RunEngine engine(dir, &llm);
    RunPrinter printer(json);
    printer.attach(&engine);
    QObject::connect(&llm, &LlmService::event, &printer, &RunPrinter::onLlmEvent);
    InterruptWatcher interrupt([&engine] { engine.cancel(); });
    int code = Ok;
    QEventLoop loop;
    QObject::connect(&engine, &RunEngine::finished, [&](RunEngine::Outcome outcome, const QString &summary, const Diagnostics &problems) {
        code = printer.finish(outcome, summary, problems, dir);
        loop.quit();
    });
    QObject::connect(&llm, &LlmService::ready, &engine, [&] { begin(engine); });
    LlmService::Config config;
    config.backends = project.manifest.backends;
    config.databasePath = project.path(Project::DatabaseFile);
    config.readCache = !noCache;
    config.randomSeed = quint64(project.manifest.seed);
    llm.start(config, KeyResolver::system());
    loop.exec();
    return code;
}

int positiveInt(const QCommandLineParser &parser, const QCommandLineOption &option, int fallback, bool &ok)
{
    if (!parser.isSet(option))
        return fallback;
    const int v = parser.value(option).toInt(&ok);
    ok = ok && v > 0;
    return v;
}

int generateOrRun(const QStringList &args, const QString &kind)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("transcripts to generate"), QStringLiteral("N"));
    const QCommandLineOption batch(QStringLiteral("batch-size"), QStringLiteral("transcripts per batch (default: sift.yaml)"),
                                   QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("sampling seed (default: sift.yaml)"), QStringLiteral("S"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("print the estimated requests, tokens and cost"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("scale past the gates"));
    CommonOptions common;
    common.addTo(parser);
    parser.addOptions({count, batch, seed, dryRun});
    if (kind == QLatin1String("run"))
        parser.addOption(force);
    int code = Ok;
    const QString synopsis = kind == QLatin1String("run")
                                 ? QStringLiteral("sift-cli run DIR --count N [--batch-size 5] [--seed S] [--force] [--dry-run]")
                                 : QStringLiteral("sift-cli generate DIR --count N [--batch-size 5] [--seed S] [--dry-run]");
    const auto pos = parseCommand(parser, args, 1, synopsis, code);
    if (!pos)
        return code;
    bool ok = true;
    RunOptions options;
    options.kind = kind;
    options.count = positiveInt(parser, count, 0, ok);
    options.batchSize = positiveInt(parser, batch, 0, ok);
    if (parser.isSet(seed))
        options.seed = parser.value(seed).toLongLong(&ok);
    options.force = kind == QLatin1String("run") && parser.isSet(force);
    if (!ok || options.count <= 0) {
        err() << "usage: " << synopsis << '\n';
        return Usage;
    }
    const QString dir = pos->at(0);
    const auto project = loadValid(dir);
    if (!project)
        return Invalid;
    if (parser.isSet(dryRun))
        return printEstimate(*project, options.count, kind == QLatin1String("run") ? options.count : 0, project->manifest.roles.judges,
                             parser.isSet(common.json));
    return drive(dir, *project, parser.isSet(common.json), parser.isSet(common.noCache),
                 [options](RunEngine &engine) { engine.start(options); });
}

} // namespace

int cmdGenerate(const QStringList &args)
{
    return generateOrRun(args, QStringLiteral("generate"));
}

int cmdRun(const QStringList &args)
{
    return generateOrRun(args, QStringLiteral("run"));
}

int cmdAssess(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption judges(QStringLiteral("judges"), QStringLiteral("judge backends (default: roles.judges)"), QStringLiteral("a,b"));
    const QCommandLineOption rerun(QStringLiteral("rerun"), QStringLiteral("judge again what was judged, without the cache"));
    CommonOptions common;
    common.addTo(parser);
    parser.addOptions({judges, rerun, transcriptOption()});
    int code = Ok;
    const auto pos =
        parseCommand(parser, args, 1, QStringLiteral("sift-cli assess DIR [--judges a,b] [--rerun] [--transcript UID]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto project = loadValid(dir);
    if (!project)
        return Invalid;
    RunOptions options;
    options.kind = QStringLiteral("assess");
    options.rerun = parser.isSet(rerun);
    options.only = chosenTranscripts(parser);
    options.judges = parser.value(judges).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &j : std::as_const(options.judges)) {
        if (!project->manifest.backend(j)) {
            err() << QStringLiteral("sift-cli: no backend named %1 in %2\n").arg(j, dir);
            return Usage;
        }
    }
    return drive(dir, *project, parser.isSet(common.json), parser.isSet(common.noCache),
                 [options](RunEngine &engine) { engine.start(options); });
}

int cmdResume(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption runId(QStringLiteral("run"), QStringLiteral("the run to resume (default: the last unfinished one)"),
                                   QStringLiteral("ID"));
    CommonOptions common;
    common.addTo(parser);
    parser.addOption(runId);
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli resume DIR [--run ID]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto project = loadValid(dir);
    if (!project)
        return Invalid;
    const qint64 id = parser.value(runId).toLongLong();
    return drive(dir, *project, parser.isSet(common.json), parser.isSet(common.noCache),
                 [id](RunEngine &engine) { engine.resume(id); });
}

int cmdFixup(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    CommonOptions common;
    common.addTo(parser);
    parser.addOption(transcriptOption());
    int code = Ok;
    const auto pos =
        parseCommand(parser, args, 1, QStringLiteral("sift-cli fixup DIR [--transcript UID] [--no-cache] [--json]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto project = loadValid(dir);
    if (!project)
        return Invalid;
    RunOptions options;
    options.kind = QStringLiteral("fixup");
    options.only = chosenTranscripts(parser);
    return drive(dir, *project, parser.isSet(common.json), parser.isSet(common.noCache),
                 [options](RunEngine &engine) { engine.start(options); });
}

} // namespace sift::cli
