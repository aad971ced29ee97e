#pragma once

#include "common/result.h"

#include <QString>

namespace sift {

class Project;
class ProjectStore;

inline const QString GenerationStatsFile = QStringLiteral("generation_stats.md");

// generation_stats.md: per-batch and cumulative pass rates, the criterion breakdown, judge
// agreement, tokens and cost, and the iterations (prompt versions) the project went through.
// Computed from the database, so it can be rewritten at any time (`sift-cli stats`), with the
// project's rubric, aggregation policy and gate thresholds.
Result<QString> generationStatsMarkdown(ProjectStore &store, const Project &project);
// Writes it into the project's folder.
Status writeGenerationStats(ProjectStore &store, const Project &project);

} // namespace sift
