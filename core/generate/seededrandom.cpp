#include "seededrandom.h"

namespace sift {

quint64 SeededRandom::mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 SeededRandom::hash(const QString &text)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (const char c : text.toUtf8()) {
        h ^= quint8(c);
        h *= 0x100000001b3ULL;
    }
    return mix(h);
}

SeededRandom::SeededRandom(quint64 seed, const QString &stream, quint64 index, quint64 subIndex)
    : m_state(mix(mix(mix(seed) ^ hash(stream)) ^ index) ^ mix(subIndex + 0x51ed27ULL))
{
}

quint64 SeededRandom::next()
{
    m_state += 0x9e3779b97f4a7c15ULL;
    quint64 z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double SeededRandom::unit()
{
    return double(next() >> 11) * (1.0 / 9007199254740992.0);  // 53 random bits
}

int SeededRandom::pick(const QList<double> &weights, double u)
{
    double total = 0;
    for (double w : weights)
        total += w > 0 ? w : 0;
    if (total <= 0)
        return -1;
    const double target = u * total;
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0)
            continue;
        cumulative += weights[i];
        last = i;
        if (target < cumulative)
            return i;
    }
    return last;  // u * total rounded up to the total
}

int SeededRandom::weighted(const QList<double> &weights)
{
    return pick(weights, unit());
}

} // namespace sift
