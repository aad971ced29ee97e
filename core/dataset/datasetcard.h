#pragma once

#include <QString>

namespace sift {

class Project;
struct ExportSummary;

// dataset_card.md: what was exported and how, for whoever trains on it: counts, token statistics,
// pass rates, prompt versions, the split and its leakage check, the audit, and what was left out and
// why.
QString datasetCard(const ExportSummary &summary, const Project &project);

} // namespace sift
