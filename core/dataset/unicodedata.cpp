#include "unicodedata.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace sift::unicode {

namespace {

constexpr char32_t kCodePoints = 0x110000;
constexpr std::size_t kBlockSize = std::size_t(1) << PropertyTable::kShift;

// Hangul syllables compose and decompose arithmetically (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
                   kSCount = kLCount * kNCount;

struct Storage
{
    std::vector<std::uint16_t> index;
    std::vector<std::uint16_t> blocks;
    std::unordered_map<std::uint64_t, char32_t> compositions;
};

Storage buildStorage()
{
    std::vector<std::uint16_t> flat(kCodePoints, 0);
    auto apply = [&](const PropertyRange *ranges, std::size_t count, int shift) {
        for (std::size_t i = 0; i < count; ++i) {
            for (char32_t c = ranges[i].first; c <= ranges[i].last; ++c)
                flat[c] |= std::uint16_t(ranges[i].value << shift);
        }
    };
    apply(tables::kClassRanges, tables::kClassRangesCount, 0);
    apply(tables::kCombiningClassRanges, tables::kCombiningClassRangesCount, 8);
    for (std::size_t i = 0; i < tables::kNfcQuickCheckRangesCount; ++i) {
        const PropertyRange &r = tables::kNfcQuickCheckRanges[i];
        for (char32_t c = r.first; c <= r.last; ++c)
            flat[c] |= r.value == 1 ? NfcNo : NfcMaybe;
    }

    // Identical blocks are stored once: most of the code space is unassigned or uniform.
    Storage s;
    std::unordered_map<std::string_view, std::uint16_t> seen;
    s.index.resize(kCodePoints / kBlockSize);
    std::vector<std::size_t> firstOccurrence;
    for (std::size_t b = 0; b < s.index.size(); ++b) {
        const std::string_view key(reinterpret_cast<const char *>(flat.data() + b * kBlockSize),
                                   kBlockSize * sizeof(std::uint16_t));
        auto [it, inserted] = seen.try_emplace(key, std::uint16_t(firstOccurrence.size()));
        if (inserted)
            firstOccurrence.push_back(b);
        s.index[b] = it->second;
    }
    s.blocks.resize(firstOccurrence.size() * kBlockSize);
    for (std::size_t i = 0; i < firstOccurrence.size(); ++i)
        std::copy_n(flat.begin() + std::ptrdiff_t(firstOccurrence[i] * kBlockSize), kBlockSize,
                    s.blocks.begin() + std::ptrdiff_t(i * kBlockSize));

    auto excluded = [](char32_t c) {
        const CodePointRange *begin = tables::kCompositionExclusions;
        const CodePointRange *end = begin + tables::kCompositionExclusionsCount;
        const auto it =
            std::upper_bound(begin, end, c, [](char32_t v, const CodePointRange &r) { return v < r.first; });
        return it != begin && c <= (it - 1)->last;
    };
    for (std::size_t i = 0; i < tables::kDecompositionsCount; ++i) {
        const Decomposition &d = tables::kDecompositions[i];
        if (d.second != 0 && !excluded(d.composite))
            s.compositions.emplace(std::uint64_t(d.first) << 32 | d.second, d.composite);
    }
    return s;
}

const Storage &storage()
{
    static const Storage s = buildStorage();
    return s;
}

const Decomposition *findDecomposition(char32_t c)
{
    const Decomposition *begin = tables::kDecompositions;
    const Decomposition *end = begin + tables::kDecompositionsCount;
    const auto it =
        std::lower_bound(begin, end, c, [](const Decomposition &d, char32_t v) { return d.composite < v; });
    return it != end && it->composite == c ? it : nullptr;
}

void decompose(char32_t c, std::vector<char32_t> &out)
{
    if (c >= kSBase && c < kSBase + kSCount) {
        const char32_t s = c - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount != 0)
            out.push_back(kTBase + s % kTCount);
        return;
    }
    if (const Decomposition *d = findDecomposition(c)) {
        decompose(d->first, out);
        if (d->second != 0)
            decompose(d->second, out);
        return;
    }
    out.push_back(c);
}

char32_t compose(char32_t a, char32_t b)
{
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
        b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto &map = storage().compositions;
    const auto it = map.find(std::uint64_t(a) << 32 | b);
    return it == map.end() ? 0 : it->second;
}

