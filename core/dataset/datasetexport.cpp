#include "datasetexport.h"

#include "datasetaudit.h"
#include "datasetcard.h"
#include "datasetpipeline.h"
#include "jsonlwriter.h"
#include "outputfile.h"
#include "preferencepairs.h"
#include "project/project.h"
#include "slicer.h"
#include "store/datasetstore.h"
#include "store/projectstore.h"
#include "transcripttokens.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <memory>
#include <vector>

namespace sift {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("sift::DatasetExporter", text, disambiguation, n);
}

TokenStats stats(std::vector<qint64> &tokens)
{
    TokenStats s;
    s.examples = int(tokens.size());
    if (tokens.empty())
        return s;
    for (const qint64 t : tokens)
        s.total += t;
    s.min = *std::min_element(tokens.begin(), tokens.end());
    s.max = *std::max_element(tokens.begin(), tokens.end());
    std::nth_element(tokens.begin(), tokens.begin() + tokens.size() / 2, tokens.end());
    s.median = tokens[tokens.size() / 2];
    return s;
}

Diagnostic failure(const QString &message, const QString &hint = {})
{
    return Diagnostic::error(QString(), 0, 0, message, hint);
}

std::unique_ptr<ProjectStore> openStore(const Project &project, Diagnostics &problems)
{
    auto store = ProjectStore::open(project.path(Project::DatabaseFile));
    if (!store) {
        problems = store.diagnostics();
        return nullptr;
    }
    return std::move(*store);
}
} // namespace

QStringList exportFormatNames()
{
    return {QStringLiteral("openai"), QStringLiteral("sharegpt"), QStringLiteral("dpo")};
}

std::optional<ExportFormat> exportFormatFromName(const QString &name)
{
    if (name == QLatin1String("openai"))
        return ExportFormat::OpenAi;
    if (name == QLatin1String("sharegpt"))
        return ExportFormat::ShareGpt;
    if (name == QLatin1String("dpo"))
        return ExportFormat::Dpo;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    return exportFormatNames().at(int(format));
}

DatasetExporter::DatasetExporter(const Project &project) : m_project(project) {}

