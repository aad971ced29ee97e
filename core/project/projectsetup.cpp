#include "projectsetup.h"

#include "dataset/jsonlimport.h"
#include "defaultproject.h"
#include "project.h"
#include "store/projectstore.h"

#include <QDir>

namespace sift {

Result<CreatedProject> createProjectFromDefault(const QString &dir)
{
    auto written = DefaultProject::writeTo(dir);
    if (!written)
        return Result<CreatedProject>::failure(written.diagnostics());
    auto store = ProjectStore::open(QDir(dir).filePath(Project::DatabaseFile));
    if (!store)
        return Result<CreatedProject>::failure(store.diagnostics());
    // The samples are read straight from the resources; they are labelled sample in the store.
    const auto transcripts = importTranscripts(**store, DefaultProject::resourcePath(QStringLiteral("samples/transcripts.jsonl")),
                                               QStringLiteral("sample"));
    if (!transcripts)
        return Result<CreatedProject>::failure(transcripts.diagnostics());
    const auto verdicts = importVerdicts(**store, DefaultProject::resourcePath(QStringLiteral("samples/verdicts.jsonl")));
    if (!verdicts)
        return Result<CreatedProject>::failure(verdicts.diagnostics());
    return CreatedProject{*written, transcripts->imported, verdicts->imported};
}

Result<TranscriptImport> importTranscriptsIntoProject(const QString &dir, const QString &file)
{
    auto project = Project::load(dir);
    if (!project)
        return Result<TranscriptImport>::failure(project.diagnostics());
    auto store = ProjectStore::open(project->path(Project::DatabaseFile));
    if (!store)
        return Result<TranscriptImport>::failure(store.diagnostics());
    const auto counts = importTranscripts(**store, file, QStringLiteral("import"));
    if (!counts)
        return Result<TranscriptImport>::failure(counts.diagnostics());
    return TranscriptImport{counts->imported, counts->skippedDuplicates};
}

} // namespace sift
