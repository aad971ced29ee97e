#pragma once

#include "store/records.h"

#include <QString>

namespace sift {

// The part of a stored transcript that is training data, checked for the shape every trainer
// expects: an optional system prompt first, then user and assistant strictly alternating from a
// user message, no empty message, ending with an assistant reply. `truncated_at` cuts the transcript
// (messages from that index on are not training data) and anything after the last assistant reply
// is dropped; nothing else is changed, contents stay exactly as stored.
struct TrainingConversation
{
    QList<Message> messages;  // system prompt (when there is one) first; ends with an assistant reply
    bool hasSystem = false;
    int exchanges = 0;        // user + assistant pairs
    QString problem;          // why it cannot be training data; empty when it can

    bool ok() const { return problem.isEmpty(); }
    // The index in `messages` of the assistant reply that ends exchange `exchange` (1-based).
    int replyIndex(int exchange) const { return (hasSystem ? 1 : 0) + 2 * exchange - 1; }
    // The index of the user message that opens exchange `exchange` (1-based).
    int openingIndex(int exchange) const { return (hasSystem ? 1 : 0) + 2 * (exchange - 1); }

    // `truncatedAt` < 0 means the whole transcript.
    static TrainingConversation from(QList<Message> stored, int truncatedAt);
};

} // namespace sift
