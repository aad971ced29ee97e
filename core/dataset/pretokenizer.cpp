#include "pretokenizer.h"

#include "unicodedata.h"

#include <array>

namespace sift {

namespace {

using unicode::Flag;

constexpr std::string_view kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr std::string_view kCl100k = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3})"
                                     R"(| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2 = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N})"
                                    R"(| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kO200k =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// tiktoken's spelling of the GPT-2 regex: the same alternatives, none a prefix of another.
constexpr std::string_view kGpt2Tiktoken =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// o200k's two letter classes: [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}].
constexpr std::uint8_t kUpperClass = Flag::UpperLetter | Flag::OtherLetter | Flag::Mark;
constexpr std::uint8_t kLowerClass = Flag::LowerLetter | Flag::OtherLetter | Flag::Mark;

// The ASCII characters' flags, looked up without the two-stage table.
constexpr std::array<std::uint8_t, 128> makeAscii()
{
    std::array<std::uint8_t, 128> t{};
    for (int c = 'A'; c <= 'Z'; ++c)
        t[std::size_t(c)] = Flag::UpperLetter;
    for (int c = 'a'; c <= 'z'; ++c)
        t[std::size_t(c)] = Flag::LowerLetter;
    for (int c = '0'; c <= '9'; ++c)
        t[std::size_t(c)] = Flag::Number;
    for (int c : {'\t', '\n', '\v', '\f', '\r', ' '})
        t[std::size_t(c)] = Flag::WhiteSpace;
    return t;
}
constexpr std::array<std::uint8_t, 128> kAscii = makeAscii();

// One character of the text: its code point's flags and byte length.
struct Char
{
    std::uint8_t flags = 0;
    int length = 0;
    char32_t cp = 0;
};

class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_s(reinterpret_cast<const unsigned char *>(text.data())), m_n(text.size()),
          m_props(unicode::properties())
    {
    }

    std::size_t size() const { return m_n; }

    Char at(std::size_t i) const
    {
        Char c;
        c.cp = unicode::decodeUtf8(m_s, i, c.length);
        c.flags = m_s[i] < 0x80 ? kAscii[m_s[i]] : m_props.flags(c.cp);
        return c;
    }
    bool has(std::size_t i, std::uint8_t mask) const { return i < m_n && (at(i).flags & mask); }
    bool isLetter(std::size_t i) const { return has(i, Flag::Letter); }
    // [^\s\p{L}\p{N}]
    bool isOther(std::size_t i) const
    {
        return i < m_n && !(at(i).flags & (Flag::Letter | Flag::Number | Flag::WhiteSpace));
    }
    // [^\r\n\p{L}\p{N}]
    static bool isPrefix(const Char &c)
    {
        return c.cp != '\r' && c.cp != '\n' && !(c.flags & (Flag::Letter | Flag::Number));
    }

    // End of the run of characters with any of `mask` starting at i.
    std::size_t runEnd(std::size_t i, std::uint8_t mask) const
    {
        while (i < m_n) {
            const Char c = at(i);
            if (!(c.flags & mask))
                break;
            i += std::size_t(c.length);
        }
        return i;
    }
    std::size_t otherRunEnd(std::size_t i) const
    {
        while (isOther(i))
            i += std::size_t(at(i).length);
        return i;
    }
    std::size_t countedRunEnd(std::size_t i, std::uint8_t mask, int most) const
    {
        for (int k = 0; k < most && i < m_n; ++k) {
            const Char c = at(i);
            if (!(c.flags & mask))
                break;
            i += std::size_t(c.length);
        }
        return i;
    }
    std::size_t skipBytes(std::size_t i, std::string_view set) const
    {
        while (i < m_n && set.find(char(m_s[i])) != std::string_view::npos)
            ++i;
        return i;
    }

    // Length of 's 't 're 've 'm 'll 'd at i, or 0. Case-insensitive matching follows Unicode simple
    // case folding, under which ſ (U+017F) is an s.
    std::size_t contraction(std::size_t i, bool ignoreCase) const
    {
        if (i >= m_n || m_s[i] != '\'')
            return 0;
        auto letter = [&](std::size_t j, char lower) {
            if (j >= m_n)
                return false;
            const unsigned char b = m_s[j];
            return b == lower || (ignoreCase && b == (lower - 'a' + 'A'));
        };
        const std::size_t j = i + 1;
        if (letter(j, 's') || letter(j, 't') || letter(j, 'm') || letter(j, 'd'))
            return 2;
        if (ignoreCase && j + 1 < m_n && m_s[j] == 0xC5 && m_s[j + 1] == 0xBF)
            return 3;
        if ((letter(j, 'r') || letter(j, 'v')) && letter(j + 1, 'e'))
            return 3;
        if (letter(j, 'l') && letter(j + 1, 'l'))
            return 3;
        return 0;
    }

    // \s*[\r\n]+ | \s+(?!\S) | \s+ for a whitespace character at i.
    std::size_t whitespace(std::size_t i) const
    {
        std::size_t end = i;
        std::size_t lastStart = i;
        std::size_t afterNewline = 0;
        while (end < m_n) {
            const Char c = at(end);
            if (!(c.flags & Flag::WhiteSpace))
                break;
            lastStart = end;
            end += std::size_t(c.length);
            if (c.cp == '\r' || c.cp == '\n')
                afterNewline = end;
        }
        if (afterNewline)
            return afterNewline;
        // \s+(?!\S): all of the run at the end of the text, else all but its last character, which
        // then goes with what follows it.
        if (end == m_n || lastStart == i)
            return end;
        return lastStart;
    }
    // \s+(?!\S) | \s+ (GPT-2 has no newline rule).
    std::size_t whitespaceNoNewlineRule(std::size_t i) const
    {
        std::size_t end = i;
        std::size_t lastStart = i;
        while (end < m_n) {
            const Char c = at(end);
            if (!(c.flags & Flag::WhiteSpace))
                break;
            lastStart = end;
            end += std::size_t(c.length);
        }
        if (end == m_n || lastStart == i)
            return end;
        return lastStart;
    }

