#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>

namespace sift {

// Time as the LLM layer sees it: a monotonic millisecond count, the wall clock (for HTTP dates)
// and callbacks at a future time. Injected, so tests assert backoff and cooldown without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    virtual QDateTime nowUtc() const = 0;
    // Runs `fn` on `context`'s thread at `atMs` (or soon after); never if `context` is gone.
    virtual void callAt(qint64 atMs, QObject *context, std::function<void()> fn) = 0;
};

// The real clock: QElapsedTimer and single-shot timers on the caller's event loop.
class SystemClock final : public Clock
{
public:
    SystemClock() { m_elapsed.start(); }
    qint64 nowMs() const override { return m_elapsed.elapsed(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    void callAt(qint64 atMs, QObject *context, std::function<void()> fn) override;

private:
    QElapsedTimer m_elapsed;
};

// A clock that moves only when told: advance() runs every callback that falls due, in time order.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)) : m_start(std::move(start)) {}
    qint64 nowMs() const override { return m_now; }
    QDateTime nowUtc() const override { return m_start.addMSecs(m_now); }
    void callAt(qint64 atMs, QObject *context, std::function<void()> fn) override;

    void advance(qint64 ms);
    // The earliest pending callback's time, or -1.
    qint64 nextDue() const { return m_pending.empty() ? -1 : m_pending.begin()->first; }
    int pendingCount() const { return int(m_pending.size()); }

private:
    struct Pending
    {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    QDateTime m_start;
    qint64 m_now = 0;
    std::multimap<qint64, Pending> m_pending;
};

} // namespace sift
