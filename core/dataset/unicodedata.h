#pragma once

// The few Unicode properties tokenizers depend on, from tables generated for fixed Unicode versions
// (unicodetables.cpp): a tokenizer must classify and normalize characters exactly as its reference
// implementation does, so Qt's own tables (whatever version the installed Qt has) are not used here.
// Character classes follow Unicode 16.0; normalization follows Unicode 9.0, as Hugging Face tokenizers'
// normalizer does (see unicodegen/generate.mjs).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sift::unicode {

// Flags of one code point, the classes the pre-tokenizer patterns use.
enum Flag : std::uint16_t
{
    UpperLetter = 0x01, // Lu, Lt
    LowerLetter = 0x02, // Ll
    OtherLetter = 0x04, // Lm, Lo
    Mark = 0x08,        // Mn, Mc, Me
    Number = 0x10,      // Nd, Nl, No
    WhiteSpace = 0x20,  // the White_Space property (what \s means in Oniguruma and Rust's regex)
    NfcNo = 0x40,       // NFC_Quick_Check = No
    NfcMaybe = 0x80,    // NFC_Quick_Check = Maybe
    Letter = UpperLetter | LowerLetter | OtherLetter,
};

struct PropertyRange
{
    char32_t first;
    char32_t last;
    std::uint8_t value;
};

struct CodePointRange
{
    char32_t first;
    char32_t last;
};

struct Decomposition
{
    char32_t composite;
    char32_t first;
    char32_t second; // 0 for a singleton decomposition
};

namespace tables {
extern const char *const kUnicodeVersion;
extern const char *const kNormalizationVersion;
extern const PropertyRange kClassRanges[];
extern const std::size_t kClassRangesCount;
extern const PropertyRange kCombiningClassRanges[];
extern const std::size_t kCombiningClassRangesCount;
extern const PropertyRange kNfcQuickCheckRanges[];
extern const std::size_t kNfcQuickCheckRangesCount;
extern const Decomposition kDecompositions[];
extern const std::size_t kDecompositionsCount;
extern const CodePointRange kCompositionExclusions[];
extern const std::size_t kCompositionExclusionsCount;
extern const CodePointRange kWordRanges[];
extern const std::size_t kWordRangesCount;
} // namespace tables

// Two-stage lookup of every code point's flags (low byte) and canonical combining class (high byte).
class PropertyTable
{
public:
    static constexpr int kShift = 7;
    std::uint16_t operator()(char32_t c) const
    {
        if (c >= 0x110000)
            return 0;
        return m_blocks[std::size_t(m_index[c >> kShift]) << kShift | (c & ((1u << kShift) - 1))];
    }
    std::uint8_t flags(char32_t c) const { return std::uint8_t((*this)(c)); }
    std::uint8_t combiningClass(char32_t c) const { return std::uint8_t((*this)(c) >> 8); }

private:
    friend const PropertyTable &properties();
    const std::uint16_t *m_index = nullptr;
    const std::uint16_t *m_blocks = nullptr;
};

// Built on first use; safe to call from any thread.
const PropertyTable &properties();
const char *unicodeVersion();
const char *normalizationVersion();

// \w as Rust's regex has it: Alphabetic, marks, decimal digits, connector punctuation, Join_Control.
bool isWordCharacter(char32_t c);

// Decodes the code point at s[i] of valid UTF-8 and sets `length` to its byte count.
inline char32_t decodeUtf8(const unsigned char *s, std::size_t i, int &length)
{
    const unsigned char b = s[i];
    if (b < 0x80) {
        length = 1;
        return b;
    }
    if (b < 0xE0) {
        length = 2;
        return char32_t(b & 0x1F) << 6 | (s[i + 1] & 0x3F);
    }
    if (b < 0xF0) {
        length = 3;
        return char32_t(b & 0x0F) << 12 | char32_t(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
    }
    length = 4;
    return char32_t(b & 0x07) << 18 | char32_t(s[i + 1] & 0x3F) << 12 | char32_t(s[i + 2] & 0x3F) << 6 |
           (s[i + 3] & 0x3F);
}

void appendUtf8(std::string &out, char32_t c);

// The offset of the first byte that is not part of well-formed UTF-8, or npos when all of it is.
std::size_t findInvalidUtf8(std::string_view text);
// Replaces every ill-formed sequence by U+FFFD, one per maximal subpart, as the WHATWG decoder (and
// so JavaScript's TextDecoder and Rust's from_utf8_lossy) does.
std::string sanitizeUtf8(std::string_view text);

// Canonical composition (NFC) of valid UTF-8. Returns false, leaving `out` alone, when the text is
// already in NFC, which is the common case and costs one pass over the text.
bool toNfc(std::string_view text, std::string &out);

} // namespace sift::unicode
