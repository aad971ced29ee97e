// sift-cli init, validate and import: creating, checking and filling a project.

#include "cliutil.h"
#include "commands.h"
#include "common/diagnosticjson.h"
#include "project/defaultproject.h"
#include "project/project.h"
#include "project/projectsetup.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sift::cli {

int cmdInit(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("folder for the new project"));
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli init DIR"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto created = createProjectFromDefault(dir);
    if (!created) {
        printDiagnostics(dir, created.diagnostics(), err());
        return Invalid;
    }
    out() << QStringLiteral("Created project in %1 (%2 files, %3 sample transcripts)\n")
                 .arg(dir)
                 .arg(created->files.size())
                 .arg(created->sampleTranscripts);
    return Ok;
}

int cmdValidate(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print a JSON report"));
    parser.addOption(json);
    int code = Ok;
    const auto pos = parseCommand(parser, args, 1, QStringLiteral("sift-cli validate DIR [--json]"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto project = Project::load(dir);
    const Diagnostics diagnostics = project ? project->diagnostics() : project.diagnostics();
    if (parser.isSet(json)) {
        const int errors = errorCount(diagnostics);
        const QJsonObject report{{QStringLiteral("project"), dir},
                                 {QStringLiteral("valid"), errors == 0},
                                 {QStringLiteral("errors"), errors},
                                 {QStringLiteral("warnings"), int(diagnostics.size()) - errors},
                                 {QStringLiteral("diagnostics"), toJson(diagnostics)}};
        out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
        return errors ? Invalid : Ok;
    }
    printDiagnostics(dir, diagnostics, out());
    return errorsSummary(diagnostics);
}

int cmdImport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("transcripts, one OpenAI chat JSON object per line"));
    int code = Ok;
    const auto pos = parseCommand(parser, args, 2, QStringLiteral("sift-cli import DIR FILE.jsonl"), code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    const auto imported = importTranscriptsIntoProject(dir, pos->at(1));
    if (!imported) {
        printDiagnostics(QString(), imported.diagnostics(), err());
        err() << QStringLiteral("Nothing was imported.\n");
        return Invalid;
    }
    out() << QStringLiteral("Imported %1 transcript(s) into %2").arg(imported->imported).arg(dir);
    if (imported->skippedDuplicates > 0)
        out() << QStringLiteral(" (%1 already present, skipped)").arg(imported->skippedDuplicates);
    out() << '\n';
    return Ok;
}

} // namespace sift::cli
