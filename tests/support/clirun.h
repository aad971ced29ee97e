#pragma once

// Runs sift-cli (SIFT_CLI_PATH, defined by each CLI test target) as a user would, and collects what it
// printed and how it exited.

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace sift::test {

struct CliRun
{
    int exitCode = -1;  // -1: it crashed or did not finish in time
    QString out;
    QString err;
};

// The environment sift-cli runs in: the test's own, without the OS keychain, so no test reads or
// writes the user's keys.
inline QProcessEnvironment cliEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SIFT_NO_KEYCHAIN"), QStringLiteral("1"));
    return env;
}

// Started, not waited for: for tests that signal the process or feed it input.
inline QProcess *launchCli(const QStringList &args, const QProcessEnvironment &env = cliEnvironment())
{
    auto *p = new QProcess;
    p->setProcessEnvironment(env);
    p->start(QStringLiteral(SIFT_CLI_PATH), args);
    return p;
}

inline CliRun collectCli(QProcess *process, int timeoutMs = 120000)
{
    std::unique_ptr<QProcess> owned(process);
    if (!process->waitForFinished(timeoutMs))
        return {};
    return {process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1,
            QString::fromUtf8(process->readAllStandardOutput()), QString::fromUtf8(process->readAllStandardError())};
}

inline CliRun runCli(const QStringList &args, const QProcessEnvironment &env = cliEnvironment())
{
    return collectCli(launchCli(args, env));
}

} // namespace sift::test
