#pragma once

#include "chat.h"
#include "keys.h"
#include "project/manifest.h"

#include <QObject>

#include <memory>

namespace sift {

class Clock;
class HttpTransport;
class LlmCallStore;
class LlmClient;

// What probing one backend found: can it be reached, does it serve the model, how fast, and does
// it really enforce a JSON Schema (or, with structured_output: prompt, follow one asked for).
struct ProbeReport
{
    enum class Structured { Unknown, Enforced, NotEnforced };

    QString backend;
    QString keySource;
    bool modelPresent = false;
    QString modelProblem;
    bool reachable = false;   // a chat request was answered
    qint64 latencyMs = 0;
    QString chatProblem;
    QString chatHint;
    Structured structured = Structured::Unknown;
    QString structuredDetail;

    bool ok() const { return reachable && modelPresent && structured == Structured::Enforced; }
    static QString structuredName(Structured s);
};

// Probes backends: the provider's model lookup, one tiny chat request, and one request constrained
// by a schema whose property names nobody would guess, without telling the model the format: a
// valid reply means the schema is enforced. Probe calls bypass the cache and are logged as
// purpose "probe".
class BackendProbe : public QObject
{
    Q_OBJECT
public:
    BackendProbe(HttpTransport *transport, Clock *clock, LlmCallStore *store, QObject *parent = nullptr);
    ~BackendProbe() override;

    // Starts probing; reportReady() follows once per backend, then finished().
    void probe(const QList<QPair<BackendConfig, KeyLookup>> &backends);
    // Only the provider's model lookup, which costs nothing: reachable means the server answered
    // (with any status); model and key problems are reported as the lookup found them.
    void lookUp(const QList<QPair<BackendConfig, KeyLookup>> &backends);

    static QJsonObject probeSchema();

Q_SIGNALS:
    void reportReady(const sift::ProbeReport &report);
    void finished();

private:
    struct Pending;
    void step(const QString &backend);
    std::shared_ptr<Pending> track(const BackendConfig &config, const KeyLookup &key, int outstanding);
    // The provider's model lookup; `alone`: it is the whole check, and its answer says whether the
    // backend is reachable.
    void askForModel(const std::shared_ptr<Pending> &p, const KeyLookup &key, bool alone);
    // True (and the report on its way) when the backend has no key or an unknown provider.
    bool unusable(Pending &p, const KeyLookup &key);

    HttpTransport *m_transport;
    LlmCallStore *m_store;
    std::unique_ptr<LlmClient> m_client;
    QHash<QString, std::shared_ptr<Pending>> m_pending;
};

} // namespace sift

Q_DECLARE_METATYPE(sift::ProbeReport)
