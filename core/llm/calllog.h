#pragma once

#include "store/records.h"

#include <optional>

namespace sift {

class ProjectStore;

// Where the LLM layer keeps its response cache and call log. An interface so the client can run
// without a project (probes) and tests can watch every row.
class LlmCallStore
{
public:
    virtual ~LlmCallStore() = default;
    virtual std::optional<CachedReply> cachedReply(const QString &requestHash) = 0;
    // Writes a group of calls' rows at once (one transaction where the store has them); returns an
    // error text, empty on success.
    virtual QString write(const QList<LlmCallEntry> &entries) = 0;
};

// The project database as the LLM layer's store. Must be used on the thread that opened `store`.
class ProjectCallStore final : public LlmCallStore
{
public:
    explicit ProjectCallStore(ProjectStore &store) : m_store(store) {}
    std::optional<CachedReply> cachedReply(const QString &requestHash) override;
    QString write(const QList<LlmCallEntry> &entries) override;

private:
    ProjectStore &m_store;
};

} // namespace sift
