#pragma once

#include "project/project.h"

namespace sift {

// What a run would ask of each backend, estimated without calling anything (--dry-run).
struct BackendEstimate
{
    QString backend;
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicroUsd = 0;
};

struct RunEstimate
{
    int transcripts = 0;
    double exchanges = 0;  // per transcript, the middle of generation.turns
    QList<BackendEstimate> backends;
    qint64 requests() const;
    qint64 costMicroUsd() const;
};

// Prompts are rendered for real (sampled persona and scenario, the full judge prompt) and counted
// at four characters a token; messages are assumed to be `userTokens` and `assistantTokens` long
// and each verdict `verdictTokens`, so the figure is an order of magnitude to budget with, not a bill.
// `generate` transcripts are made, `assess` transcripts judged by each of `judges`.
RunEstimate estimateRun(const Project &project, int generate, int assess, const QStringList &judges, int userTokens = 60,
                        int assistantTokens = 180, int verdictTokens = 70);

} // namespace sift
