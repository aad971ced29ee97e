#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace sift {

// Deterministic randomness for sampling: every draw is a pure function of (project seed, a stream
// name, indices), the same on every platform and compiler, so a scenario, persona or flaw roll can
// be recomputed from its coordinates alone and a resumed run draws what the first run drew.
class SeededRandom
{
public:
    SeededRandom(quint64 seed, const QString &stream, quint64 index = 0, quint64 subIndex = 0);

    quint64 next();
    double unit();  // [0, 1)
    // An index into `weights` with probability proportional to its weight; -1 when none is positive.
    int weighted(const QList<double> &weights);
    bool chance(double probability) { return unit() < probability; }

    // SplitMix64's finaliser: a good 64-bit mix.
    static quint64 mix(quint64 x);
    // A stable 64-bit hash of text (FNV-1a over UTF-8, then mixed): never std::hash.
    static quint64 hash(const QString &text);
    // The index `weights` maps a quantile u in [0, 1) to.
    static int pick(const QList<double> &weights, double u);

private:
    quint64 m_state;
};

} // namespace sift
