#include "chatsubmitter.h"

#include "llmclient.h"

#include <QPointer>

namespace sift {

quint64 DirectSubmitter::submit(const QString &backend, const ChatRequest &request, QObject *context, Callback done)
{
    QPointer<QObject> target(context);
    const bool hasContext = context != nullptr;
    return m_client.submit(backend, request, [target, hasContext, done](const ChatResult &r) {
        if (done && (!hasContext || target))
            done(r);
    });
}

void DirectSubmitter::cancel(quint64 id)
{
    m_client.cancel(id);
}

void DirectSubmitter::cancelAll()
{
    m_client.cancelAll();
}

} // namespace sift
