#pragma once

#include "assess/batchanalysis.h"
#include "transcriptreview.h"

namespace sift {

// What the reviewer's findings point at (finetune-generate's "dual iteration": the generation
// prompts for transcript quality, the judge for assessments that are wrong, calibration examples
// where judges disagree, a new criterion for a missing failure mode).
struct IterationAdvice
{
    enum class Target { GenerationPrompts, JudgePrompt, CalibrationExamples, NewCriterion, JudgeBackend, ExpertCritique };
    Target target = Target::GenerationPrompts;
    QString subject;  // the criterion concerned, where there is one
    QString text;
    QStringList transcripts;
};
QString adviceTargetName(IterationAdvice::Target target);

// A batch as its reviewer sees it: how many passed under the combined verdict, the method's gate,
// and what to iterate on, derived from the flags and notes.
struct BatchSummary
{
    int transcripts = 0;
    int assessed = 0;
    int passed = 0;
    int invalid = 0;
    int flagged = 0;  // cells flagged
    double passRate() const { return transcripts ? double(passed) / transcripts : 0; }
    Gate gate;
    QList<IterationAdvice> advice;
};

// `scaleAt` and `reviseBelow` are the project's gate (generation.gate in sift.yaml).
BatchSummary summariseBatch(const QList<TranscriptReview> &batch, const Rubric &rubric, bool signedOff, double scaleAt,
                            double reviseBelow);

} // namespace sift
