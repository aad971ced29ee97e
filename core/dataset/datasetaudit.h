#pragma once

#include "auditreport.h"
#include "conversationshape.h"
#include "design/assistantphrases.h"
#include "phrasecounter.h"
#include "project/manifest.h"

#include <QHash>
#include <QMap>

#include <array>

#include <unordered_map>
#include <vector>

namespace sift {

// The audit of finetune-generate step 3 over every assistant response of a set of conversations:
// phrase repetition, structural rigidity, the response length ratio (and responses over the hard
// limit), praise drift from early to late turns, question discipline, and the anti-pattern phrases of
// the assistant prompt. Conversations are fed one at a time (memory does not grow with the dataset,
// except for a few examples per finding): first a sample for phrase discovery (addSample), then,
// after startCounting(), every conversation (add).
class DatasetAudit
{
public:
    DatasetAudit(const AuditSettings &settings, const AssistantPhrases &phrases);

    void addSample(const TrainingConversation &conversation);
    void startCounting();
    void add(const QString &transcript, const TrainingConversation &conversation);
    AuditReport report() const;

private:
    // Fixed phrases (anti-patterns, praise) matched word by word.
    struct PhraseSet
    {
        QStringList texts;
        std::vector<std::vector<quint64>> words;
        std::unordered_map<quint64, std::vector<int>> byFirstWord;
        std::array<quint64, 64> firstWordBits{};
        void set(const QStringList &phrases);
        // Calls hit(phrase, word) for each phrase starting at each word.
        template <typename F>
        void match(const ResponseWords &w, F hit) const;
        bool startsAt(const ResponseWords &w, int phrase, int at) const;
    };
    struct Tally
    {
        int responses = 0;
        QList<AuditExample> examples;
        void add(const QString &transcript, int message, QStringView text);
    };
    void addResponse(const QString &transcript, const TrainingConversation &conversation, int index, bool early, bool late);

    AuditSettings m_settings;
    PhraseCounter m_phrases;
    PhraseSet m_antiPatterns;
    PhraseSet m_praise;
    ResponseWords m_words;  // scratch

    int m_transcripts = 0;
    int m_responses = 0;
    QMap<int, Tally> m_shapes;
    double m_ratioSum = 0;
    int m_ratioCount = 0;
    QList<QPair<double, AuditExample>> m_highestRatios;  // the few highest, highest first
    Tally m_overHardLimit;
    int m_earlyResponses = 0;
    int m_lateResponses = 0;
    Tally m_earlyPraise;
    Tally m_latePraise;
    Tally m_manyQuestions;
    QList<Tally> m_antiPatternHits;
};

} // namespace sift
