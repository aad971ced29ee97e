#pragma once

#include "common/result.h"

#include <QStringList>

namespace sift {

// The bundled default project (the repository's config/ folder, compiled in as resources).
namespace DefaultProject {

// The artifact files it holds, relative to a project folder.
QStringList files();
// One bundled file ("sift.yaml", "config/rubric.yaml", "samples/transcripts.jsonl", ...).
QByteArray file(const QString &relative);
// Where that file lives in the resources, for readers that take a path.
QString resourcePath(const QString &relative);
// Writes the artifacts into `dir` (created if needed). Refuses to touch a folder that already
// holds a sift.yaml, so an existing project is never overwritten. Returns the files written.
Result<QStringList> writeTo(const QString &dir);

} // namespace DefaultProject

} // namespace sift
