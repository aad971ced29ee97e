#pragma once

#include "assess/scoring.h"
#include "common/result.h"
#include "design/rubric.h"

namespace sift {

class ProjectStore;

// generation_stats.md: per-batch and cumulative pass rates, the criterion breakdown, judge
// agreement, tokens and cost, and the iterations (prompt versions) the project went through.
// Computed from the database, so it can be rewritten at any time (`sift-cli stats`).
Result<QString> generationStatsMarkdown(ProjectStore &store, const Rubric &rubric, Aggregation aggregation);
Status writeGenerationStats(const QString &projectDir, ProjectStore &store, const Rubric &rubric, Aggregation aggregation);

} // namespace sift