// Normalizes one segment that starts at a character no earlier character can interact with.
void normalizeSegment(std::string_view segment, std::string &out, std::vector<char32_t> &buffer)
{
    const PropertyTable &props = properties();
    const auto *s = reinterpret_cast<const unsigned char *>(segment.data());
    buffer.clear();
    for (std::size_t i = 0; i < segment.size();) {
        int length = 0;
        decompose(decodeUtf8(s, i, length), buffer);
        i += std::size_t(length);
    }
    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    for (std::size_t i = 0; i < buffer.size();) {
        if (props.combiningClass(buffer[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < buffer.size() && props.combiningClass(buffer[j]) != 0)
            ++j;
        std::stable_sort(
            buffer.begin() + std::ptrdiff_t(i), buffer.begin() + std::ptrdiff_t(j),
            [&](char32_t a, char32_t b) { return props.combiningClass(a) < props.combiningClass(b); });
        i = j;
    }
    // Canonical composition (UAX #15): a character joins the last starter unless something between them
    // has a combining class at least as high as its own.
    constexpr std::size_t kNone = std::size_t(-1);
    std::size_t starter = kNone; // text that starts with a non-starter has nothing to compose with
    std::size_t kept = 0;
    int lastClass = 0;
    for (std::size_t i = 0; i < buffer.size(); ++i) {
        const char32_t c = buffer[i];
        const int cls = props.combiningClass(c);
        if (starter != kNone && (lastClass < cls || lastClass == 0)) {
            if (const char32_t composite = compose(buffer[starter], c)) {
                buffer[starter] = composite;
                continue;
            }
        }
        if (cls == 0)
            starter = kept;
        lastClass = cls;
        buffer[kept++] = c;
    }
    for (std::size_t i = 0; i < kept; ++i)
        appendUtf8(out, buffer[i]);
}

} // namespace

const PropertyTable &properties()
{
    static const PropertyTable table = [] {
        PropertyTable t;
        t.m_index = storage().index.data();
        t.m_blocks = storage().blocks.data();
        return t;
    }();
    return table;
}

const char *unicodeVersion()
{
    return tables::kUnicodeVersion;
}

const char *normalizationVersion()
{
    return tables::kNormalizationVersion;
}

bool isWordCharacter(char32_t c)
{
    const CodePointRange *begin = tables::kWordRanges;
    const CodePointRange *end = begin + tables::kWordRangesCount;
    const auto it =
        std::upper_bound(begin, end, c, [](char32_t v, const CodePointRange &r) { return v < r.first; });
    return it != begin && c <= (it - 1)->last;
}

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(char(0xE0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    }
}

namespace {

// Length of the well-formed sequence at s[i], or 0 with `consumed` set to the length of the maximal
// subpart to replace by one U+FFFD (Unicode 16.0, table 3-7 and "U+FFFD substitution of maximal subparts").
std::size_t wellFormedLength(const unsigned char *s, std::size_t size, std::size_t i, std::size_t &consumed)
{
    const unsigned char b = s[i];
    if (b < 0x80)
        return 1;
    std::size_t need = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0)
            lower = 0xA0;
        else if (b == 0xED)
            upper = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0)
            lower = 0x90;
        else if (b == 0xF4)
            upper = 0x8F;
    } else {
        consumed = 1;
        return 0;
    }
    std::size_t j = 1;
    for (; j <= need; ++j) {
        if (i + j >= size || s[i + j] < lower || s[i + j] > upper) {
            consumed = j;
            return 0;
        }
        lower = 0x80;
        upper = 0xBF;
    }
    return need + 1;
}

} // namespace

std::size_t findInvalidUtf8(std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        std::size_t consumed = 0;
        const std::size_t n = wellFormedLength(s, text.size(), i, consumed);
        if (n == 0)
            return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string sanitizeUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 16);
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t consumed = 0;
        const std::size_t n = wellFormedLength(s, text.size(), i, consumed);
        if (n == 0) {
            out.append("\xEF\xBF\xBD");
            i += consumed;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

bool toNfc(std::string_view text, std::string &out)
{
    const PropertyTable &props = properties();
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    // A character with combining class 0 that is NFC_QC=Yes starts a segment that normalizes on its own.
    auto isBoundary = [&](std::uint16_t p) { return (p & (NfcNo | NfcMaybe | 0xFF00)) == 0; };

    std::size_t copied = 0;       // text before this offset is already in `out`
    std::size_t lastBoundary = 0; // offset of the last boundary character seen
    bool changed = false;
    std::vector<char32_t> buffer;
    std::string segmentOut;
    for (std::size_t i = 0; i < text.size();) {
        if (s[i] < 0x80) {
            lastBoundary = i++;
            continue;
        }
        int length = 0;
        const char32_t c = decodeUtf8(s, i, length);
        const std::uint16_t p = props(c);
        if (isBoundary(p)) {
            lastBoundary = i;
            i += std::size_t(length);
            continue;
        }
        // Normalize from the last boundary up to the next one.
        const std::size_t start = std::max(lastBoundary, copied);
        std::size_t end = i + std::size_t(length);
        while (end < text.size()) {
            int l = 0;
            if (s[end] < 0x80 || isBoundary(props(decodeUtf8(s, end, l))))
                break;
            end += std::size_t(l);
        }
        segmentOut.clear();
        normalizeSegment(text.substr(start, end - start), segmentOut, buffer);
        if (segmentOut != text.substr(start, end - start)) {
            if (!changed) {
                out.clear();
                out.reserve(text.size());
                changed = true;
            }
            out.append(text.substr(copied, start - copied));
            out.append(segmentOut);
            copied = end;
        }
        i = end;
        lastBoundary = end;
    }
    if (changed)
        out.append(text.substr(copied));
    return changed;
}

} // namespace sift::unicode
