#include "slicer.h"

#include "project/manifest.h"
#include "xxhash64.h"

#include <vector>

namespace sift {

namespace {

// SplitMix64 over the transcript's hash: a small, fully specified generator, so slice points are the
// same on every platform and in every release.
class SliceRandom
{
public:
    explicit SliceRandom(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // One of `choices`, uniformly.
    int pick(const QList<int> &choices) { return choices[qsizetype(next() % quint64(choices.size()))]; }

private:
    quint64 m_state;
};

} // namespace

QList<Message> Slice::messages(const TrainingConversation &conversation) const
{
    QList<Message> out;
    out.reserve(last - first + 2);
    if (conversation.hasSystem)
        out.append(conversation.messages.first());
    for (int i = first; i <= last; ++i)
        out.append(conversation.messages[i]);
    return out;
}

Slicer::Settings Slicer::settingsFrom(const SlicingSettings &slicing, qint64 modelLimit, quint64 projectSeed)
{
    Settings s;
    s.minExchangesBeforeFirst = qMax(1, slicing.minExchangesBeforeFirst);
    s.minGap = qMax(1, slicing.minGap);
    s.maxGap = qMax(s.minGap, slicing.maxGap);
    // Both limits hold: sift.yaml's slicing budget and the model's own ceiling from model-choice.md.
    s.maxTokens = modelLimit > 0 ? qMin<qint64>(slicing.maxTokens, modelLimit) : slicing.maxTokens;
    s.seed = projectSeed;
    return s;
}

Slicer::Slicer(Settings settings, TokenCount count, MessageCount perMessage, qint64 fixed)
    : m_settings(settings), m_count(std::move(count)), m_perMessage(std::move(perMessage)), m_fixed(fixed)
{
}

bool Slicer::reachable(int distance) const
{
    // k gaps cover every distance from k * minGap to k * maxGap.
    for (int k = 1; k * m_settings.minGap <= distance; ++k) {
        if (distance <= k * m_settings.maxGap)
            return true;
    }
    return false;
}

QList<int> Slicer::slicePoints(const QString &transcriptUid, int exchanges) const
{
    const Settings &s = m_settings;
    if (exchanges < s.minExchangesBeforeFirst)
        return {};
    SliceRandom random(xxHash64(transcriptUid, s.seed));
    // Each choice keeps the rest of the walk able to land exactly on the final exchange, so the gap
    // rule holds all the way to the end and the final reply is always a slice.
    auto landsOnFinal = [&](int at) { return at == exchanges || reachable(exchanges - at); };
    QList<int> choices;
    for (int at = s.minExchangesBeforeFirst; at <= qMin(exchanges, s.minExchangesBeforeFirst + s.maxGap - s.minGap); ++at) {
        if (landsOnFinal(at))
            choices.append(at);
    }
    if (choices.isEmpty())
        return {exchanges};  // no walk fits the gap rule: the whole conversation is the one slice
    QList<int> points{random.pick(choices)};
    while (points.last() < exchanges) {
        choices.clear();
        for (int gap = s.minGap; gap <= s.maxGap; ++gap) {
            const int at = points.last() + gap;
            if (at <= exchanges && landsOnFinal(at))
                choices.append(at);
        }
        points.append(random.pick(choices));  // never empty: the last point was chosen to reach the end
    }
    return points;
}

SliceResult Slicer::slice(const QString &transcriptUid, const TrainingConversation &conversation) const
{
    SliceResult result;
    if (!conversation.ok())
        return result;
    const QList<int> points = slicePoints(transcriptUid, conversation.exchanges);
    // With per-message counts, every message is tokenized once and a slice's count is a sum of
    // prefix sums; otherwise each slice is counted whole.
    std::vector<qint64> prefix;  // prefix[i]: tokens of messages 0..i-1
    const bool additive = m_perMessage && m_additive.load(std::memory_order_relaxed);
    if (additive && !points.isEmpty()) {
        prefix.resize(std::size_t(conversation.replyIndex(points.last())) + 2, 0);
        for (int i = 0; i <= conversation.replyIndex(points.last()); ++i)
            prefix[std::size_t(i) + 1] = prefix[std::size_t(i)] + m_perMessage(conversation.messages[i]);
    }
    const auto countOf = [&](const Slice &s) {
        if (prefix.empty())
            return m_count(s.messages(conversation));
        const qint64 system = conversation.hasSystem ? prefix[1] : 0;
        return m_fixed + system + prefix[std::size_t(s.last) + 1] - prefix[std::size_t(s.first)];
    };
    for (const int exchange : points) {
        Slice slice;
        slice.exchange = exchange;
        slice.first = conversation.openingIndex(1);
        slice.last = conversation.replyIndex(exchange);
        slice.tokens = countOf(slice);
        if (slice.tokens > m_settings.maxTokens) {
            // Drop whole exchanges from the front: find the fewest dropped that fits. Tokens only fall
            // as exchanges are dropped, so a binary search finds it in a few counts.
            int low = 1, high = exchange - 1;  // exchanges dropped
            int best = -1;
            qint64 bestTokens = 0;
            while (low <= high) {
                const int mid = (low + high) / 2;
                Slice candidate = slice;
                candidate.first = conversation.openingIndex(mid + 1);
                const qint64 tokens = countOf(candidate);
                if (tokens <= m_settings.maxTokens) {
                    best = mid;
                    bestTokens = tokens;
                    high = mid - 1;
                } else {
                    low = mid + 1;
                }
            }
            if (best < 0) {
                ++result.tooLong;
                continue;
            }
            slice.first = conversation.openingIndex(best + 1);
            slice.tokens = bestTokens;
            slice.cut = true;
        }
        result.slices.append(slice);
    }
    if (additive && m_checksLeft.load(std::memory_order_relaxed) > 0) {
        m_checksLeft.fetch_sub(1, std::memory_order_relaxed);
        for (const Slice &s : std::as_const(result.slices)) {
            if (m_count(s.messages(conversation)) != s.tokens) {
                m_additive = false;
                return slice(transcriptUid, conversation);
            }
        }
    }
    return result;
}

} // namespace sift
