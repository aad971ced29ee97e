#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sift {

// A response that shows a finding: which transcript, which message, and a short excerpt.
struct AuditExample
{
    QString transcript;  // uid
    int message = 0;     // index in the transcript's messages
    QString excerpt;
    friend bool operator==(const AuditExample &, const AuditExample &) = default;
};

// One figure of the audit: a rule measured over the responses, against its threshold.
struct AuditFinding
{
    enum class Rule
    {
        PhraseRepetition,
        StructuralRigidity,
        LengthRatio,
        LengthHardLimit,
        PraiseDistribution,
        QuestionDiscipline,
        AntiPattern,
    };

    Rule rule = Rule::PhraseRepetition;
    QString subject;       // the phrase, the shape, ... (empty for a rule's single figure)
    double value = 0;      // share, ratio or count, as `figure` says
    double threshold = 0;
    int count = 0;         // responses concerned
    QString figure;        // "63.2% of responses", "2.4x", ...
    bool red = false;
    QList<AuditExample> examples;

    static QString ruleId(Rule rule);     // "phrase_repetition", ... (JSON, stable)
    static QString ruleTitle(Rule rule);  // translated
};

// The audit of a set of transcripts (finetune-generate step 3). The gate is: no red flag.
struct AuditReport
{
    int transcripts = 0;
    int responses = 0;
    QList<AuditFinding> findings;

    bool hasRedFlags() const;
    int redFlags() const;
    QJsonObject toJson() const;
    // Plain text for the terminal and the dataset card, one finding a line, red flags marked.
    QString toText() const;
    QString toMarkdown() const;
};

} // namespace sift
