#pragma once

// Pre-tokenization: cutting text into the pieces BPE runs on. The regexes that byte-level BPE
// tokenizers publish are matched here by hand-written scanners, one per pattern family, that give
// exactly the regex's (leftmost-first, backtracking) matches without a regex engine.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sift {

enum class PiecePattern
{
    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+  (GPT-2, r50k, p50k)
    Gpt2,
    // (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
    // \s*[\r\n]+|\s+(?!\S)|\s+  (cl100k, Llama 3)
    Cl100k,
    // The same with \p{N} instead of \p{N}{1,3}: digits one by one (Qwen 2 and 3).
    Qwen2,
    // Case-aware letter runs with contraction suffixes, digits by three, "/" kept with punctuation (o200k).
    O200k,
};

// The pattern a Split pre-tokenizer's regex stands for, if it is one of the known families. The
// text must match one of the published spellings exactly; anything else is not guessed at.
std::optional<PiecePattern> recognizePiecePattern(std::string_view regex);
// The regex of a family, as tiktoken and tokenizer.json files spell it.
std::string_view piecePatternRegex(PiecePattern pattern);

// The end offset of the piece that starts at `pos` in `text` (valid UTF-8, pos < size). The regex
// sees `text` as the whole string: lookahead stops at its end.
std::size_t pieceEnd(PiecePattern pattern, std::string_view text, std::size_t pos);

} // namespace sift
