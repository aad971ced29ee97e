#pragma once

#include "design/rubric.h"
#include "agreement.h"
#include "scoring.h"
#include "store/records.h"

#include <QHash>
#include <optional>

namespace sift {

// One assessed transcript: every judge's assessment and the aggregated outcome.
struct AssessedTranscript
{
    QString uid;
    QList<AssessmentRecord> judges;
    bool invalid = false;  // some judge's assessment is invalid: never a pass
    QList<CriterionVerdict> aggregated;
    Score score;
};

// Combines the judges' assessments of one transcript under the aggregation policy.
AssessedTranscript assessTranscript(const QString &uid, const Rubric &rubric, const QList<AssessmentRecord> &judges,
                                    Aggregation policy);

// What the method recommends after a batch (finetune-generate's gate).
enum class GateRecommendation { Scale, Iterate, Revise };
struct Gate
{
    GateRecommendation recommendation = GateRecommendation::Iterate;
    QString text;
};
// At least `scaleAt` and signed off: scale; between `reviseBelow` and `scaleAt`, or not signed off:
// keep iterating; below `reviseBelow`: major revision. The thresholds are the project's
// (generation.gate in sift.yaml; the method's 70% and 50% by default).
Gate gateFor(double passRate, bool signedOff, double scaleAt, double reviseBelow);
QString gateName(GateRecommendation r);
// A threshold as a percentage the way a user writes it: 0.7 -> "70", 0.655 -> "65.5" (never
// "55.00000000000001" for 0.55).
QString thresholdPercent(double share);

// The figures of a group of transcripts (a batch, or a whole run).
struct BatchFigures
{
    int transcripts = 0;
    int assessed = 0;  // of `transcripts`, those assessed (a batch report also counts the others)
    int passed = 0;
    int invalid = 0;
    int perfect = 0;  // score 1.0
    double passRate() const { return transcripts ? double(passed) / transcripts : 0; }
    QHash<QString, int> criterionFailures;  // aggregated NO per criterion
    QHash<QString, int> gateFailures;
    QHash<QString, double> disagreement;    // per criterion, share of transcripts where judges differ
    QHash<QString, double> cohen;           // "a/b" -> Cohen's kappa over every (transcript, criterion)
    std::optional<double> fleiss;
    QStringList judges;
};
BatchFigures analyse(const Rubric &rubric, const QList<AssessedTranscript> &transcripts);

// The same figures, fed one transcript at a time: a whole project's never has to sit in memory.
class FiguresAccumulator
{
public:
    // `judges`: the judges whose answers are compared (their order fixes the kappa pair names).
    FiguresAccumulator(const Rubric &rubric, QStringList judges);
    void add(const AssessedTranscript &transcript);
    BatchFigures figures() const;

private:
    const Rubric &m_rubric;
    BatchFigures m_figures;
    QHash<QString, Disagreement> m_disagreement;
    QHash<QString, CohenKappa> m_cohen;
    FleissKappa m_fleiss;
};

} // namespace sift
