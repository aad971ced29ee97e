#pragma once

#include <QObject>

#include <functional>

namespace sift::cli {

// Ctrl-C during a long command: the first one asks the work to stop cleanly (everything done so far
// is kept and resumable), a second one quits at once. Signals reach the event loop through a pipe,
// the only safe way out of a signal handler.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(std::function<void()> onFirst, QObject *parent = nullptr);
    ~InterruptWatcher() override;

private:
    std::function<void()> m_onFirst;
    bool m_seen = false;
};

} // namespace sift::cli
