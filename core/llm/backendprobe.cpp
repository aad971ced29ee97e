#include "backendprobe.h"

#include "httptransport.h"
#include "llmclient.h"
#include "provider.h"

#include <QJsonArray>

namespace sift {

struct BackendProbe::Pending
{
    BackendConfig config;
    ProbeReport report;
    int outstanding = 3;
};

QString ProbeReport::structuredName(Structured s)
{
    switch (s) {
    case Structured::Enforced:
        return QStringLiteral("enforced");
    case Structured::NotEnforced:
        return QStringLiteral("not enforced");
    case Structured::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

BackendProbe::BackendProbe(HttpTransport *transport, Clock *clock, LlmCallStore *store, QObject *parent)
    : QObject(parent), m_transport(transport), m_store(store),
      m_client(std::make_unique<LlmClient>(transport, clock, store, LlmClient::Options{0, false}))
{
    qRegisterMetaType<sift::ProbeReport>();
}

BackendProbe::~BackendProbe() = default;

QJsonObject BackendProbe::probeSchema()
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("verdict_code"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                                  {QStringLiteral("enum"), QJsonArray{QStringLiteral("P7"), QStringLiteral("Q2")}}}},
                     {QStringLiteral("tally"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("verdict_code"), QStringLiteral("tally")}},
        {QStringLiteral("additionalProperties"), false}};
}

std::shared_ptr<BackendProbe::Pending> BackendProbe::track(const BackendConfig &config, const KeyLookup &key, int outstanding)
{
    auto p = std::make_shared<Pending>();
    p->config = config;
    p->report.backend = config.name;
    p->report.keySource = key.source;
    p->outstanding = outstanding;
    m_pending.insert(config.name, p);
    return p;
}

void BackendProbe::askForModel(const std::shared_ptr<Pending> &p, const KeyLookup &key, bool alone)
{
    const BackendConfig &config = p->config;
    const auto provider = Provider::create(config.provider);
    const HttpTimeouts timeouts{int(config.connectTimeoutSeconds * 1000), int(std::min(config.timeoutSeconds, 60.0) * 1000)};
    m_transport->send(config.name, provider->modelProbe(config, key.key), timeouts,
                      [this, p, alone, keyValue = key.key](const HttpResponse &r) {
                          const auto provider = Provider::create(p->config.provider);
                          p->report.modelProblem = redactSecrets(provider->modelProbeProblem(r, p->config), {keyValue});
                          p->report.modelPresent = p->report.modelProblem.isEmpty();
                          if (alone) {
                              // The lookup is the whole check: an answer of any status means reachable.
                              p->report.reachable = r.outcome == HttpResponse::Outcome::Received;
                              p->report.latencyMs = r.latencyMs;
                              if (!p->report.reachable)
                                  p->report.chatProblem = redactSecrets(r.transportError, {keyValue});
                          }
                          step(p->config.name);
                      });
}

void BackendProbe::probe(const QList<QPair<BackendConfig, KeyLookup>> &backends)
{
    if (backends.isEmpty()) {
        QMetaObject::invokeMethod(this, &BackendProbe::finished, Qt::QueuedConnection);
        return;
    }
    for (const auto &[config, key] : backends) {
        const auto p = track(config, key, 3);
        p->config.maxAttempts = std::min(config.maxAttempts, 2);  // a probe reports; it does not insist
        m_client->addBackend(p->config, key);
        if (unusable(*p, key))
            continue;
        askForModel(p, key, false);

        ChatRequest hello;
        hello.messages = {{QStringLiteral("user"), QStringLiteral("Reply with the single word: ready")}};
        hello.maxTokens = 16;
        hello.temperature = 0.0;
        hello.purpose = QStringLiteral("probe");
        hello.useCache = false;
        m_client->submit(config.name, hello, [this, p](const ChatResult &r) {
            p->report.reachable = r.ok();
            p->report.latencyMs = r.completion.latencyMs;
            p->report.chatProblem = r.error;
            p->report.chatHint = r.hint;
            step(p->config.name);
        });

        ChatRequest constrained;
        constrained.messages = {{QStringLiteral("user"), QStringLiteral("Say hello.")}};
        constrained.maxTokens = 64;
        constrained.temperature = 0.0;
        constrained.responseSchema = probeSchema();
        constrained.schemaName = QStringLiteral("probe");
        constrained.maxInvalidRetries = 0;
        constrained.purpose = QStringLiteral("probe");
        constrained.useCache = false;
        m_client->submit(config.name, constrained, [this, p](const ChatResult &r) {
            if (r.ok()) {
                p->report.structured = ProbeReport::Structured::Enforced;
                p->report.structuredDetail = p->config.structuredOutput == QLatin1String("prompt")
                                                 ? QStringLiteral("asked for in the prompt and followed")
                                                 : QStringLiteral("the provider returned schema-valid JSON unprompted");
            } else if (r.status == CallStatus::InvalidReply) {
                p->report.structured = ProbeReport::Structured::NotEnforced;
                p->report.structuredDetail =
                    p->config.structuredOutput == QLatin1String("prompt")
                        ? QStringLiteral("the model did not follow the schema asked for in the prompt")
                        : QStringLiteral("the reply did not follow the schema: this server ignores the provider's "
                                         "structured-output field; set structured_output: prompt");
            } else {
                p->report.structuredDetail = r.error;
            }
            step(p->config.name);
        });
    }
}

bool BackendProbe::unusable(Pending &p, const KeyLookup &key)
{
    const BackendConfig &config = p.config;
    if (key.found() && Provider::create(config.provider))
        return false;
    // Without a key or a known provider there is nothing to ask: the report says why, at once.
    p.report.chatProblem = key.found() ? QStringLiteral("unknown provider %1").arg(config.provider) : key.problem;
    p.report.modelProblem = p.report.chatProblem;
    if (!key.found())
        p.report.chatHint =
            QStringLiteral("export %1=... first, or store the key in the system keychain under that name").arg(config.apiKeyEnv);
    p.outstanding = 1;
    QMetaObject::invokeMethod(this, [this, name = config.name] { step(name); }, Qt::QueuedConnection);
    return true;
}

void BackendProbe::lookUp(const QList<QPair<BackendConfig, KeyLookup>> &backends)
{
    if (backends.isEmpty()) {
        QMetaObject::invokeMethod(this, &BackendProbe::finished, Qt::QueuedConnection);
        return;
    }
    for (const auto &[config, key] : backends) {
        const auto p = track(config, key, 1);
        if (!unusable(*p, key))
            askForModel(p, key, true);
    }
}

void BackendProbe::step(const QString &backend)
{
    const auto p = m_pending.value(backend);
    if (!p || --p->outstanding > 0)
        return;
    m_pending.remove(backend);
    Q_EMIT reportReady(p->report);
    if (m_pending.isEmpty())
        Q_EMIT finished();
}

} // namespace sift
