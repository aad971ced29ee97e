// sift-cli review: the batches of a run with their gate (at the project's thresholds), and a human's
// sign-off, which the gate needs before a run may scale; and the review's flags and notes as JSONL,
// to bring in a review done elsewhere.

#include "assess/batchanalysis.h"
#include "cliutil.h"
#include "commands.h"
#include "project/project.h"
#include "review/reviewexchange.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QDateTime>
#include <QDir>
#include <QSaveFile>

namespace sift::cli {

namespace {
struct BatchPassRate
{
    int total = 0;  // failed transcripts count against the batch, as in its report
    int assessed = 0;
    int passed = 0;
    double rate() const { return total ? double(passed) / total : 0; }
};

BatchPassRate passRate(const RunStore &runs, const BatchRecord &b)
{
    BatchPassRate r;
    if (const auto transcripts = runs.batchTranscripts(b.id)) {
        r.total = int(transcripts->size());
        for (const RunTranscript &t : *transcripts) {
            r.assessed += t.status == QLatin1String("assessed") ? 1 : 0;
            r.passed += t.passed ? 1 : 0;
        }
    }
    return r;
}
} // namespace

int cmdReview(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("project folder"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("the run (default: the newest)"), QStringLiteral("ID"));
    const QCommandLineOption signOff(QStringLiteral("sign-off"),
                                     QStringLiteral("record that a human reviewed batch N's transcripts and verdicts"),
                                     QStringLiteral("N"));
    const QCommandLineOption withdraw(QStringLiteral("withdraw"), QStringLiteral("withdraw the sign-off of batch N"),
                                      QStringLiteral("N"));
    const QCommandLineOption exportFlags(QStringLiteral("export-flags"),
                                         QStringLiteral("write every flag and note of the review as JSONL to FILE (- for stdout)"),
                                         QStringLiteral("FILE"));
    const QCommandLineOption importFlags(QStringLiteral("import-flags"),
                                         QStringLiteral("bring in the flags and notes of FILE (all lines or none)"), QStringLiteral("FILE"));
    parser.addOptions({run, signOff, withdraw, exportFlags, importFlags});
    int code = Ok;
    const QString synopsis = QStringLiteral(
        "sift-cli review DIR [--run ID] [--sign-off N | --withdraw N] [--export-flags FILE | --import-flags FILE]");
    const auto pos = parseCommand(parser, args, 1, synopsis, code);
    if (!pos)
        return code;
    const QString dir = pos->at(0);
    auto store = ProjectStore::open(QDir(dir).filePath(Project::DatabaseFile));
    if (!store || !QFileInfo::exists(QDir(dir).filePath(Project::ManifestFile))) {
        err() << QStringLiteral("sift-cli: %1 is not a Sift project\n").arg(dir);
        return Invalid;
    }
    if (parser.isSet(exportFlags)) {
        const auto review = exportReview(**store);
        if (!review) {
            printDiagnostics(dir, review.diagnostics(), err());
            return Invalid;
        }
        const QString file = parser.value(exportFlags);
        if (file == QLatin1String("-")) {
            out() << QString::fromUtf8(*review);
            return Ok;
        }
        QSaveFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(*review) != review->size() || !f.commit()) {
            err() << QStringLiteral("sift-cli: cannot write %1: %2\n").arg(file, f.errorString());
            return Invalid;
        }
        out() << QStringLiteral("Wrote %1 line(s) to %2.\n").arg(review->count('\n')).arg(file);
        return Ok;
    }
    if (parser.isSet(importFlags)) {
        const auto counts = importReview(**store, parser.value(importFlags));
        if (!counts) {
            printDiagnostics(dir, counts.diagnostics(), err());
            err() << QStringLiteral("sift-cli: nothing was imported; fix the lines above and run it again\n");
            return Invalid;
        }
        out() << QStringLiteral("Imported %1 flag(s) and the notes of %2 transcript(s).\n").arg(counts->flags).arg(counts->notes);
        return Ok;
    }

