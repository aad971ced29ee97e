#include "bpe.h"

#include <algorithm>
#include <cstring>

namespace sift {

namespace {

// Pieces up to this many symbols merge by scanning all pairs each round, which beats a heap for the
// short pieces nearly all text consists of; longer ones use a heap so a long run stays O(n log n).
constexpr std::size_t kShortPiece = 48;

inline std::uint64_t read64(const unsigned char *p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    a *= b;
    return a ^ (a >> 32);
}

} // namespace

std::uint64_t ByteStringMap::hash(std::string_view key)
{
    // A multiply-mix over 8-byte words: keys are short (most pieces are under 16 bytes).
    constexpr std::uint64_t k0 = 0xA0761D6478BD642Full, k1 = 0xE7037ED1A0B428DBull,
                            k2 = 0x8EBC6AF09C88C6E3ull;
    const auto *p = reinterpret_cast<const unsigned char *>(key.data());
    std::size_t n = key.size();
    std::uint64_t h = k0 ^ (n * k1);
    while (n >= 8) {
        h = mix(h ^ read64(p), k1);
        p += 8;
        n -= 8;
    }
    std::uint64_t tail = 0;
    for (std::size_t i = 0; i < n; ++i)
        tail |= std::uint64_t(p[i]) << (8 * i);
    h = mix(h ^ tail ^ k2, k1);
    return mix(h ^ (h >> 29), k2);
}

void ByteStringMap::reserve(std::size_t count)
{
    std::size_t capacity = 16;
    while (capacity < count * 2)
        capacity *= 2;
    if (capacity <= m_slots.size())
        return;
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(capacity, Slot{});
    const std::size_t mask = capacity - 1;
    for (const Slot &s : old) {
        if (s.offset == kEmpty)
            continue;
        const std::uint64_t h = hash(std::string_view(m_arena.data() + s.offset, s.length));
        std::size_t i = std::size_t(h) & mask;
        while (m_slots[i].offset != kEmpty)
            i = (i + 1) & mask;
        m_slots[i] = s;
    }
}

void ByteStringMap::grow()
{
    reserve(std::max<std::size_t>(m_size + 1, m_slots.size()));
}

void ByteStringMap::insert(std::string_view key, std::uint64_t h, std::uint32_t value)
{
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    const std::size_t mask = m_slots.size() - 1;
    const auto tag = std::uint32_t(h >> 32);
    for (std::size_t i = std::size_t(h) & mask;; i = (i + 1) & mask) {
        Slot &s = m_slots[i];
        if (s.offset == kEmpty) {
            s.offset = std::uint32_t(m_arena.size());
            s.length = std::uint32_t(key.size());
            s.value = value;
            s.tag = tag;
            m_arena.append(key);
            ++m_size;
            return;
        }
        if (s.tag == tag && s.length == key.size() &&
            std::memcmp(m_arena.data() + s.offset, key.data(), key.size()) == 0) {
            s.value = value;
            return;
        }
    }
}

const std::uint32_t *ByteStringMap::find(std::string_view key, std::uint64_t h) const
{
    if (m_slots.empty())
        return nullptr;
    const std::size_t mask = m_slots.size() - 1;
    const auto tag = std::uint32_t(h >> 32);
    for (std::size_t i = std::size_t(h) & mask;; i = (i + 1) & mask) {
        const Slot &s = m_slots[i];
        if (s.offset == kEmpty)
            return nullptr;
        if (s.tag == tag && s.length == key.size() &&
            std::memcmp(m_arena.data() + s.offset, key.data(), key.size()) == 0)
            return &s.value;
    }
}

void ByteStringMap::clear()
{
    std::fill(m_slots.begin(), m_slots.end(), Slot{});
    m_arena.clear();
    m_size = 0;
}

void PairMap::reserve(std::size_t count)
{
    std::size_t capacity = 16;
    while (capacity < count * 2)
        capacity *= 2;
    if (capacity <= m_slots.size())
        return;
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(capacity, Slot{});
    m_mask = capacity - 1;
    for (const Slot &s : old) {
        if (s.key == kEmpty)
            continue;
        std::size_t i = mix(s.key) & m_mask;
        while (m_slots[i].key != kEmpty)
            i = (i + 1) & m_mask;
        m_slots[i] = s;
    }
}

void PairMap::grow()
{
    reserve(std::max<std::size_t>(m_size + 1, m_slots.size()));
}

void PairMap::insert(std::uint32_t left, std::uint32_t right, Merge merge)
{
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    const std::uint64_t key = std::uint64_t(left) << 32 | right;
    for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
        Slot &s = m_slots[i];
        if (s.key == kEmpty) {
            s.key = key;
            s.merge = merge;
            ++m_size;
            return;
        }
        if (s.key == key) {
            s.merge = merge; // a later duplicate wins, as when the reference builds its merge map
            return;
        }
    }
}

