#pragma once

// Byte-pair encoding of one pre-tokenized piece. Both tokenizer.json merges and tiktoken ranks come
// down to the same rule: repeatedly merge the adjacent pair with the lowest rank, the leftmost one
// on ties, until no adjacent pair has a rank.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sift {

// Open-addressing map from byte strings to 32-bit values; the keys live in one arena.
class ByteStringMap
{
public:
    static std::uint64_t hash(std::string_view key);

    void reserve(std::size_t count);
    // Inserts or, when the key is present, overwrites.
    void insert(std::string_view key, std::uint32_t value) { insert(key, hash(key), value); }
    void insert(std::string_view key, std::uint64_t hash, std::uint32_t value);
    const std::uint32_t *find(std::string_view key) const { return find(key, hash(key)); }
    const std::uint32_t *find(std::string_view key, std::uint64_t hash) const;
    std::size_t size() const { return m_size; }
    std::size_t arenaSize() const { return m_arena.size(); }
    void clear();

private:
    struct Slot
    {
        std::uint32_t offset = kEmpty;
        std::uint32_t length = 0;
        std::uint32_t value = 0;
        std::uint32_t tag = 0; // high bits of the hash, to skip most key comparisons
    };
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    void grow();

    std::vector<Slot> m_slots;
    std::string m_arena;
    std::size_t m_size = 0;
};

// The merge rule of one pair of token ids: its rank and the id of the merged token.
struct Merge
{
    std::uint32_t rank;
    std::uint32_t merged;
};

class PairMap
{
public:
    void reserve(std::size_t count);
    void insert(std::uint32_t left, std::uint32_t right, Merge merge);
    const Merge *find(std::uint32_t left, std::uint32_t right) const
    {
        if (m_slots.empty())
            return nullptr;
        const std::uint64_t key = std::uint64_t(left) << 32 | right;
        for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
            const Slot &s = m_slots[i];
            if (s.key == key)
                return &s.merge;
            if (s.key == kEmpty)
                return nullptr;
        }
    }
    std::size_t size() const { return m_size; }

private:
    struct Slot
    {
        std::uint64_t key = kEmpty;
        Merge merge{};
    };
    static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
    static std::size_t mix(std::uint64_t key)
    {
        key ^= key >> 29;
        key *= 0xBF58476D1CE4E5B9ull;
        key ^= key >> 32;
        return std::size_t(key);
    }
    void grow();

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

// Scratch space reused across pieces.
struct BpeScratch
{
    struct Symbol
    {
        std::uint32_t id;
        std::uint32_t start; // byte offset in the piece, the tie-break between equal ranks
        std::int32_t prev;
        std::int32_t next;
        std::uint32_t version;
    };
    struct Candidate
    {
        std::uint32_t rank;
        std::uint32_t left;
        std::uint32_t right;
        std::uint32_t leftVersion;
        std::uint32_t rightVersion;
        std::uint32_t merged;
    };
    std::vector<Symbol> symbols;
    std::vector<Candidate> heap;
    std::vector<std::uint32_t> ranks;
    std::vector<std::uint32_t> ids;
};

class BpeModel
{
public:
    static constexpr std::uint32_t kNoToken = 0xFFFFFFFFu;

    std::array<std::uint32_t, 256> byteTokens; // the token of each single byte, or kNoToken
    PairMap merges;
    ByteStringMap vocabulary;     // every token's bytes, for whole-piece lookups
    bool wholePieceFirst = false; // a piece that is itself a token is that token (tiktoken, ignore_merges)

    BpeModel() { byteTokens.fill(kNoToken); }

    // Appends the tokens of `piece` to `out`. Bytes without a token of their own are dropped, as the
    // reference implementations do for a vocabulary that lacks them.
    void encode(std::string_view piece, std::vector<std::uint32_t> &out, BpeScratch &scratch) const;

private:
    void mergeShort(const unsigned char *p, std::size_t n, std::vector<std::uint32_t> &out,
                    BpeScratch &scratch) const;
    void mergeLong(const unsigned char *p, std::size_t n, std::vector<std::uint32_t> &out,
                   BpeScratch &scratch) const;
};

} // namespace sift
