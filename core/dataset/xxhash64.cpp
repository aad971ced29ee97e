#include "xxhash64.h"

#include <QtEndian>

#include <cstring>

namespace sift {

namespace {

constexpr quint64 Prime1 = 0x9E3779B185EBCA87ULL;
constexpr quint64 Prime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr quint64 Prime3 = 0x165667B19E3779F9ULL;
constexpr quint64 Prime4 = 0x85EBCA77C2B2AE63ULL;
constexpr quint64 Prime5 = 0x27D4EB2F165667C5ULL;

constexpr quint64 rotl(quint64 x, int r)
{
    return (x << r) | (x >> (64 - r));
}

// The reference reads little-endian words; memcpy then a byte swap on big-endian hosts keeps the
// value the same everywhere (and is one load on the machines Sift runs on).
quint64 read64(const unsigned char *p)
{
    quint64 v;
    std::memcpy(&v, p, sizeof v);
    return qFromLittleEndian(v);
}

quint32 read32(const unsigned char *p)
{
    quint32 v;
    std::memcpy(&v, p, sizeof v);
    return qFromLittleEndian(v);
}

quint64 round(quint64 acc, quint64 input)
{
    acc += input * Prime2;
    acc = rotl(acc, 31);
    return acc * Prime1;
}

quint64 mergeRound(quint64 acc, quint64 value)
{
    acc ^= round(0, value);
    return acc * Prime1 + Prime4;
}

} // namespace

quint64 xxHash64(const void *data, std::size_t length, quint64 seed)
{
    const auto *p = static_cast<const unsigned char *>(data);
    const unsigned char *const end = p + length;
    quint64 h;
    if (length >= 32) {
        const unsigned char *const limit = end - 32;
        quint64 v1 = seed + Prime1 + Prime2;
        quint64 v2 = seed + Prime2;
        quint64 v3 = seed;
        quint64 v4 = seed - Prime1;
        do {
            v1 = round(v1, read64(p));
            v2 = round(v2, read64(p + 8));
            v3 = round(v3, read64(p + 16));
            v4 = round(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = mergeRound(h, v1);
        h = mergeRound(h, v2);
        h = mergeRound(h, v3);
        h = mergeRound(h, v4);
    } else {
        h = seed + Prime5;
    }
    h += quint64(length);
    while (p + 8 <= end) {
        h ^= round(0, read64(p));
        h = rotl(h, 27) * Prime1 + Prime4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= quint64(read32(p)) * Prime1;
        h = rotl(h, 23) * Prime2 + Prime3;
        p += 4;
    }
    while (p < end) {
        h ^= quint64(*p) * Prime5;
        h = rotl(h, 11) * Prime1;
        ++p;
    }
    h ^= h >> 33;
    h *= Prime2;
    h ^= h >> 29;
    h *= Prime3;
    h ^= h >> 32;
    return h;
}

quint64 xxHash64(std::string_view bytes, quint64 seed)
{
    return xxHash64(bytes.data(), bytes.size(), seed);
}

quint64 xxHash64(const QByteArray &bytes, quint64 seed)
{
    return xxHash64(bytes.constData(), std::size_t(bytes.size()), seed);
}

quint64 xxHash64(const QString &text, quint64 seed)
{
    return xxHash64(text.toUtf8(), seed);
}

} // namespace sift
