#include "tokenestimate.h"

#include <cmath>

namespace sift {

int TokenEstimate::words(const QString &text)
{
    int count = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool wordChar = !c.isSpace();
        if (wordChar && !inWord)
            ++count;
        inWord = wordChar;
    }
    return count;
}

int TokenEstimate::approximateTokens(const QString &text)
{
    if (text.trimmed().isEmpty())
        return 0;
    // Markup and code push the character estimate up, plain prose the word estimate; take the larger.
    const double byCharacters = double(text.size()) / 4.0;
    const double byWords = double(words(text)) * 4.0 / 3.0;
    return int(std::ceil(std::max(byCharacters, byWords)));
}

} // namespace sift