Result<ExportSummary> DatasetExporter::run(const ExportOptions &options, const Progress &progress, const std::atomic<bool> *cancel) const
{
    const Manifest &m = m_project.manifest;
    const quint64 seed = quint64(m.seed);
    Diagnostics problems;
    const std::unique_ptr<ProjectStore> store = openStore(m_project, problems);
    if (!store)
        return Result<ExportSummary>::failure(problems);

    ExportSummary summary;
    summary.format = options.format;
    summary.include = options.include;
    const bool dpo = options.format == ExportFormat::Dpo;
    const QString defaultName = dpo ? QStringLiteral("dpo.jsonl") : QStringLiteral("training_data.jsonl");
    summary.trainingFile = options.out.isEmpty() ? m_project.path(defaultName) : QFileInfo(options.out).absoluteFilePath();
    const QFileInfo training(summary.trainingFile);
    if (m.split.validationShare > 0) {
        summary.validationFile = options.out.isEmpty() && !dpo
                                     ? m_project.path(QStringLiteral("validation.jsonl"))
                                     : training.dir().filePath(training.completeBaseName() + QStringLiteral("_validation.") +
                                                               (training.suffix().isEmpty() ? QStringLiteral("jsonl") : training.suffix()));
    }
    summary.cardFile = training.dir().filePath(QStringLiteral("dataset_card.md"));
    if (!training.dir().exists())
        return failure(tr("the folder %1 does not exist").arg(training.dir().path()), tr("create it or choose another --out"));

    const TranscriptTokenCounter counter = transcriptTokenCounter(m_project.dir(), m_project.modelChoice);
    summary.tokenCounting = counter.description;
    const Slicer slicer(Slicer::settingsFrom(m.slicing, m_project.modelChoice.maxTranscriptTokens, seed), counter.count,
                        counter.perMessage, counter.fixed);
    summary.maxTokens = slicer.settings().maxTokens;

    DatasetPipeline pipeline(*store, options.include, seed);
    if (const Status loaded = pipeline.load(); !loaded)
        return Result<ExportSummary>::failure(loaded.diagnostics());
    summary.transcripts = int(pipeline.transcripts().size());
    summary.selected = pipeline.selectedCount();
    QList<ExampleOrigin> origins;
    QHash<QString, QString> personaOf;
    for (const DatasetTranscript &t : pipeline.transcripts()) {
        if (t.passed >= 0 || !t.assessment.isEmpty())
            ++summary.assessed;
        if (t.passed == 1 && t.assessment != QLatin1String("invalid"))
            ++summary.passed;
        if (selection::exclusion(t, options.include).isEmpty()) {
            origins.append({t.uid, t.persona});
            personaOf.insert(t.uid, t.persona);
        }
    }
    summary.splitMethod = DatasetSplit::describe(m.split, seed);
    summary.split = DatasetSplit::assign(origins, m.split, seed);
    const QHash<QString, SplitSide> sides = options.split ? *options.split : summary.split.sides;

    DatasetAudit audit(m.audit, m_project.assistantPhrases);
    if (const Status sampled = pipeline.sample(); !sampled)
        return Result<ExportSummary>::failure(sampled.diagnostics());

    QHash<qint64, QList<DatasetFixup>> fixups;
    if (dpo) {
        const auto accepted = DatasetStore(*store).acceptedFixups();
        if (!accepted)
            return Result<ExportSummary>::failure(accepted.diagnostics());
        for (const DatasetFixup &f : *accepted)
            fixups[f.transcriptId].append(f);
    }

    OutputFile trainFile(summary.trainingFile);
    std::unique_ptr<OutputFile> validationFile;
    if (!summary.validationFile.isEmpty())
        validationFile = std::make_unique<OutputFile>(summary.validationFile);
    if (!trainFile.open() || (validationFile && !validationFile->open()))
        return failure(tr("cannot write %1").arg(training.dir().path()), tr("check that the folder is writable"));

    std::vector<qint64> trainTokens, validationTokens;
    QList<ExampleOrigin> trainOrigins, validationOrigins;
    const auto sink = [&](const DatasetTranscript &t, const TrainingConversation &conversation) {
        const bool toValidation = sides.value(t.uid, SplitSide::Train) == SplitSide::Validation && validationFile;
        OutputFile &file = toValidation ? *validationFile : trainFile;
        std::vector<qint64> &tokens = toValidation ? validationTokens : trainTokens;
        int written = 0;
        if (dpo) {
            const auto it = fixups.constFind(t.id);
            if (it == fixups.constEnd())
                return;
            const PreferencePairs pairs = preferencePairs(conversation, *it, counter.count, slicer.settings().maxTokens);
            summary.unmatchedFixups += pairs.unmatched;
            summary.tooLongSlices += pairs.tooLong;
            for (const PreferencePair &p : pairs.pairs) {
                jsonl::appendPreference(file.buffer(), p.prompt, p.chosen, p.rejected);
                tokens.push_back(p.tokens);
                summary.cutSlices += p.cut ? 1 : 0;
                ++written;
            }
        } else {
            const SliceResult sliced = slicer.slice(t.uid, conversation);
            summary.tooLongSlices += sliced.tooLong;
            if (sliced.slices.isEmpty())
                pipeline.leaveOut(conversation.exchanges < slicer.settings().minExchangesBeforeFirst
                                      ? tr("fewer exchanges than slicing.min_exchanges_before_first")
                                      : tr("every slice over the token limit"));
            // Slices are prefixes of one conversation: encode each message once.
            const bool shareGpt = options.format == ExportFormat::ShareGpt;
            const QList<QByteArray> encoded = sliced.slices.isEmpty() ? QList<QByteArray>()
                                                                      : jsonl::encodeMessages(conversation.messages, shareGpt);
            for (const Slice &s : sliced.slices) {
                jsonl::appendEncoded(file.buffer(), encoded, conversation.hasSystem ? 0 : -1, s.first, s.last, shareGpt);
                tokens.push_back(s.tokens);
                summary.cutSlices += s.cut ? 1 : 0;
                ++written;
            }
        }
        file.flushIfLarge();
        if (written == 0)
            return;
        (toValidation ? validationOrigins : trainOrigins).append({t.uid, t.persona});
        ++summary.promptVersions[t.promptVersion.isEmpty() ? tr("(none recorded)") : t.promptVersion];
    };

    auto discardAll = [&] {
        trainFile.discard();
        if (validationFile)
            validationFile->discard();
    };
    const Status ran = pipeline.run(&audit, sink, progress, cancel);
    if (!ran || pipeline.cancelled()) {
        discardAll();
        if (!ran)
            return Result<ExportSummary>::failure(ran.diagnostics());
        return failure(tr("export cancelled; nothing was written"));
    }
    summary.leftOut = pipeline.leftOut();
    summary.audit = audit.report();
    summary.trainTranscripts = int(trainOrigins.size());
    summary.validationTranscripts = int(validationOrigins.size());
    summary.train = stats(trainTokens);
    summary.validation = stats(validationTokens);

    // The check runs on what was written, not on what the split intended.
    summary.leakage = checkLeakage(trainOrigins, validationOrigins, m.split.groupBy.contains(QStringLiteral("persona")));
    if (!summary.leakage.ok()) {
        discardAll();
        return failure(tr("the train/validation split leaks, so nothing was written: %1").arg(summary.leakage.summary()),
                       tr("this is a bug in the split; report it with the project's sift.yaml"));
    }
    if (summary.train.examples == 0) {
        discardAll();
        QStringList reasons;
        for (auto it = summary.leftOut.cbegin(); it != summary.leftOut.cend(); ++it)
            reasons.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
        return failure(tr("nothing to export: no training example from %n transcript(s)", nullptr, summary.transcripts) +
                           (reasons.isEmpty() ? QString() : QStringLiteral(" (") + reasons.join(QStringLiteral("; ")) + QLatin1Char(')')),
                       options.include == IncludeMode::Passed ? tr("assess the transcripts first, or export imported data with --include all")
                                                              : QString());
    }

    QSaveFile card(summary.cardFile);
    const QByteArray cardText = datasetCard(summary, m_project).toUtf8();
    const bool cardOk = card.open(QIODevice::WriteOnly) && card.write(cardText) == cardText.size();
    if (!cardOk) {
        discardAll();
        return failure(tr("cannot write %1: %2").arg(summary.cardFile, card.errorString()));
    }
    if (!trainFile.commit() || (validationFile && !validationFile->commit()) || !card.commit())
        return failure(tr("cannot write the export to %1").arg(training.dir().path()),
                       tr("check that the disk is not full and the folder is writable"));
    return summary;
}

Result<AuditReport> auditProject(const Project &project, IncludeMode include, const std::function<void(int, int)> &progress,
                                 const std::atomic<bool> *cancel)
{
    Diagnostics problems;
    const std::unique_ptr<ProjectStore> store = openStore(project, problems);
    if (!store)
        return Result<AuditReport>::failure(problems);
    DatasetPipeline pipeline(*store, include, quint64(project.manifest.seed));
    if (const Status loaded = pipeline.load(); !loaded)
        return Result<AuditReport>::failure(loaded.diagnostics());
    DatasetAudit audit(project.manifest.audit, project.assistantPhrases);
    if (const Status sampled = pipeline.sample(); !sampled)
        return Result<AuditReport>::failure(sampled.diagnostics());
    const Status ran = pipeline.run(&audit, {}, progress, cancel);
    if (!ran)
        return Result<AuditReport>::failure(ran.diagnostics());
    if (pipeline.cancelled())
        return failure(tr("audit cancelled"));
    return audit.report();
}

} // namespace sift