private:
    const unsigned char *m_s;
    std::size_t m_n;
    const unicode::PropertyTable &m_props;
};

std::size_t gpt2(const Scanner &s, std::size_t pos)
{
    if (const std::size_t k = s.contraction(pos, false))
        return pos + k;
    const Char c = s.at(pos);
    const std::size_t next = pos + std::size_t(c.length);
    // " ?X+" for X in letters, numbers, other: the optional space is tried first.
    for (const std::uint8_t mask : {std::uint8_t(Flag::Letter), std::uint8_t(Flag::Number)}) {
        if (c.cp == ' ' && s.has(next, mask))
            return s.runEnd(next, mask);
        if (c.flags & mask)
            return s.runEnd(pos, mask);
    }
    if (c.cp == ' ' && s.isOther(next))
        return s.otherRunEnd(next);
    if (s.isOther(pos))
        return s.otherRunEnd(pos);
    return s.whitespaceNoNewlineRule(pos);
}

std::size_t cl100k(const Scanner &s, std::size_t pos, int digits)
{
    if (const std::size_t k = s.contraction(pos, true))
        return pos + k;
    const Char c = s.at(pos);
    const std::size_t next = pos + std::size_t(c.length);
    if (c.flags & Flag::Letter)
        return s.runEnd(pos, Flag::Letter);
    if (Scanner::isPrefix(c) && s.isLetter(next))
        return s.runEnd(next, Flag::Letter);
    if (c.flags & Flag::Number)
        return s.countedRunEnd(pos, Flag::Number, digits);
    const std::size_t start = c.cp == ' ' && s.isOther(next) ? next : pos;
    if (s.isOther(start))
        return s.skipBytes(s.otherRunEnd(start), "\r\n");
    return s.whitespace(pos);
}

// [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ at j, or npos. The first class is taken
// greedily and given back one character at a time until the second class can match.
std::size_t o200kUpperThenLower(const Scanner &s, std::size_t j)
{
    std::size_t end = j;
    std::size_t lastBoth = std::string_view::npos; // last character of the run in both classes
    std::size_t lastBothEnd = 0;
    while (end < s.size()) {
        const Char c = s.at(end);
        if (!(c.flags & kUpperClass))
            break;
        if (c.flags & kLowerClass) {
            lastBoth = end;
            lastBothEnd = end + std::size_t(c.length);
        }
        end += std::size_t(c.length);
    }
    if (s.has(end, kLowerClass))
        return s.runEnd(end, kLowerClass);
    if (lastBoth != std::string_view::npos)
        return lastBothEnd; // the characters after it in the run are Lu/Lt, which end the second class
    return std::string_view::npos;
}

std::size_t o200k(const Scanner &s, std::size_t pos)
{
    const Char c = s.at(pos);
    const std::size_t next = pos + std::size_t(c.length);
    const bool prefix = Scanner::isPrefix(c);
    auto withContraction = [&](std::size_t end) { return end + s.contraction(end, true); };

    // [^\r\n\p{L}\p{N}]?[U]*[L]+(?i:...)?  with the optional prefix tried first.
    if (prefix) {
        if (const std::size_t end = o200kUpperThenLower(s, next); end != std::string_view::npos)
            return withContraction(end);
    }
    if (const std::size_t end = o200kUpperThenLower(s, pos); end != std::string_view::npos)
        return withContraction(end);
    // [^\r\n\p{L}\p{N}]?[U]+[L]*(?i:...)?
    for (const std::size_t j : {prefix ? next : std::string_view::npos, pos}) {
        if (j != std::string_view::npos && s.has(j, kUpperClass))
            return withContraction(s.runEnd(s.runEnd(j, kUpperClass), kLowerClass));
    }
    if (c.flags & Flag::Number)
        return s.countedRunEnd(pos, Flag::Number, 3);
    const std::size_t start = c.cp == ' ' && s.isOther(next) ? next : pos;
    if (s.isOther(start))
        return s.skipBytes(s.otherRunEnd(start), "\r\n/");
    return s.whitespace(pos);
}

} // namespace

std::optional<PiecePattern> recognizePiecePattern(std::string_view regex)
{
    if (regex == kGpt2 || regex == kGpt2Tiktoken)
        return PiecePattern::Gpt2;
    if (regex == kCl100k)
        return PiecePattern::Cl100k;
    if (regex == kQwen2)
        return PiecePattern::Qwen2;
    if (regex == kO200k)
        return PiecePattern::O200k;
    return std::nullopt;
}

std::string_view piecePatternRegex(PiecePattern pattern)
{
    switch (pattern) {
    case PiecePattern::Gpt2:
        return kGpt2;
    case PiecePattern::Cl100k:
        return kCl100k;
    case PiecePattern::Qwen2:
        return kQwen2;
    case PiecePattern::O200k:
        return kO200k;
    }
    return {};
}

std::size_t pieceEnd(PiecePattern pattern, std::string_view text, std::size_t pos)
{
    const Scanner s(text);
    switch (pattern) {
    case PiecePattern::Gpt2:
        return gpt2(s, pos);
    case PiecePattern::Cl100k:
        return cl100k(s, pos, 3);
    case PiecePattern::Qwen2:
        return cl100k(s, pos, 1);
    case PiecePattern::O200k:
        return o200k(s, pos);
    }
    return text.size();
}

} // namespace sift
