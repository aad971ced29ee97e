// sift-cli: everything Sift does to data, headless. Argument parsing and printing only; the work
// happens in sift_core. Each command lives in its own file (see commands.h).

#include "cliutil.h"
#include "commands.h"

#include <QCoreApplication>

#include <functional>

using namespace sift::cli;

namespace {

struct Command
{
    const char *name;
    std::function<int(const QStringList &)> run;
};

const Command commands[] = {
    {"init", cmdInit},
    {"validate", cmdValidate},
    {"import", cmdImport},
    {"backends", cmdBackends},
    {"generate", cmdGenerate},
    {"assess", cmdAssess},
    {"run", cmdRun},
    {"resume", cmdResume},
    {"fixup", cmdFixup},
    {"dump", cmdDump},
    {"stats", cmdStats},
    {"review", cmdReview},
    {"tokens", cmdTokens},
    {"audit", cmdAudit},
    {"export", cmdExport},
};

QString usageText()
{
    return QStringLiteral(
        "Usage: sift-cli <command> [options]\n"
        "\n"
        "Commands:\n"
        "  init DIR                  create a project from the bundled default\n"
        "  validate DIR [--json]     check every file; exit 0 when valid, 1 otherwise\n"
        "  import DIR FILE.jsonl     import transcripts in OpenAI chat JSONL (+ optional metadata)\n"
        "  backends DIR [--check]    list the LLM backends; --check probes each one\n"
        "  generate DIR --count N    generate transcripts (--dry-run estimates the cost first)\n"
        "  assess DIR                have the judges assess what they have not assessed yet\n"
        "  run DIR --count N         generate and assess batch by batch, honouring the gates\n"
        "  resume DIR                continue the last interrupted run where it stopped\n"
        "  fixup DIR                 repair, cut or reject the transcripts that failed\n"
        "  dump DIR [--verdicts]     every transcript as JSONL\n"
        "  stats DIR                 write generation_stats.md and print a summary\n"
        "  review DIR [--sign-off N] list a run's batches; sign one off after reviewing it\n"
        "  review DIR --export-flags F | --import-flags F   the review's flags and notes as JSONL\n"
        "  tokens --tokenizer FILE   count the tokens of standard input with a model's tokenizer\n"
        "  audit DIR [--json]        audit the assistant responses (exit 1 on a red flag)\n"
        "  export DIR [--format F]   write training_data.jsonl, validation.jsonl and dataset_card.md\n"
        "\n"
        "Run 'sift-cli <command> --help' for a command's options.\n");
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
    for (const Command &c : commands) {
        if (command == QLatin1String(c.name))
            return c.run(rest);
    }
    err() << QStringLiteral("sift-cli: unknown command '%1'\n\n").arg(command) << usageText();
    return Usage;
}
