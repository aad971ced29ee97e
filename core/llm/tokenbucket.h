#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace sift {

// A client-side budget of so many units per minute (requests or tokens), refilled continuously.
// It starts full; a take may drive it below zero (a reply used more tokens than estimated), which
// later requests then wait out.
class TokenBucket
{
public:
    TokenBucket() = default;
    explicit TokenBucket(double perMinute) : m_capacity(perMinute), m_level(perMinute) {}

    bool enabled() const { return m_capacity > 0; }

    // The earliest time `amount` can be taken (now if it can be taken at once).
    qint64 availableAt(qint64 nowMs, double amount)
    {
        if (!enabled())
            return nowMs;
        refill(nowMs);
        amount = std::min(amount, m_capacity);  // a request larger than the budget waits for a full bucket
        if (m_level >= amount)
            return nowMs;
        return nowMs + qint64(std::ceil((amount - m_level) / ratePerMs()));
    }
    void take(qint64 nowMs, double amount)
    {
        if (!enabled())
            return;
        refill(nowMs);
        m_level -= amount;
    }
    // Gives back (or takes more) once the real cost is known.
    void correct(double estimateMinusActual)
    {
        if (enabled())
            m_level = std::min(m_capacity, m_level + estimateMinusActual);
    }
    double level() const { return m_level; }

private:
    double ratePerMs() const { return m_capacity / 60000.0; }
    void refill(qint64 nowMs)
    {
        if (nowMs > m_updatedMs)
            m_level = std::min(m_capacity, m_level + double(nowMs - m_updatedMs) * ratePerMs());
        m_updatedMs = std::max(m_updatedMs, nowMs);
    }

    double m_capacity = 0;
    double m_level = 0;
    qint64 m_updatedMs = 0;
};

} // namespace sift
