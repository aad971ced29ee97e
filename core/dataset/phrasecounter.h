#pragma once

#include "auditreport.h"
#include "responsetext.h"

#include <QStringList>

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sift {

// Counts, exactly, how many responses contain each phrase that many responses share, without
// counting every word n-gram of a large dataset (hundreds of millions of them).
//
// First a sample of responses is counted in full (every n-gram of minWords..maxWords words, once per
// response); the phrases in at least a floor share of the sample become candidates. Then every
// response of the dataset is matched against the candidates only, which is a few hash lookups a word.
// The sample is drawn uniformly over the transcripts by the caller; with the floor at half the red
// threshold, a phrase really above the threshold is missed only if the sample misjudges its share by
// that half (for the default 50% threshold and a sample of 400 transcripts, a chance below e^-50 by
// Hoeffding's bound). The counts reported are those of the full pass, never estimates.
class PhraseCounter
{
public:
    struct Phrase
    {
        QString text;  // lower-cased words joined by spaces
        int words = 0;
        int responses = 0;
        QList<AuditExample> examples;
    };

    PhraseCounter(int minWords, int maxWords);

    void addSample(const QString &text);
    int sampleSize() const { return m_sampleSize; }
    // Keeps the phrases found in at least `share` of the sampled responses (and at least two of them).
    void chooseCandidates(double share);
    int candidateCount() const { return int(m_candidates.size()); }

    // Counts the candidates `words` (scanned from `text`) contains, once each.
    void count(const QString &transcript, int message, QStringView text, const ResponseWords &words);

    // The counted candidates, most frequent first, leaving out a phrase when a longer one that
    // contains it is in exactly as many responses (it adds nothing).
    QList<Phrase> phrases() const;

    static quint64 extend(quint64 phrase, quint64 word) { return (phrase ^ word) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL; }

private:
    struct SampleEntry
    {
        int responses = 0;
        int sample = 0;  // where it was first seen, to spell it out later
        int first = 0;
        int words = 0;
    };
    struct Candidate
    {
        QString text;
        int words = 0;
        int responses = 0;
        QList<AuditExample> examples;
    };

    int m_minWords;
    int m_maxWords;
    int m_sampleSize = 0;
    QStringList m_sampleTexts;
    std::vector<ResponseWords> m_sampleWords;
    std::unordered_map<quint64, SampleEntry> m_sample;
    std::unordered_map<quint64, int> m_candidateIndex;
    std::unordered_set<quint64> m_prefixes;  // the first minWords words of every candidate
    std::vector<Candidate> m_candidates;
    std::vector<int> m_found;                // scratch, per response
};

} // namespace sift
