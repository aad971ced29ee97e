#pragma once

#include "common/diagnostic.h"

#include <QList>
#include <QString>

namespace sift {

struct Rubric;

// The method's advice on phrasing rubric questions (finetune-prep phase 3): a judge answers YES or
// NO reliably only to a binary question about one observable behaviour, phrased as what the
// response does; "does it avoid ..." is kept for safety. Findings are warnings with hints, so
// sift-cli validate and the rubric editor report the same thing. Heuristics over the question's
// words, documented with examples in docs/design-editors.md.
class RubricLint
{
public:
    enum class Problem {
        NotBinary,        // "how well", "rate", "to what extent", an open "what/how/which" question
        DoubleBarrelled,  // two behaviours joined by "and" ("... say so and offer ..."), or two questions
        AbsencePhrased,   // "avoid", "never", "does not" outside the safety category
    };
    struct Finding
    {
        Problem problem;
        QString phrase;  // the words that gave it away, as written in the question
        friend bool operator==(const Finding &, const Finding &) = default;
    };

    // What is wrong with one question. `safetyScope`: the criterion is a safety gate or sits in a
    // safety category, where absence-phrased questions are the norm.
    static QList<Finding> checkQuestion(const QString &question, bool safetyScope);
    static bool inSafetyScope(const Rubric &rubric, const QString &criterionId);
    // Every question of the rubric, as warnings at the question's line and column.
    static Diagnostics check(const Rubric &rubric, const QString &file);
    // The warning's message and hint for one finding (the rubric editor shows them inline).
    static QString message(const QString &criterionId, const Finding &finding);
    static QString hint(const Finding &finding);
};

} // namespace sift
