#include "generationstats.h"

#include "assess/batchanalysis.h"
#include "project/project.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QSet>
#include <QSqlQuery>

namespace sift {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("sift::GenerationStats", text);
}

QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + QLatin1Char('%');
}

QString usd(qint64 microUsd)
{
    return QStringLiteral("$%1").arg(double(microUsd) / 1e6, 0, 'f', 4);
}

// A batch's failing criteria in the rubric's order, each with the transcripts it failed: "SF1 2, CM1 5".
QString failingText(const Rubric &rubric, const BatchFigures &f)
{
    QStringList parts;
    for (const Criterion &c : rubric.criteria) {
        if (const int n = f.criterionFailures.value(c.id); n > 0)
            parts.append(QStringLiteral("%1 %2").arg(c.id).arg(n));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

// The criteria the judges disagreed on in a batch, with the share of its transcripts: "CM1 40.0%".
QString disagreementText(const Rubric &rubric, const BatchFigures &f)
{
    QStringList parts;
    for (const Criterion &c : rubric.criteria) {
        if (const double share = f.disagreement.value(c.id); share > 0)
            parts.append(QStringLiteral("%1 %2").arg(c.id, percent(share)));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}
} // namespace

Result<QString> generationStatsMarkdown(ProjectStore &store, const Project &project)
{
    const Rubric &rubric = project.rubric;
    const Aggregation aggregation = aggregationFromName(project.manifest.assessment.aggregation);
    const GenerationSettings &settings = project.manifest.generation;
    RunStore runs(store);
    const auto allRuns = runs.runs();
    if (!allRuns)
        return Result<QString>::failure(allRuns.diagnostics());

    // Every judge that ever assessed, so the project-wide figures compare them all.
    QStringList judges;
    QSqlQuery names(store.database());
    if (names.exec(QStringLiteral("SELECT DISTINCT judge FROM assessments ORDER BY judge"))) {
        while (names.next())
            judges.append(names.value(0).toString());
    }
    FiguresAccumulator everything(rubric, judges);
    QStringList batchRows;
    QSet<QString> versions;
    int generated = 0, cumulativeAssessed = 0, cumulativePassed = 0;
    for (const RunRecord &run : *allRuns) {
        if (run.kind == QLatin1String("assess") || run.kind == QLatin1String("fixup"))
            continue;
        const auto batches = runs.batches(run.id);
        if (!batches)
            return Result<QString>::failure(batches.diagnostics());
        for (const BatchRecord &b : *batches) {
            const auto transcripts = runs.batchTranscripts(b.id);
            if (!transcripts)
                return Result<QString>::failure(transcripts.diagnostics());
            QList<AssessedTranscript> assessed;
            int batchGenerated = 0;
            for (const RunTranscript &t : *transcripts) {
                batchGenerated += t.status != QLatin1String("generating") && t.status != QLatin1String("failed") ? 1 : 0;
                if (t.status != QLatin1String("assessed"))
                    continue;
                const auto judges = runs.assessments(t.uid);
                if (judges)
                    assessed.append(assessTranscript(t.uid, rubric, *judges, aggregation));
            }
            if (!b.promptVersion.isEmpty())
                versions.insert(b.promptVersion);
            generated += batchGenerated;
            const BatchFigures f = analyse(rubric, assessed);
            cumulativeAssessed += f.transcripts;
            cumulativePassed += f.passed;
            for (const AssessedTranscript &t : std::as_const(assessed))
                everything.add(t);
            const Gate gate = gateFor(f.passRate(), !b.signedOffAt.isEmpty(), settings.gateScaleAt, settings.gateReviseBelow);
            const QString none = QStringLiteral("-");
            batchRows.append(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 | %10 | %11 | %12 |")
                                 .arg(run.id)
                                 .arg(b.index + 1)
                                 .arg(b.promptVersion.isEmpty() ? none : b.promptVersion)
                                 .arg(batchGenerated)
                                 .arg(f.transcripts)
                                 .arg(f.passed)
                                 .arg(f.transcripts ? percent(f.passRate()) : none)
                                 .arg(cumulativeAssessed ? percent(double(cumulativePassed) / cumulativeAssessed) : none)
                                 .arg(f.transcripts ? gateName(gate.recommendation) : none)
                                 .arg(b.signedOffAt.isEmpty() ? QStringLiteral("no") : b.signedOffAt.left(10))
                                 .arg(f.transcripts ? failingText(rubric, f) : none)
                                 .arg(f.transcripts ? disagreementText(rubric, f) : none));
        }
    }
    const BatchFigures all = everything.figures();

    QStringList out;
    out << tr("# Generation statistics") << QString()
        << tr("Written by Sift on %1 from the project database; `sift-cli stats DIR` writes it again.")
               .arg(store.now().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))
        << QString() << tr("## Summary") << QString()
        << tr("- Runs: %1; transcripts generated: %2; assessed: %3").arg(allRuns->size()).arg(generated).arg(all.transcripts)
        << tr("- Cumulative pass rate: %1 (%2 of %3); invalid assessments: %4")
               .arg(all.transcripts ? percent(all.passRate()) : QStringLiteral("-"))
               .arg(all.passed)
               .arg(all.transcripts)
               .arg(all.invalid)
        << tr("- Iterations (prompt versions used): %1").arg(versions.size()) << QString();

    out << tr("## Batches") << QString()
        << QStringLiteral("| Run | Batch | Prompt version | Generated | Assessed | Passed | Pass rate | Cumulative | Gate | Signed off "
                          "| Failing criteria | Judges disagree on |")
        << QStringLiteral("|---|---|---|---|---|---|---|---|---|---|---|---|");
    out += batchRows;
    out << QString()
        << tr("Generated counts the batch's finished conversations; the rates are over those assessed. Failing criteria: "
              "how many of the batch's transcripts each criterion failed; judges disagree on: the share of them on "
              "which the judges did not all give the same answer.")
        << QString();

    out << tr("## Criterion breakdown") << QString()
        << QStringLiteral("| Criterion | Category | Safety gate | Failures | Failure rate | Judge disagreement |")
        << QStringLiteral("|---|---|---|---|---|---|");
    for (const Criterion &c : rubric.criteria) {
        const RubricCategory *cat = rubric.categoryOf(c.id);
        const int failures = all.criterionFailures.value(c.id);
        out << QStringLiteral("| %1 %2 | %3 | %4 | %5 | %6 | %7 |")
                   .arg(c.id, c.name, cat ? cat->id : QString(), rubric.isSafetyGate(c.id) ? tr("yes") : QString())
                   .arg(failures)
                   .arg(all.transcripts ? percent(double(failures) / all.transcripts) : QStringLiteral("-"))
                   .arg(all.disagreement.contains(c.id) ? percent(all.disagreement.value(c.id)) : QStringLiteral("-"));
    }
    out << QString();

    out << tr("## Judge agreement") << QString();
    if (all.judges.size() < 2) {
        out << tr("Fewer than two judges assessed the transcripts; the method recommends several.");
    } else {
        QStringList pairs = all.cohen.keys();
        pairs.sort();
        for (const QString &pair : pairs)
            out << tr("- Cohen's kappa %1: %2").arg(pair).arg(all.cohen.value(pair), 0, 'f', 3);
        out << tr("- Fleiss' kappa over %1 judges: %2")
                   .arg(all.judges.size())
                   .arg(all.fleiss ? QString::number(*all.fleiss, 'f', 3) : QStringLiteral("-"));
    }
    out << QString();

    out << tr("## Tokens and cost") << QString() << QStringLiteral("| Backend | Purpose | Calls | Cache hits | Input tokens | Output tokens | Cost |")
        << QStringLiteral("|---|---|---|---|---|---|---|");
    QSqlQuery q(store.database());
    qint64 totalCost = 0;
    if (q.exec(QStringLiteral("SELECT backend, COALESCE(purpose, ''), COUNT(*), SUM(status = 'cached'), SUM(input_tokens), "
                              "SUM(output_tokens), SUM(cost_micro_usd) FROM llm_calls GROUP BY backend, purpose ORDER BY backend, purpose"))) {
        while (q.next()) {
            totalCost += q.value(6).toLongLong();
            out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |")
                       .arg(q.value(0).toString(), q.value(1).toString())
                       .arg(q.value(2).toLongLong())
                       .arg(q.value(3).toLongLong())
                       .arg(q.value(4).toLongLong())
                       .arg(q.value(5).toLongLong())
                       .arg(usd(q.value(6).toLongLong()));
        }
    }
    out << QString() << tr("Total cost: %1").arg(usd(totalCost)) << QString();
    return out.join(QLatin1Char('\n'));
}

Status writeGenerationStats(ProjectStore &store, const Project &project)
{
    const auto text = generationStatsMarkdown(store, project);
    if (!text)
        return Status::failure(text.diagnostics());
    QSaveFile f(project.path(GenerationStatsFile));
    const QByteArray bytes = text->toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return Diagnostic::error(GenerationStatsFile, 0, 0, tr("cannot write: %1").arg(f.errorString()));
    return Done{};
}

} // namespace sift
