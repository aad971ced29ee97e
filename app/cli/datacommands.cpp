// sift-cli dump and stats: the project's transcripts as JSONL, and generation_stats.md.

#include "cliutil.h"
#include "commands.h"
#include "engine/generationstats.h"
#include "project/project.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace sift::cli {

namespace {

struct OpenProject
{
    std::optional<Project> project;
    std::unique_ptr<ProjectStore> store;
};

OpenProject openProject(const QString &dir)
{
    OpenProject p;
    auto project = Project::load(dir);
    if (!project) {
        printDiagnostics(dir, project.diagnostics(), err());
        return p;
    }
    auto store = ProjectStore::open(project->path(Project::DatabaseFile));
    if (!store) {
        printDiagnostics(dir, store.diagnostics(), err());
        return p;
    }
    p.project = std::move(*project);
    p.store = std::move(*store);
    return p;
}

QJsonArray messagesJson(const TranscriptRecord &t)
{
    QJsonArray out;
    int user = 0;
    for (const Message &m : t.messages) {
        QJsonObject o{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}};
        if (m.role == QLatin1String("user") && user < t.flaws.size() && !t.flaws[user].isEmpty())
            o.insert(QStringLiteral("flaws"), QJsonArray::fromStringList(t.flaws[user]));
        user += m.role == QLatin1String("user") ? 1 : 0;
        out.append(o);
    }
    return out;
}

} // namespace

int cmdDump(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption verdicts(QStringLiteral("verdicts"), QStringLiteral("include every judge's verdicts"));
    parser.addOption(verdicts);
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli dump DIR [--verdicts]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    OpenProject p = openProject(dir);
    if (!p.store)
        return Invalid;
    RunStore runs(*p.store);
    const auto placements = runs.placements();
    if (!placements) {
        printDiagnostics(dir, placements.diagnostics(), err());
        return Invalid;
    }
    for (const TranscriptPlacement &place : *placements) {
        const auto t = p.store->transcript(place.uid);
        if (!t) {
            printDiagnostics(dir, t.diagnostics(), err());
            return Invalid;
        }
        QJsonObject o{{QStringLiteral("id"), place.uid},
                      {QStringLiteral("source"), place.source},
                      {QStringLiteral("status"), place.status},
                      {QStringLiteral("messages"), messagesJson(*t)},
                      {QStringLiteral("persona"), t->persona},
                      {QStringLiteral("scenario"), t->scenario}};
        if (place.runId > 0)
            o.insert(QStringLiteral("run"), place.runId);
        if (place.batchIndex >= 0)
            o.insert(QStringLiteral("batch"), place.batchIndex + 1);
        if (!place.promptVersion.isEmpty())
            o.insert(QStringLiteral("prompt_version"), place.promptVersion);
        if (!place.assessment.isEmpty()) {
            o.insert(QStringLiteral("assessment"), place.assessment);
            o.insert(QStringLiteral("score"), place.score);
            o.insert(QStringLiteral("passed"), place.passed);
            o.insert(QStringLiteral("gate_failed"), place.gateFailed);
        }
        if (parser.isSet(verdicts)) {
            QJsonObject judges;
            const auto assessed = runs.assessments(place.uid);
            QStringList seen;
            if (assessed) {
                for (const AssessmentRecord &a : *assessed) {
                    QJsonArray criteria;
                    for (const CriterionVerdict &c : a.criteria)
                        criteria.append(QJsonObject{{QStringLiteral("criterion"), c.criterion},
                                                    {QStringLiteral("answer"), c.answer},
                                                    {QStringLiteral("evidence"), c.evidence},
                                                    {QStringLiteral("turn"), c.turn},
                                                    {QStringLiteral("reasoning"), c.reasoning}});
                    judges.insert(a.judge, QJsonObject{{QStringLiteral("status"), a.valid ? QStringLiteral("valid") : QStringLiteral("invalid")},
                                                       {QStringLiteral("error"), a.error},
                                                       {QStringLiteral("criteria"), criteria}});
                    seen.append(a.judge);
                }
            }
            // Verdicts imported without an assessment record (samples, imports) too.
            const auto imported = p.store->verdicts(place.uid);
            if (imported) {
                for (const VerdictRecord &v : *imported) {
                    if (seen.contains(v.judge))
                        continue;
                    QJsonArray criteria;
                    for (const CriterionVerdict &c : v.criteria)
                        criteria.append(QJsonObject{{QStringLiteral("criterion"), c.criterion},
                                                    {QStringLiteral("answer"), c.answer},
                                                    {QStringLiteral("evidence"), c.evidence},
                                                    {QStringLiteral("turn"), c.turn},
                                                    {QStringLiteral("reasoning"), c.reasoning}});
                    judges.insert(v.judge, QJsonObject{{QStringLiteral("status"), QStringLiteral("valid")}, {QStringLiteral("criteria"), criteria}});
                }
            }
            o.insert(QStringLiteral("verdicts"), judges);
        }
        out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    }
    return Ok;
}

int cmdStats(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print the summary as JSON"));
    parser.addOption(json);
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli stats DIR [--json]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    OpenProject p = openProject(dir);
    if (!p.store)
        return Invalid;
    const Status written = writeGenerationStats(*p.store, *p.project);
    if (!written) {
        printDiagnostics(dir, written.diagnostics(), err());
        return Invalid;
    }
    QSqlQuery q(p.store->database());
    int generated = 0, assessed = 0, passed = 0, invalid = 0;
    if (q.exec(QStringLiteral("SELECT SUM(source = 'generated'), SUM(status = 'assessed'), SUM(passed = 1), "
                              "SUM(assessment = 'invalid') FROM transcripts")) &&
        q.next()) {
        generated = q.value(0).toInt();
        assessed = q.value(1).toInt();
        passed = q.value(2).toInt();
        invalid = q.value(3).toInt();
    }
    qint64 cost = 0, calls = 0;
    if (q.exec(QStringLiteral("SELECT COUNT(*), SUM(cost_micro_usd) FROM llm_calls")) && q.next()) {
        calls = q.value(0).toLongLong();
        cost = q.value(1).toLongLong();
    }
    const double rate = assessed ? double(passed) / assessed : 0;
    if (parser.isSet(json)) {
        out() << QJsonDocument(QJsonObject{{QStringLiteral("generated"), generated},
                                           {QStringLiteral("assessed"), assessed},
                                           {QStringLiteral("passed"), passed},
                                           {QStringLiteral("invalid"), invalid},
                                           {QStringLiteral("pass_rate"), rate},
                                           {QStringLiteral("llm_calls"), calls},
                                           {QStringLiteral("cost_usd"), double(cost) / 1e6},
                                           {QStringLiteral("stats_file"), GenerationStatsFile}})
                     .toJson(QJsonDocument::Indented);
        return Ok;
    }
    out() << QStringLiteral("%1 transcript(s) generated, %2 assessed, %3 passed (%4%), %5 invalid; %6 LLM calls, $%7\n")
                 .arg(generated)
                 .arg(assessed)
                 .arg(passed)
                 .arg(rate * 100, 0, 'f', 1)
                 .arg(invalid)
                 .arg(calls)
                 .arg(double(cost) / 1e6, 0, 'f', 4);
    out() << QStringLiteral("Wrote %1\n").arg(QDir(dir).filePath(GenerationStatsFile));
    return Ok;
}

} // namespace sift::cli
