#include "phrasecounter.h"

#include <algorithm>
#include <cmath>

namespace sift {

namespace {
constexpr int MaxExamples = 5;

QString excerpt(QStringView text, int from, int to)
{
    const int start = qMax(0, from - 40);
    const int end = qMin(int(text.size()), to + 60);
    QString out = text.mid(start, end - start).toString().simplified();
    if (start > 0)
        out.prepend(QChar(0x2026));
    if (end < text.size())
        out.append(QChar(0x2026));
    return out;
}
} // namespace

PhraseCounter::PhraseCounter(int minWords, int maxWords) : m_minWords(qMax(1, minWords)), m_maxWords(qMax(m_minWords, maxWords))
{
    m_sample.reserve(1 << 18);
}

void PhraseCounter::addSample(const QString &text)
{
    ResponseWords words;
    words.scan(text);
    // Every n-gram once per response: collect, then drop repeats before counting.
    std::vector<std::pair<quint64, int>> seen;  // hash, packed (first << 8 | words)
    for (int i = 0; i + m_minWords <= words.size(); ++i) {
        quint64 h = 0;
        for (int n = 1; n <= m_maxWords && i + n <= words.size(); ++n) {
            h = extend(h, words.hashes[i + n - 1]);
            if (n >= m_minWords)
                seen.emplace_back(h, (i << 8) | n);
        }
    }
    std::sort(seen.begin(), seen.end(), [](const auto &a, const auto &b) { return a.first != b.first ? a.first < b.first : a.second < b.second; });
    ++m_sampleSize;
    bool kept = false;
    for (std::size_t k = 0; k < seen.size(); ++k) {
        if (k > 0 && seen[k].first == seen[k - 1].first)
            continue;
        SampleEntry &e = m_sample[seen[k].first];
        if (e.responses++ == 0) {
            e.sample = int(m_sampleTexts.size());
            e.first = seen[k].second >> 8;
            e.words = seen[k].second & 0xFF;
            kept = true;
        }
    }
    if (kept) {
        m_sampleTexts.append(text);
        m_sampleWords.push_back(std::move(words));
    }
}

void PhraseCounter::chooseCandidates(double share)
{
    const int floor = qMax(2, int(std::ceil(share * m_sampleSize)));
    for (const auto &[hash, e] : m_sample) {
        if (e.responses < floor)
            continue;
        const ResponseWords &words = m_sampleWords[std::size_t(e.sample)];
        m_candidateIndex.emplace(hash, int(m_candidates.size()));
        m_candidates.push_back({words.phrase(m_sampleTexts[e.sample], e.first, e.words), e.words, 0, {}});
        quint64 prefix = 0;
        for (int n = 0; n < m_minWords; ++n)
            prefix = extend(prefix, words.hashes[std::size_t(e.first + n)]);
        m_prefixes.insert(prefix);
    }
    // The sample has done its job; free it before the full pass.
    m_sample.clear();
    m_sampleTexts.clear();
    m_sampleWords.clear();
}

void PhraseCounter::count(const QString &transcript, int message, QStringView text, const ResponseWords &words)
{
    if (m_candidates.empty())
        return;
    m_found.clear();
    const int size = words.size();
    for (int i = 0; i + m_minWords <= size; ++i) {
        quint64 h = 0;
        for (int n = 1; n <= m_minWords; ++n)
            h = extend(h, words.hashes[std::size_t(i + n - 1)]);
        if (!m_prefixes.count(h))
            continue;
        for (int n = m_minWords; n <= m_maxWords && i + n <= size; ++n) {
            if (n > m_minWords)
                h = extend(h, words.hashes[std::size_t(i + n - 1)]);
            const auto it = m_candidateIndex.find(h);
            if (it == m_candidateIndex.end())
                continue;
            if (std::find(m_found.begin(), m_found.end(), it->second) != m_found.end())
                continue;
            m_found.push_back(it->second);
            Candidate &c = m_candidates[std::size_t(it->second)];
            ++c.responses;
            if (c.examples.size() < MaxExamples)
                c.examples.append({transcript, message, excerpt(text, words.offsets[std::size_t(i)], words.ends[std::size_t(i + n - 1)])});
        }
    }
}

QList<PhraseCounter::Phrase> PhraseCounter::phrases() const
{
    std::vector<const Candidate *> sorted;
    for (const Candidate &c : m_candidates) {
        if (c.responses > 0)
            sorted.push_back(&c);
    }
    std::sort(sorted.begin(), sorted.end(), [](const Candidate *a, const Candidate *b) {
        if (a->responses != b->responses)
            return a->responses > b->responses;
        if (a->words != b->words)
            return a->words > b->words;
        return a->text < b->text;
    });
    QList<Phrase> out;
    for (const Candidate *c : sorted) {
        const QString padded = QLatin1Char(' ') + c->text + QLatin1Char(' ');
        bool subsumed = false;
        for (const Candidate *longer : sorted) {
            if (longer->words > c->words && longer->responses == c->responses &&
                (QLatin1Char(' ') + longer->text + QLatin1Char(' ')).contains(padded)) {
                subsumed = true;
                break;
            }
        }
        if (!subsumed)
            out.append({c->text, c->words, c->responses, c->examples});
    }
    return out;
}

} // namespace sift
