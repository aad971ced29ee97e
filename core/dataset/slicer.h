#pragma once

#include "conversationshape.h"

#include <QList>

#include <atomic>
#include <functional>

namespace sift {

struct SlicingSettings;

// One training example cut from a conversation: the system prompt (when there is one), then the
// messages from `first` to `last` inclusive. It always ends with an assistant reply.
struct Slice
{
    int first = 0;       // index of the first message after the system prompt (> its usual place when cut)
    int last = 0;        // index of the assistant reply that ends it
    int exchange = 0;    // which exchange (1-based) it ends at
    qint64 tokens = 0;   // as the model sees it, counted by the project's token counter
    bool cut = false;    // exchanges were dropped from the front to fit the token limit

    QList<Message> messages(const TrainingConversation &conversation) const;
    friend bool operator==(const Slice &, const Slice &) = default;
};

struct SliceResult
{
    QList<Slice> slices;
    int tooLong = 0;     // slice points whose last exchange alone (with the system prompt) is over the limit
};

// Cuts conversations into training examples the way the method prescribes: random slice points
// seeded by an xxHash64 of the transcript id (so the same transcript is always cut the same way),
// at least `min_exchanges_before_first` exchanges in the first slice, `gap` exchanges between two
// slices, and the final reply always included. A slice over the token limit keeps its system prompt
// and drops whole exchanges from the front until it fits.
class Slicer
{
public:
    using TokenCount = std::function<qint64(const QList<Message> &)>;
    // Optional: a message's own count, when a conversation's count is `fixed` plus the sum of its
    // messages' counts (see TranscriptTokenCounter::perMessage).
    using MessageCount = std::function<qint64(const Message &)>;

    struct Settings
    {
        int minExchangesBeforeFirst = 3;
        int minGap = 2;
        int maxGap = 5;
        qint64 maxTokens = 16384;
        quint64 seed = 0;  // the project seed, mixed into every transcript's hash
    };
    static Settings settingsFrom(const SlicingSettings &slicing, qint64 modelLimit, quint64 projectSeed);

    Slicer(Settings settings, TokenCount count, MessageCount perMessage = {}, qint64 fixed = 0);

    // The exchanges (1-based, increasing) slices end at, for a conversation of `exchanges` exchanges;
    // empty when it has fewer than min_exchanges_before_first. A pure function of its arguments.
    QList<int> slicePoints(const QString &transcriptUid, int exchanges) const;
    SliceResult slice(const QString &transcriptUid, const TrainingConversation &conversation) const;

    const Settings &settings() const { return m_settings; }

private:
    // Can `distance` exchanges be covered by gaps between minGap and maxGap?
    bool reachable(int distance) const;

    Settings m_settings;
    TokenCount m_count;
    MessageCount m_perMessage;
    qint64 m_fixed = 0;
    // The per-message sum is checked against whole counts on the first slices; should a tokenizer
    // ever break the sum (a special token that swallows its neighbour's whitespace), whole counts
    // take over for good.
    mutable std::atomic<int> m_checksLeft{64};
    mutable std::atomic<bool> m_additive{true};
};

} // namespace sift
