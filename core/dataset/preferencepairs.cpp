#include "preferencepairs.h"

namespace sift {

namespace {

bool blank(const QString &text)
{
    return text.trimmed().isEmpty();
}

int replyFor(const TrainingConversation &c, const DatasetFixup &f)
{
    const auto matches = [&](int index) {
        return index > 0 && index < c.messages.size() && c.messages[index].role == QLatin1String("assistant") &&
               c.messages[index].content == f.after;
    };
    if (matches(f.turn))
        return f.turn;
    if (f.turn >= 1 && f.turn <= c.exchanges && matches(c.replyIndex(f.turn)))
        return c.replyIndex(f.turn);
    return -1;
}

QList<Message> promptFrom(const TrainingConversation &c, int firstExchange, int reply)
{
    QList<Message> prompt;
    if (c.hasSystem)
        prompt.append(c.messages.first());
    for (int i = c.openingIndex(firstExchange); i < reply; ++i)
        prompt.append(c.messages[i]);
    return prompt;
}

} // namespace

PreferencePairs preferencePairs(const TrainingConversation &c, const QList<DatasetFixup> &fixups,
                                const std::function<qint64(const QList<Message> &)> &count, qint64 maxTokens)
{
    PreferencePairs out;
    if (!c.ok())
        return out;
    QList<int> used;
    for (const DatasetFixup &f : fixups) {
        const int reply = replyFor(c, f);
        if (reply < 0 || used.contains(reply) || blank(f.before) || f.before == f.after) {
            ++out.unmatched;
            continue;
        }
        used.append(reply);
        const int exchange = (reply - (c.hasSystem ? 1 : 0) + 1) / 2;
        const QString &longer = f.before.size() > f.after.size() ? f.before : f.after;
        // Counted as the model trains on it: the prompt followed by the longer of the two replies.
        auto tokensFrom = [&](int firstExchange) {
            QList<Message> all = promptFrom(c, firstExchange, reply);
            all.append({QStringLiteral("assistant"), longer});
            return count(all);
        };
        int first = 1;
        qint64 tokens = tokensFrom(1);
        if (tokens > maxTokens) {
            int low = 2, high = exchange, best = -1;
            qint64 bestTokens = 0;
            while (low <= high) {
                const int mid = (low + high) / 2;
                const qint64 t = tokensFrom(mid);
                if (t <= maxTokens) {
                    best = mid;
                    bestTokens = t;
                    high = mid - 1;
                } else {
                    low = mid + 1;
                }
            }
            if (best < 0) {
                ++out.tooLong;
                continue;
            }
            first = best;
            tokens = bestTokens;
        }
        out.pairs.append({promptFrom(c, first, reply), f.after, f.before, reply, tokens, first > 1});
    }
    return out;
}

} // namespace sift
