#include "datasetcard.h"

#include "datasetexport.h"
#include "project/project.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::DatasetCard", text, disambiguation, n);
}

QString formatDescription(ExportFormat format)
{
    switch (format) {
    case ExportFormat::OpenAi:
        return tr("OpenAI / TRL conversational (`{\"messages\": [{\"role\", \"content\"}, ...]}`)");
    case ExportFormat::ShareGpt:
        return tr("ShareGPT (`{\"conversations\": [{\"from\": \"system|human|gpt\", \"value\"}, ...]}`)");
    case ExportFormat::Dpo:
        return tr("TRL conversational preference pairs (`{\"prompt\": [...], \"chosen\": [...], \"rejected\": [...]}`) "
                  "from accepted fixups: chosen is the fix, rejected the original reply");
    }
    return {};
}

QString tokenRow(const QString &side, const TokenStats &s)
{
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
        .arg(side)
        .arg(s.examples)
        .arg(s.total)
        .arg(s.min)
        .arg(s.median)
        .arg(s.mean(), 0, 'f', 1)
        .arg(s.max);
}
} // namespace

QString datasetCard(const ExportSummary &s, const Project &project)
{
    const bool dpo = s.format == ExportFormat::Dpo;
    const QString unit = dpo ? tr("pairs") : tr("examples");
    QString out;
    out += tr("# Dataset card: %1\n\n").arg(project.manifest.name);
    out += tr("Exported by Sift from `%1`. Base model: %2.\n\n").arg(QFileInfo(project.dir()).fileName(), project.modelChoice.baseModel);

    out += tr("## Files\n\n");
    out += tr("- `%1`: training %2\n").arg(QFileInfo(s.trainingFile).fileName(), unit);
    if (!s.validationFile.isEmpty())
        out += tr("- `%1`: validation %2\n").arg(QFileInfo(s.validationFile).fileName(), unit);
    out += tr("- Format: %1. UTF-8 JSON Lines, one example a line.\n\n").arg(formatDescription(s.format));

    out += tr("## Counts\n\n");
    out += tr("| | transcripts | %1 |\n|---|---:|---:|\n").arg(unit);
    out += QStringLiteral("| %1 | %2 | %3 |\n").arg(tr("training")).arg(s.trainTranscripts).arg(s.train.examples);
    out += QStringLiteral("| %1 | %2 | %3 |\n\n").arg(tr("validation")).arg(s.validationTranscripts).arg(s.validation.examples);
    out += tr("The project holds %1 transcript(s); %2 were selected (`--include %3`: %4).\n\n")
               .arg(s.transcripts)
               .arg(s.selected)
               .arg(selection::includeName(s.include),
                    s.include == IncludeMode::Passed ? tr("transcripts that passed their assessment, fixed ones once they pass")
                                                     : tr("every finished transcript a reviewer has not rejected"));

    out += tr("### Left out\n\n");
    const int leftOut = [&] {
        int n = 0;
        for (const int v : s.leftOut)
            n += v;
        return n;
    }();
    if (leftOut == 0) {
        out += tr("Nothing.\n\n");
    } else {
        out += tr("%n transcript(s) gave no %1:\n\n", nullptr, leftOut).arg(unit);
        for (auto it = s.leftOut.cbegin(); it != s.leftOut.cend(); ++it)
            out += QStringLiteral("- %1: %2\n").arg(it.key()).arg(it.value());
        out += QLatin1Char('\n');
    }
    if (s.tooLongSlices > 0)
        out += tr("%n slice point(s) were dropped: over %1 tokens even with only their last exchange.\n\n", nullptr, s.tooLongSlices)
                   .arg(s.maxTokens);
    if (dpo && s.unmatchedFixups > 0)
        out += tr("%n accepted fixup(s) were skipped: their text is not the stored reply, or lies past the training part.\n\n",
                  nullptr, s.unmatchedFixups);

    out += tr("## Tokens\n\n");
    out += tr("Counted with %1; limit %2 tokens per %3 (the lower of `slicing.max_tokens` and `max_transcript_tokens`).\n\n")
               .arg(s.tokenCounting)
               .arg(s.maxTokens)
               .arg(dpo ? tr("pair") : tr("example"));
    out += tr("| | %1 | total | min | median | mean | max |\n|---|---:|---:|---:|---:|---:|---:|\n").arg(unit);
    out += tokenRow(tr("training"), s.train);
    out += tokenRow(tr("validation"), s.validation);
    out += QLatin1Char('\n');
    if (s.cutSlices > 0)
        out += tr("%n %1 dropped exchanges from the front (keeping the system prompt) to fit the limit.\n\n", nullptr, s.cutSlices)
                   .arg(unit);

    if (!dpo) {
        const SlicingSettings &sl = project.manifest.slicing;
        out += tr("## Slicing\n\n");
        out += tr("Each transcript is cut at random points seeded by an xxHash64 of its id (with the project seed %1): at "
                  "least %2 exchange(s) in the first slice, %3 to %4 exchanges between slices, and the final reply always "
                  "included. Every example ends with an assistant reply.\n\n")
                   .arg(project.manifest.seed)
                   .arg(sl.minExchangesBeforeFirst)
                   .arg(sl.minGap)
                   .arg(sl.maxGap);
    }

    out += tr("## Pass rates\n\n");
    out += tr("%1 of the project's %2 transcript(s) were assessed; %3 passed (%4%).\n\n")
               .arg(s.assessed)
               .arg(s.transcripts)
               .arg(s.passed)
               .arg(s.assessed ? 100.0 * s.passed / s.assessed : 0, 0, 'f', 1);

    out += tr("## Prompt versions\n\n");
    for (auto it = s.promptVersions.cbegin(); it != s.promptVersions.cend(); ++it)
        out += tr("- `%1`: %n transcript(s)\n", nullptr, it.value()).arg(it.key());
    out += QLatin1Char('\n');

    out += tr("## Split\n\n");
    out += s.splitMethod + QStringLiteral(".\n");
    out += tr("%1 group(s), %2 of them in validation.\n").arg(s.split.groups).arg(s.split.validationGroups);
    out += tr("Leakage check on the written examples: %1.\n\n").arg(s.leakage.summary());

    out += tr("## Audit\n\n");
    out += s.audit.toMarkdown();
    return out;
}

} // namespace sift
