#include "calllog.h"

#include "store/projectstore.h"

namespace sift {

std::optional<CachedReply> ProjectCallStore::cachedReply(const QString &requestHash)
{
    const auto r = m_store.cachedReply(requestHash);
    return r ? *r : std::nullopt;  // an unreadable cache is a miss: the request is simply made
}

QString ProjectCallStore::write(const QList<LlmCallEntry> &entries)
{
    const Status s = m_store.saveLlmCalls(entries);
    return s ? QString() : s.errorText();
}

} // namespace sift