    // The gate's thresholds are the project's (sift.yaml, generation.gate): a manifest with errors
    // would give the batches a gate they do not have.
    const auto project = Project::load(dir);
    if (!project) {
        printDiagnostics(dir, project.diagnostics(), err());
        return Invalid;
    }
    Diagnostics manifestErrors;
    for (const Diagnostic &d : project->diagnostics()) {
        if (d.isError() && d.file == Project::ManifestFile)
            manifestErrors.append(d);
    }
    if (!manifestErrors.isEmpty()) {
        printDiagnostics(dir, manifestErrors, err());
        return Invalid;
    }
    const GenerationSettings &gate = project->manifest.generation;
    RunStore runs(**store);
    const auto all = runs.runs();
    if (!all) {
        printDiagnostics(dir, all.diagnostics(), err());
        return Invalid;
    }
    std::optional<RunRecord> chosen;
    for (const RunRecord &r : *all) {
        if ((r.kind == QLatin1String("run") || r.kind == QLatin1String("generate")) && (!parser.isSet(run) || r.id == parser.value(run).toLongLong()))
            chosen = r;
    }
    if (!chosen) {
        err() << (parser.isSet(run) ? QStringLiteral("sift-cli: there is no run %1 with batches\n").arg(parser.value(run))
                                    : QStringLiteral("sift-cli: no run has made batches yet (sift-cli run DIR --count 5)\n"));
        return Invalid;
    }
    const auto batches = runs.batches(chosen->id);
    if (!batches) {
        printDiagnostics(dir, batches.diagnostics(), err());
        return Invalid;
    }

    if (parser.isSet(signOff) || parser.isSet(withdraw)) {
        const bool on = parser.isSet(signOff);
        bool ok = false;
        const int number = parser.value(on ? signOff : withdraw).toInt(&ok);
        const auto it = std::find_if(batches->begin(), batches->end(), [&](const BatchRecord &b) { return b.index + 1 == number; });
        if (!ok || it == batches->end()) {
            err() << QStringLiteral("sift-cli: run %1 has no batch %2\n").arg(chosen->id).arg(parser.value(on ? signOff : withdraw));
            return Usage;
        }
        if (on && it->status != QLatin1String("done")) {
            err() << QStringLiteral("sift-cli: batch %1 of run %2 is not finished yet; review it once it is\n").arg(number).arg(chosen->id);
            return Invalid;
        }
        const Status s = runs.signOffBatch(it->id, on ? (*store)->now().toUTC().toString(Qt::ISODate) : QString());
        if (!s) {
            printDiagnostics(dir, s.diagnostics(), err());
            return Invalid;
        }
        out() << (on ? QStringLiteral("Batch %1 of run %2 signed off.\n") : QStringLiteral("Sign-off of batch %1 of run %2 withdrawn.\n"))
                     .arg(number)
                     .arg(chosen->id);
        if (on) {
            const BatchPassRate r = passRate(runs, *it);
            out() << QStringLiteral("  gate: %1\n").arg(gateFor(r.rate(), true, gate.gateScaleAt, gate.gateReviseBelow).text);
        }
        return Ok;
    }

    out() << QStringLiteral("Run %1 (%2, prompt version %3):\n").arg(chosen->id).arg(chosen->status, chosen->promptVersion);
    for (const BatchRecord &b : *batches) {
        const BatchPassRate r = passRate(runs, b);
        const bool done = b.status == QLatin1String("done");
        out() << QStringLiteral("  batch %1: %2 of %3 passed (%4%), %5, %6\n")
                     .arg(b.index + 1)
                     .arg(r.passed)
                     .arg(r.total)
                     .arg(r.total ? r.passed * 100 / r.total : 0)
                     .arg(done ? QStringLiteral("finished") : QStringLiteral("in progress"))
                     .arg(b.signedOffAt.isEmpty() ? QStringLiteral("not signed off") : QStringLiteral("signed off ") + b.signedOffAt);
        if (done && r.assessed > 0)
            out() << QStringLiteral("    gate: %1\n")
                         .arg(gateFor(r.rate(), !b.signedOffAt.isEmpty(), gate.gateScaleAt, gate.gateReviseBelow).text);
    }
    return Ok;
}

} // namespace sift::cli
