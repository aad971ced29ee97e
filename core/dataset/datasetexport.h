#pragma once

#include "auditreport.h"
#include "common/result.h"
#include "datasetselection.h"
#include "datasetsplit.h"

#include <QHash>
#include <QMap>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace sift {

class Project;

enum class ExportFormat { OpenAi, ShareGpt, Dpo };

QStringList exportFormatNames();  // openai, sharegpt, dpo
std::optional<ExportFormat> exportFormatFromName(const QString &name);
QString exportFormatName(ExportFormat format);

struct ExportOptions
{
    ExportFormat format = ExportFormat::OpenAi;
    IncludeMode include = IncludeMode::Passed;
    // The training file. Empty: training_data.jsonl (dpo.jsonl for DPO) in the project folder. The
    // validation file is its sibling: validation.jsonl by default, else "<name>_validation.jsonl".
    QString out;
    // A split decided elsewhere, by transcript uid, instead of the project's own. Only tests use it, to
    // prove that an export refuses a split that leaks.
    std::optional<QHash<QString, SplitSide>> split;
};

struct TokenStats
{
    int examples = 0;
    qint64 total = 0;
    qint64 min = 0;
    qint64 max = 0;
    qint64 median = 0;
    double mean() const { return examples ? double(total) / examples : 0; }
};

// What an export wrote, for the command line, the GUI and the dataset card.
struct ExportSummary
{
    ExportFormat format = ExportFormat::OpenAi;
    IncludeMode include = IncludeMode::Passed;
    QString trainingFile;
    QString validationFile;  // empty when validation_share is 0
    QString cardFile;
    int transcripts = 0;           // in the project
    int selected = 0;              // chosen by the include mode
    int trainTranscripts = 0;      // that gave at least one example
    int validationTranscripts = 0;
    TokenStats train;
    TokenStats validation;
    int cutSlices = 0;             // slices that dropped exchanges from the front to fit
    int tooLongSlices = 0;         // slice points left out: over the token limit even alone
    int unmatchedFixups = 0;       // DPO: accepted fixups whose text is not the stored turn
    qint64 maxTokens = 0;
    QString tokenCounting;         // the counter's description
    QMap<QString, int> leftOut;    // reason -> transcripts
    int assessed = 0;              // pass rates over the whole project
    int passed = 0;
    QMap<QString, int> promptVersions;  // of the exported transcripts
    QString splitMethod;
    DatasetSplit::Assignment split;
    LeakageReport leakage;
    AuditReport audit;
};

// Exports a project's training data: selection, group split, slicing within each side, the format's
// files and dataset_card.md, all written atomically (QSaveFile) and only when the leakage check on the
// examples actually written passes. Runs on the calling thread with its own database connection, so
// the GUI runs it on a worker thread; `progress` is called from that thread.
class DatasetExporter
{
public:
    using Progress = std::function<void(int done, int total)>;

    explicit DatasetExporter(const Project &project);
    Result<ExportSummary> run(const ExportOptions &options, const Progress &progress = {},
                              const std::atomic<bool> *cancel = nullptr) const;

private:
    const Project &m_project;
};

// The audit alone over the transcripts an export with `include` would take.
Result<AuditReport> auditProject(const Project &project, IncludeMode include, const std::function<void(int, int)> &progress = {},
                                 const std::atomic<bool> *cancel = nullptr);

} // namespace sift
