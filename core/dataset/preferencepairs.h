#pragma once

#include "conversationshape.h"
#include "store/datasetrecords.h"

#include <functional>

namespace sift {

// A DPO preference pair from an accepted fixup: the conversation up to the repaired reply, the
// accepted fix as the chosen reply and the original as the rejected one.
struct PreferencePair
{
    QList<Message> prompt;  // system prompt first when there is one; ends with the user message
    QString chosen;
    QString rejected;
    int turn = 0;           // the repaired reply's index in the transcript
    qint64 tokens = 0;      // prompt plus the longer of the two replies
    bool cut = false;       // exchanges were dropped from the front to fit the token limit
};

struct PreferencePairs
{
    QList<PreferencePair> pairs;
    int unmatched = 0;  // fixups whose `after` is not the stored reply (or lies beyond the training part)
    int tooLong = 0;    // pairs over the token limit even with only the last exchange
};

// `fixups` are the transcript's accepted fixups. A fixup's turn is the repaired reply's message index
// (turns.idx); a 1-based assistant turn number is accepted too. Either way the stored reply must be
// the fix's `after` text, or the fixup is counted as unmatched rather than guessed at.
PreferencePairs preferencePairs(const TrainingConversation &conversation, const QList<DatasetFixup> &fixups,
                                const std::function<qint64(const QList<Message> &)> &count, qint64 maxTokens);

} // namespace sift
