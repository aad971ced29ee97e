#pragma once

// What a loaded tokenizer consists of; shared by the loaders and the encoder, not part of the API.

#include "bpe.h"
#include "pretokenizer.h"
#include "tokenizer.h"

#include <QString>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sift {

// A token matched literally in the text before pre-tokenization: tokenizer.json's added_tokens, or a
// tiktoken encoding's special tokens.
struct AddedToken
{
    std::string content;
    std::uint32_t id = 0;
    bool special = false;
    bool normalized = false; // matched in the normalized text rather than the raw one
    bool lstrip = false;     // takes the whitespace before it
    bool rstrip = false;     // takes the whitespace after it
    bool singleWord = false; // only where it is not part of a longer word
};

// Finds added tokens in text: the leftmost match, and the longest of those starting there.
class LiteralMatcher
{
public:
    struct Match
    {
        std::size_t begin = 0;
        std::size_t end = 0;
        int token = -1; // index into the token list given to build()
    };

    void build(const std::vector<std::string> &literals);
    bool empty() const { return m_nodes.size() <= 1; }
    bool next(std::string_view text, std::size_t from, Match &match) const;

private:
    struct Node
    {
        std::vector<std::pair<unsigned char, std::int32_t>> children; // sorted by byte
        int token = -1;
    };
    std::int32_t child(std::int32_t node, unsigned char byte) const;

    std::vector<Node> m_nodes;
    bool m_first[256] = {};
    int m_onlyFirst = -1; // the one byte every literal starts with, if there is one
};

// One step of pre-tokenization, applied to every piece the previous steps produced.
struct PreTokenizerStep
{
    enum class Kind
    {
        Split,
        PrefixSpace
    };
    Kind kind = Kind::Split;
    PiecePattern pattern = PiecePattern::Gpt2;
};

struct TokenizerData
{
    Tokenizer::Kind kind = Tokenizer::Kind::HuggingFace;
    QString description;
    BpeModel bpe;
    std::vector<AddedToken> added;
    LiteralMatcher rawMatcher;        // added tokens with normalized = false
    std::vector<int> rawTokens;       // matcher index -> index into `added`
    LiteralMatcher normalizedMatcher; // added tokens with normalized = true, in normalized form
    std::vector<int> normalizedTokens;
    bool nfc = false;
    std::vector<PreTokenizerStep> steps;
    int vocabularySize = 0;
    std::uint64_t serial = 0; // tells thread-local caches apart

    // Builds the matchers from `added`, and sets the serial.
    void finish();
};

} // namespace sift
