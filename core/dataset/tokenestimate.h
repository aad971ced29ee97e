#pragma once

#include <QString>

namespace sift {

// Word and token counts for texts when no tokenizer is loaded. The token figure is an estimate
// (English prose runs at about four characters or three quarters of a word per token); callers
// show it as approximate and prefer the model's tokenizer when there is one.
class TokenEstimate
{
public:
    static int words(const QString &text);
    static int approximateTokens(const QString &text);
};

} // namespace sift
