#pragma once

#include "common/result.h"
#include "store/records.h"

#include <functional>

namespace sift {

class ProjectStore;

// Reads a whole file; a diagnostic that names it when it cannot be read.
Result<QByteArray> readJsonlFile(const QString &path);
// Calls `each(object, lineNumber)` for every non-blank line that is a JSON object; a line that is not
// JSON, or not an object, becomes a diagnostic with its line and column.
void forEachJsonlObject(const QByteArray &bytes, const QString &file, Diagnostics &diags,
                        const std::function<void(const QJsonObject &, int)> &each);

struct ImportCounts
{
    int imported = 0;
    int skippedDuplicates = 0;  // ids already in the store; never overwritten
};

// Transcripts in OpenAI chat JSONL ({"messages": [...], "metadata": {...}} per line). Every bad line
// becomes a diagnostic with its line number; blank lines are skipped. A line without metadata.id gets a
// stable id from its content, so importing the same file twice never duplicates it.
Result<QList<TranscriptRecord>> parseTranscriptsJsonl(const QByteArray &bytes, const QString &file, const QString &source);
// One judge's verdicts per line: {"transcript", "judge", "criteria": {id: {answer, evidence, turn, reasoning}}}.
Result<QList<VerdictRecord>> parseVerdictsJsonl(const QByteArray &bytes, const QString &file);

// All or nothing: on any bad line nothing is written.
Result<ImportCounts> importTranscripts(ProjectStore &store, const QString &path, const QString &source);
Result<ImportCounts> importVerdicts(ProjectStore &store, const QString &path);

} // namespace sift
