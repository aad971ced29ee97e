#pragma once

#include "design/prompttemplate.h"
#include "design/rubric.h"
#include "llm/chat.h"
#include "store/records.h"

#include <QHash>
#include <QJsonObject>

namespace sift {

// Builds the request a judge answers for one transcript: judge.md filled with the rubric (safety
// criteria first), every criterion's question, definitions and calibration examples, the transcript
// with numbered turns fenced as untrusted data, and the output format, plus the JSON Schema the
// reply must satisfy. Evidence comes before the answer in every verdict, so the judge quotes first
// and decides after.
class JudgePrompt
{
public:
    JudgePrompt(const Rubric &rubric, const PromptTemplate &judgeTemplate, QString productName);

    ChatRequest request(const TranscriptRecord &transcript, qint64 seed) const;
    // The values of judge.md's {{variables}} with `transcriptText` as the transcript (previews pass a
    // stand-in; request() the fenced transcript).
    QHash<QString, QString> variables(const QString &transcriptText, int turnCount) const;

    // One property per criterion, each {evidence, reasoning, turn, verdict} with verdict limited to
    // YES/NO (plus NA where the criterion allows it) and turn to the transcript's turns. Property
    // names sort in the order a judge should write them (JSON objects reach the provider sorted).
    QJsonObject schema(int turnCount) const;
    // The transcript as the judge sees it: "[Turn 3] Customer: ...", between two fences that carry a
    // per-transcript nonce, with anything resembling a fence inside the text defused and every further
    // line of a message prefixed "  | ", so only real turns and fences start a line.
    static QString fencedTranscript(const TranscriptRecord &transcript, const QString &nonce);
    static QString nonceFor(const TranscriptRecord &transcript, qint64 seed);
    // The criteria in the order the judge reads them: safety gates first, then the rubric's order.
    QStringList criterionOrder() const;

private:
    QString criteriaText() const;
    QString safetyText() const;
    QString rubricText() const;
    QString examplesText() const;
    QString outputFormat(int turnCount) const;

    Rubric m_rubric;
    PromptTemplate m_template;
    QString m_productName;
    // The parts that do not depend on the transcript, built once: a run judges thousands.
    QStringList m_order;
    QString m_rubricText;
    QString m_safetyText;
    QString m_criteriaText;
    QString m_examplesText;
    mutable QHash<int, QJsonObject> m_schemas;  // by turn count
};

// A judge's reply read into verdicts. Invalid (with the reason) when a criterion is missing, NA where
// the criterion does not allow it, a turn outside the transcript, or an unknown answer: an invalid
// assessment is never counted as a pass.
struct ParsedVerdicts
{
    bool valid = false;
    QString problem;
    QList<CriterionVerdict> criteria;
};
ParsedVerdicts parseVerdicts(const QString &replyJson, const Rubric &rubric, int turnCount);

} // namespace sift
