#pragma once

#include "chat.h"

#include <QObject>

#include <functional>

namespace sift {

class LlmClient;

// Where the engine sends chat requests: the threaded LlmService in the application, the client
// itself (same thread) in tests and benchmarks.
class ChatSubmitter
{
public:
    using Callback = std::function<void(const ChatResult &)>;
    virtual ~ChatSubmitter() = default;
    // `done` runs on `context`'s thread, never from inside submit().
    virtual quint64 submit(const QString &backend, const ChatRequest &request, QObject *context, Callback done) = 0;
    virtual void cancel(quint64 id) = 0;
    virtual void cancelAll() = 0;
};

// A client used directly, on its own (and the caller's) thread.
class DirectSubmitter final : public ChatSubmitter
{
public:
    explicit DirectSubmitter(LlmClient &client) : m_client(client) {}
    quint64 submit(const QString &backend, const ChatRequest &request, QObject *context, Callback done) override;
    void cancel(quint64 id) override;
    void cancelAll() override;

private:
    LlmClient &m_client;
};

} // namespace sift
