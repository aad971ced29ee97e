// sift-cli audit and export: the dataset end of the pipeline, with progress on stderr and Ctrl-C
// stopping an export before anything is written.

#include "cliutil.h"
#include "commands.h"
#include "dataset/datasetexport.h"
#include "interrupt.h"
#include "project/project.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <atomic>

namespace sift::cli {

namespace {

std::optional<Project> loadProject(const QString &dir)
{
    auto project = Project::load(dir);
    if (!project) {
        printDiagnostics(dir, project.diagnostics(), err());
        return std::nullopt;
    }
    Diagnostics errors;
    for (const Diagnostic &d : project->diagnostics()) {
        if (d.isError())
            errors.append(d);
    }
    if (!errors.isEmpty()) {
        printDiagnostics(dir, errors, err());
        err() << QStringLiteral("sift-cli: the project has errors; fix them first (sift-cli validate %1)\n").arg(dir);
        return std::nullopt;
    }
    return std::move(*project);
}

// Progress lines on stderr, about every tenth of the way, so a long export shows it is moving.
std::function<void(int, int)> progressPrinter(const QString &what)
{
    return [what, last = -1](int done, int total) mutable {
        const int tenth = total > 0 ? int(qint64(done) * 10 / total) : 10;
        if (tenth == last || total < 2000)
            return;
        last = tenth;
        err() << QStringLiteral("%1: %2/%3 transcripts\n").arg(what).arg(done).arg(total);
        err().flush();
    };
}

// Runs `work` on a worker thread while this thread waits in an event loop, so Ctrl-C (which reaches
// the event loop) can set `cancel`.
void runCancellable(std::atomic<bool> &cancel, const std::function<void()> &work)
{
    InterruptWatcher interrupt([&cancel] { cancel = true; });
    QThread *thread = QThread::create(work);
    QObject::connect(thread, &QThread::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    thread->start();
    QCoreApplication::exec();
    thread->wait();
    delete thread;
}

std::optional<IncludeMode> includeOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return std::nullopt;
    const auto mode = selection::includeFromName(parser.value(option));
    if (!mode)
        err() << QStringLiteral("sift-cli: --include must be one of: %1\n").arg(selection::includeNames().join(QStringLiteral(", ")));
    return mode;
}

} // namespace

int cmdAudit(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print the report as JSON"));
    const QCommandLineOption include(QStringLiteral("include"),
                                     QStringLiteral("which transcripts: all (default: every finished one not rejected) or passed"),
                                     QStringLiteral("passed|all"));
    parser.addOptions({json, include});
    int code = Ok;
    const QString synopsis = QStringLiteral("sift-cli audit DIR [--json] [--include passed|all]");
    const auto pos = parseCommand(parser, args, 1, synopsis, code);
    if (!pos)
        return code;
    IncludeMode mode = IncludeMode::All;
    if (parser.isSet(include)) {
        const auto chosen = includeOption(parser, include);
        if (!chosen)
            return Usage;
        mode = *chosen;
    }
    const QString dir = pos->at(0);
    const auto project = loadProject(dir);
    if (!project)
        return Invalid;

    std::atomic<bool> cancel{false};
    std::optional<Result<AuditReport>> result;
    runCancellable(cancel, [&] { result = auditProject(*project, mode, progressPrinter(QStringLiteral("audit")), &cancel); });
    if (cancel)
        return Cancelled;
    if (!*result) {
        printDiagnostics(dir, result->diagnostics(), err());
        return Invalid;
    }
    const AuditReport &report = **result;
    if (parser.isSet(json))
        out() << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        out() << report.toText();
    // The method's gate: no red flags.
    return report.hasRedFlags() ? Invalid : Ok;
}

int cmdExport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("openai (default), sharegpt or dpo"),
                                    QStringLiteral("openai|sharegpt|dpo"));
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("the training file (default: training_data.jsonl or dpo.jsonl in DIR)"),
                                     QStringLiteral("FILE"));
    const QCommandLineOption include(QStringLiteral("include"),
                                     QStringLiteral("passed (default: transcripts that passed) or all (every one not rejected)"),
                                     QStringLiteral("passed|all"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print the summary as JSON"));
    parser.addOptions({format, outFile, include, json});
    int code = Ok;
    const QString synopsis = QStringLiteral("sift-cli export DIR [--format openai|sharegpt|dpo] [--out FILE] [--include passed|all]");
    const auto pos = parseCommand(parser, args, 1, synopsis, code);
    if (!pos)
        return code;
    ExportOptions options;
    if (parser.isSet(format)) {
        const auto chosen = exportFormatFromName(parser.value(format));
        if (!chosen) {
            err() << QStringLiteral("sift-cli: --format must be one of: %1\n").arg(exportFormatNames().join(QStringLiteral(", ")));
            return Usage;
        }
        options.format = *chosen;
    }
    if (parser.isSet(include)) {
        const auto chosen = includeOption(parser, include);
        if (!chosen)
            return Usage;
        options.include = *chosen;
    }
    options.out = parser.value(outFile);
    const QString dir = pos->at(0);
    const auto project = loadProject(dir);
    if (!project)
        return Invalid;

    std::atomic<bool> cancel{false};
    std::optional<Result<ExportSummary>> result;
    runCancellable(cancel, [&] {
        result = DatasetExporter(*project).run(options, progressPrinter(QStringLiteral("export")), &cancel);
    });
    if (cancel) {
        err() << QStringLiteral("sift-cli: export cancelled; nothing was written\n");
        return Cancelled;
    }
    if (!*result) {
        printDiagnostics(dir, result->diagnostics(), err());
        return Invalid;
    }
    const ExportSummary &s = **result;
    if (parser.isSet(json)) {
        QJsonObject leftOut;
        for (auto it = s.leftOut.cbegin(); it != s.leftOut.cend(); ++it)
            leftOut.insert(it.key(), it.value());
        out() << QJsonDocument(QJsonObject{{QStringLiteral("format"), exportFormatName(s.format)},
                                           {QStringLiteral("training_file"), s.trainingFile},
                                           {QStringLiteral("validation_file"), s.validationFile},
                                           {QStringLiteral("card"), s.cardFile},
                                           {QStringLiteral("train_examples"), s.train.examples},
                                           {QStringLiteral("validation_examples"), s.validation.examples},
                                           {QStringLiteral("train_transcripts"), s.trainTranscripts},
                                           {QStringLiteral("validation_transcripts"), s.validationTranscripts},
                                           {QStringLiteral("left_out"), leftOut},
                                           {QStringLiteral("leakage_check"), s.leakage.ok()},
                                           {QStringLiteral("audit_red_flags"), s.audit.redFlags()}})
                     .toJson(QJsonDocument::Indented);
        return Ok;
    }
    const QString unit = s.format == ExportFormat::Dpo ? QStringLiteral("pair(s)") : QStringLiteral("example(s)");
    out() << QStringLiteral("Wrote %1 training %2 from %3 transcript(s) to %4\n").arg(s.train.examples).arg(unit).arg(s.trainTranscripts).arg(s.trainingFile);
    if (!s.validationFile.isEmpty())
        out() << QStringLiteral("Wrote %1 validation %2 from %3 transcript(s) to %4\n")
                     .arg(s.validation.examples)
                     .arg(unit)
                     .arg(s.validationTranscripts)
                     .arg(s.validationFile);
    int leftOut = 0;
    for (const int n : s.leftOut)
        leftOut += n;
    out() << QStringLiteral("Left out %1 transcript(s); leakage check %2; audit: %3 red flag(s)\n")
                 .arg(leftOut)
                 .arg(s.leakage.ok() ? QStringLiteral("passed") : QStringLiteral("FAILED"))
                 .arg(s.audit.redFlags());
    out() << QStringLiteral("Wrote %1\n").arg(s.cardFile);
    return Ok;
}

} // namespace sift::cli
