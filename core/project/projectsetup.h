#pragma once

#include "common/result.h"

#include <QStringList>

namespace sift {

struct CreatedProject
{
    QStringList files;          // written, relative to the project folder
    int sampleTranscripts = 0;  // bundled samples imported into sift.db, labelled sample
    int sampleVerdicts = 0;     // (transcript, judge) verdict sets imported with them
};

struct TranscriptImport
{
    int imported = 0;
    int skippedDuplicates = 0;  // ids already in the project; never overwritten
};

// Writes the bundled default project into `dir` (which must not hold a project yet), creates its
// database and imports the bundled sample transcripts and verdicts, labelled as samples.
Result<CreatedProject> createProjectFromDefault(const QString &dir);

// Imports a transcripts JSONL file into the project in `dir`: all of it, or nothing when any line
// is malformed (every bad line is reported with its number).
Result<TranscriptImport> importTranscriptsIntoProject(const QString &dir, const QString &file);

} // namespace sift
