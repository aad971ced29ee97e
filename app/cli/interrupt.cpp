#include "interrupt.h"

#include "cliutil.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace sift::cli {

namespace {
int pipeFds[2] = {-1, -1};
struct sigaction previousInt;
struct sigaction previousTerm;

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(pipeFds[1], &byte, 1);
}
} // namespace

InterruptWatcher::InterruptWatcher(std::function<void()> onFirst, QObject *parent) : QObject(parent), m_onFirst(std::move(onFirst))
{
    if (::pipe(pipeFds) != 0)
        return;
    ::fcntl(pipeFds[1], F_SETFL, O_NONBLOCK);
    auto *notifier = new QSocketNotifier(pipeFds[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(pipeFds[0], &byte, 1);
        if (m_seen) {
            err() << "\nsift-cli: stopped at once.\n";
            err().flush();
            ::_exit(Cancelled);
        }
        m_seen = true;
        err() << "\nsift-cli: stopping; everything finished so far is kept (Ctrl-C again to quit at once).\n";
        err().flush();
        m_onFirst();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &previousInt);
    ::sigaction(SIGTERM, &action, &previousTerm);
}

InterruptWatcher::~InterruptWatcher()
{
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);
    if (pipeFds[0] >= 0) {
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        pipeFds[0] = pipeFds[1] = -1;
    }
}

} // namespace sift::cli
