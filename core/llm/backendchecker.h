#pragma once

#include "backendprobe.h"
#include "keys.h"

#include <QObject>

#include <memory>

namespace sift {

class ProjectStore;
class ProjectCallStore;
class QtHttpTransport;
class SystemClock;

// Checks a project's backends for a window, asynchronously on the caller's thread (the network is
// asynchronous and nothing waits): each key is looked up (environment, then keychain; the key
// stays inside), then the backend is probed. A lookup asks only for the model list and costs
// nothing; a full check also sends a tiny chat request and a schema-constrained one, logged in the
// project's call log like any call.
class BackendChecker : public QObject
{
    Q_OBJECT

public:
    enum class Depth { Lookup, Full };

    explicit BackendChecker(const KeyResolver &keys, QObject *parent = nullptr);
    ~BackendChecker() override;

    // False while a check is still running.
    bool check(const QList<BackendConfig> &backends, const QString &databasePath, Depth depth);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void reportReady(const sift::ProbeReport &report);
    void finished();

private:
    void probe(const QList<QPair<BackendConfig, KeyLookup>> &keyed, Depth depth);

    KeyResolver m_keys;
    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<ProjectCallStore> m_callStore;
    std::unique_ptr<QtHttpTransport> m_transport;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<BackendProbe> m_probe;
    bool m_running = false;
    quint64 m_generation = 0;
};

} // namespace sift
