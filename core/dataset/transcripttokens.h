#pragma once

#include "design/modelchoice.h"
#include "store/records.h"

#include <functional>

namespace sift {

// Counts a transcript the way the model being fine-tuned will see it: with the tokenizer file named
// in model-choice.md, in its chat format. Without a tokenizer (or when it cannot be read) it
// estimates four characters a token and says so, so a budget is never silently exact-looking.
struct TranscriptTokenCounter
{
    std::function<qint64(const QList<Message> &)> count;
    bool exact = false;
    QString description;  // "tokenizer.json (qwen2 pattern), chatml" or "estimate (4 characters a token)"
    QString problem;      // why the exact tokenizer is not used, when one was named
    // For chat formats whose markers are special tokens around each message (chatml, llama3, openai),
    // a conversation's count is exactly `fixed` plus the sum of its messages' counts: the special
    // tokens cut the text into pieces no merge crosses. Slicing then tokenizes each message once
    // instead of every slice's whole prefix. Unset when that does not hold (gemma, plain, estimates).
    std::function<qint64(const Message &)> perMessage;
    qint64 fixed = 0;
};

TranscriptTokenCounter transcriptTokenCounter(const QString &projectDir, const ModelChoice &modelChoice);

} // namespace sift
