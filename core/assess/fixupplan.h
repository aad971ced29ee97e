#pragma once

#include "design/prompttemplate.h"
#include "design/rubric.h"
#include "llm/chat.h"
#include "project/manifest.h"
#include "store/records.h"

namespace sift {

// What to do with a transcript that failed (finetune-generate step 4).
struct FixupPlan
{
    enum class Action {
        None,      // it passed, or there is nothing usable to act on
        Reject,    // structural failures, or a safety gate with safety: reject, or nothing left after a cut
        Truncate,  // a safety gate with safety: truncate: cut before the failing turn
        Rewrite,   // soft failures: rewrite the failing assistant turn, then check entailment
    };
    Action action = Action::None;
    QString reason;               // said in notices, stored with rejections
    int messageIndex = -1;        // the failing assistant turn (index into the messages, system = 0)
    QList<CriterionVerdict> failed;  // the criteria that failed at that turn, with the judges' reasoning
};

// Decides from the aggregated verdicts: safety gates first, then structural criteria (fixup.structural,
// by category or criterion), then the earliest assistant turn a soft failure cites. A failure cites a
// turn by its number among the non-system messages; a customer turn counts as the assistant reply that
// follows it. `rounds`: rewrites already tried on this transcript.
FixupPlan planFixup(const TranscriptRecord &transcript, const QList<CriterionVerdict> &aggregated, const Rubric &rubric,
                    const FixupSettings &settings, int rounds);

// The requests of a repair: the rewrite (fixup.md) and the entailment check.
class FixupPrompt
{
public:
    FixupPrompt(const Rubric &rubric, const PromptTemplate &fixupTemplate, QString productName);

    ChatRequest rewrite(const TranscriptRecord &transcript, const FixupPlan &plan, qint64 seed) const;
    // Asks whether the customer's next message still follows naturally from the rewritten reply.
    // The reply is {"explanation": "...", "follows": true|false}; nullopt when no customer message follows
    // (nothing to keep consistent with).
    std::optional<ChatRequest> entailment(const TranscriptRecord &transcript, int messageIndex, const QString &rewritten,
                                          qint64 seed) const;
    static QJsonObject entailmentSchema();

private:
    Rubric m_rubric;
    PromptTemplate m_template;
    QString m_productName;
};

} // namespace sift
