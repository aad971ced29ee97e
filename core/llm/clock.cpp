#include "clock.h"

#include <QTimer>

namespace sift {

void SystemClock::callAt(qint64 atMs, QObject *context, std::function<void()> fn)
{
    const qint64 delay = std::max<qint64>(0, atMs - nowMs());
    QTimer::singleShot(std::chrono::milliseconds(delay), Qt::PreciseTimer, context, std::move(fn));
}

void ManualClock::callAt(qint64 atMs, QObject *context, std::function<void()> fn)
{
    m_pending.emplace(atMs, Pending{context, std::move(fn)});
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_now + ms;
    // Callbacks may schedule more callbacks; those due before the target run too.
    while (!m_pending.empty() && m_pending.begin()->first <= target) {
        auto it = m_pending.begin();
        m_now = std::max(m_now, it->first);
        Pending p = std::move(it->second);
        m_pending.erase(it);
        if (p.context)
            p.fn();
    }
    m_now = target;
}

} // namespace sift
