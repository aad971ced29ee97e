// sift-cli: everything Sift does to data, headless. Argument parsing and printing only; the work
// happens in sift_core.

#include "common/diagnosticjson.h"
#include "project/defaultproject.h"
#include "project/project.h"
#include "project/projectsetup.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

using namespace sift;

namespace {

enum ExitCode { Ok = 0, Invalid = 1, Usage = 2 };

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

QString usageText()
{
    return QStringLiteral(
        "Usage: sift-cli <command> [options]\n"
        "\n"
        "Commands:\n"
        "  init DIR                  create a project from the bundled default\n"
        "  validate DIR [--json]     check every file; exit 0 when valid, 1 otherwise\n"
        "  import DIR FILE.jsonl     import transcripts in OpenAI chat JSONL (+ optional metadata)\n"
        "\n"
        "Run 'sift-cli <command> --help' for a command's options.\n");
}

// Diagnostics carry paths relative to the project; print them joined with the folder the user
// named, so editors and terminals can open them.
QString located(const QString &dir, Diagnostic d)
{
    if (!d.file.isEmpty() && QDir::isRelativePath(d.file))
        d.file = QDir(dir).filePath(d.file);
    return d.toString();
}

void printDiagnostics(const QString &dir, const Diagnostics &diagnostics, QTextStream &stream)
{
    for (const Diagnostic &d : diagnostics)
        stream << located(dir, d) << '\n';
}

int errorsSummary(const Diagnostics &diagnostics)
{
    const int errors = errorCount(diagnostics);
    out() << QStringLiteral("%1 error(s), %2 warning(s)\n").arg(errors).arg(diagnostics.size() - errors);
    return errors ? Invalid : Ok;
}

// Parses the options of one command; returns the positional arguments or nullopt after printing
// usage (exit code in `exitCode`).
std::optional<QStringList> parseCommand(QCommandLineParser &parser, const QStringList &args, int positionals,
                                        const QString &synopsis, int &exitCode)
{
    parser.setApplicationDescription(synopsis);
    parser.addHelpOption();
    if (!parser.parse(args)) {
        err() << parser.errorText() << '\n' << synopsis << '\n';
        exitCode = Usage;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        exitCode = Ok;
        return std::nullopt;
    }
    if (parser.positionalArguments().size() != positionals) {
        err() << "usage: " << synopsis << '\n';
        exitCode = Usage;
        return std::nullopt;
    }
    return parser.positionalArguments();
}

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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sift-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIFT_VERSION));

    const QStringList args = app.arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        (args.size() < 2 ? err() : out()) << usageText();
        return args.size() < 2 ? Usage : Ok;
    }
    if (args[1] == QLatin1String("--version")) {
        out() << "sift-cli " << SIFT_VERSION << '\n';
        return Ok;
    }
    const QString command = args[1];
    QStringList rest = args;
    rest.removeAt(1);  // QCommandLineParser expects the program name first
    if (command == QLatin1String("init"))
        return cmdInit(rest);
    if (command == QLatin1String("validate"))
        return cmdValidate(rest);
    if (command == QLatin1String("import"))
        return cmdImport(rest);
    err() << QStringLiteral("sift-cli: unknown command '%1'\n\n").arg(command) << usageText();
    return Usage;
}
