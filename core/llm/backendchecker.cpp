#include "backendchecker.h"

#include "calllog.h"
#include "clock.h"
#include "httptransport.h"
#include "store/projectstore.h"

#include <QPointer>

namespace sift {

BackendChecker::BackendChecker(const KeyResolver &keys, QObject *parent) : QObject(parent), m_keys(keys) {}

BackendChecker::~BackendChecker()
{
    // The probe goes before the transport and store it uses.
    m_probe.reset();
}

bool BackendChecker::check(const QList<BackendConfig> &backends, const QString &databasePath, Depth depth)
{
    if (m_running)
        return false;
    m_running = true;
    const quint64 generation = ++m_generation;
    m_probe.reset();
    m_callStore.reset();
    m_store.reset();
    if (depth == Depth::Full && !databasePath.isEmpty()) {
        if (auto store = ProjectStore::open(databasePath)) {
            m_store = std::move(*store);
            m_callStore = std::make_unique<ProjectCallStore>(*m_store);
        }
    }
    auto keyed = std::make_shared<QList<QPair<BackendConfig, KeyLookup>>>();
    auto remaining = std::make_shared<int>(int(backends.size()));
    if (backends.isEmpty()) {
        probe({}, depth);
        return true;
    }
    for (const BackendConfig &b : backends) {
        keyed->append({b, {}});
        const int index = int(keyed->size()) - 1;
        m_keys.resolve(b, this, [this, keyed, remaining, index, depth, generation](const KeyLookup &lookup) {
            (*keyed)[index].second = lookup;
            if (--*remaining == 0 && generation == m_generation)
                probe(*keyed, depth);
        });
    }
    return true;
}

void BackendChecker::probe(const QList<QPair<BackendConfig, KeyLookup>> &keyed, Depth depth)
{
    if (!m_transport) {
        m_transport = std::make_unique<QtHttpTransport>();
        m_clock = std::make_unique<SystemClock>();
    }
    m_probe = std::make_unique<BackendProbe>(m_transport.get(), m_clock.get(), m_callStore.get());
    connect(m_probe.get(), &BackendProbe::reportReady, this, &BackendChecker::reportReady);
    connect(m_probe.get(), &BackendProbe::finished, this, [this] {
        m_running = false;
        Q_EMIT finished();
    });
    if (depth == Depth::Full)
        m_probe->probe(keyed);
    else
        m_probe->lookUp(keyed);
}

} // namespace sift