void BpeModel::encode(std::string_view piece, std::vector<std::uint32_t> &out, BpeScratch &scratch) const
{
    if (piece.empty())
        return;
    const auto *p = reinterpret_cast<const unsigned char *>(piece.data());
    if (piece.size() == 1) {
        if (byteTokens[p[0]] != kNoToken)
            out.push_back(byteTokens[p[0]]);
        return;
    }
    if (wholePieceFirst) {
        if (const std::uint32_t *id = vocabulary.find(piece)) {
            out.push_back(*id);
            return;
        }
    }
    if (piece.size() <= kShortPiece)
        mergeShort(p, piece.size(), out, scratch);
    else
        mergeLong(p, piece.size(), out, scratch);
}

void BpeModel::mergeShort(const unsigned char *p, std::size_t n, std::vector<std::uint32_t> &out,
                          BpeScratch &scratch) const
{
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    auto &ids = scratch.ids;
    auto &ranks = scratch.ranks; // ranks[i]: rank of (ids[i], ids[i + 1]); merged ids follow at n + i
    ids.clear();
    for (std::size_t i = 0; i < n; ++i) {
        if (byteTokens[p[i]] != kNoToken)
            ids.push_back(byteTokens[p[i]]);
    }
    if (ids.size() < 2) {
        out.insert(out.end(), ids.begin(), ids.end());
        return;
    }
    std::size_t count = ids.size();
    ranks.assign(2 * count, kNone);
    auto rate = [&](std::size_t i) {
        const Merge *m = merges.find(ids[i], ids[i + 1]);
        ranks[i] = m ? m->rank : kNone;
        ranks[count + i] = m ? m->merged : kNone;
    };
    for (std::size_t i = 0; i + 1 < count; ++i)
        rate(i);
    // `count` stays the offset of the merged ids; `live` is the current number of symbols.
    std::size_t live = count;
    for (;;) {
        std::uint32_t best = kNone;
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < live; ++i) {
            if (ranks[i] < best) {
                best = ranks[i];
                at = i;
            }
        }
        if (best == kNone)
            break;
        ids[at] = ranks[count + at];
        for (std::size_t i = at + 1; i + 1 < live; ++i) {
            ids[i] = ids[i + 1];
            ranks[i] = ranks[i + 1];
            ranks[count + i] = ranks[count + i + 1];
        }
        --live;
        if (at > 0)
            rate(at - 1);
        if (at + 1 < live)
            rate(at);
        else
            ranks[at] = kNone;
    }
    out.insert(out.end(), ids.begin(), ids.begin() + std::ptrdiff_t(live));
}

void BpeModel::mergeLong(const unsigned char *p, std::size_t n, std::vector<std::uint32_t> &out,
                         BpeScratch &scratch) const
{
    using Symbol = BpeScratch::Symbol;
    using Candidate = BpeScratch::Candidate;
    auto &symbols = scratch.symbols;
    auto &heap = scratch.heap;
    symbols.clear();
    heap.clear();
    for (std::size_t i = 0; i < n; ++i) {
        if (byteTokens[p[i]] == kNoToken)
            continue;
        const auto index = std::int32_t(symbols.size());
        symbols.push_back(Symbol{byteTokens[p[i]], std::uint32_t(i), index - 1, index + 1, 0});
    }
    if (symbols.empty())
        return;
    symbols.back().next = -1;

    // A min-heap on (rank, position of the left symbol): the lowest rank, leftmost first.
    auto later = [&](const Candidate &a, const Candidate &b) {
        if (a.rank != b.rank)
            return a.rank > b.rank;
        return symbols[a.left].start > symbols[b.left].start;
    };
    auto push = [&](std::int32_t left) {
        if (left < 0 || symbols[std::size_t(left)].next < 0)
            return;
        const Symbol &l = symbols[std::size_t(left)];
        const Symbol &r = symbols[std::size_t(l.next)];
        if (const Merge *m = merges.find(l.id, r.id)) {
            heap.push_back(Candidate{m->rank, std::uint32_t(left), std::uint32_t(l.next), l.version,
                                     r.version, m->merged});
            std::push_heap(heap.begin(), heap.end(), later);
        }
    };
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
        push(std::int32_t(i));

    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const Candidate c = heap.back();
        heap.pop_back();
        Symbol &l = symbols[c.left];
        // Skip candidates whose symbols have changed since they were queued.
        if (l.version != c.leftVersion || l.next != std::int32_t(c.right) ||
            symbols[c.right].version != c.rightVersion)
            continue;
        Symbol &r = symbols[c.right];
        l.id = c.merged;
        ++l.version;
        l.next = r.next;
        r.version = 0xFFFFFFFFu; // removed
        r.next = -1;
        if (l.next >= 0)
            symbols[std::size_t(l.next)].prev = std::int32_t(c.left);
        push(l.prev);
        push(std::int32_t(c.left));
    }
    for (std::int32_t i = 0; i >= 0; i = symbols[std::size_t(i)].next)
        out.push_back(symbols[std::size_t(i)].id);
}

} // namespace sift
