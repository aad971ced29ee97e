#pragma once

// An in-memory HttpTransport: requests wait until the test answers them, so a test decides exactly
// what each attempt returns and when, and can count what is in flight at any moment.

#include "llm/httptransport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>

namespace sift::test {

class ScriptedTransport final : public HttpTransport
{
public:
    struct Sent
    {
        quint64 handle = 0;
        QString pool;
        HttpRequestSpec request;
        HttpTimeouts timeouts;
    };

    void configurePool(const QString &pool, int concurrency) override { pools[pool] = concurrency; }

    quint64 send(const QString &pool, const HttpRequestSpec &request, const HttpTimeouts &timeouts,
                 Done done) override
    {
        const quint64 handle = ++m_next;
        m_pending.emplace(handle, Pending{Sent{handle, pool, request, timeouts}, std::move(done)});
        sent.append(Sent{handle, pool, request, timeouts});
        maxInFlight = std::max(maxInFlight, int(m_pending.size()));
        return handle;
    }

    void abort(quint64 handle) override
    {
        HttpResponse r;
        r.outcome = HttpResponse::Outcome::Cancelled;
        respond(handle, r);
    }

    int inFlight() const { return int(m_pending.size()); }
    QList<quint64> pendingHandles() const
    {
        QList<quint64> out;
        for (const auto &[h, p] : m_pending)
            out.append(h);
        return out;
    }
    // The oldest request still waiting for an answer.
    quint64 oldest() const { return m_pending.empty() ? 0 : m_pending.begin()->first; }

    void respond(quint64 handle, const HttpResponse &response)
    {
        auto it = m_pending.find(handle);
        if (it == m_pending.end())
            return;
        Done done = std::move(it->second.done);
        m_pending.erase(it);
        done(response);
        // As after a real reply, control returns to the event loop: what the client queued runs.
        QCoreApplication::sendPostedEvents();
    }
    // Answers the oldest pending request.
    void respondNext(const HttpResponse &response) { respond(oldest(), response); }

    static HttpResponse reply(int status, const QByteArray &body, QHash<QByteArray, QByteArray> headers = {})
    {
        HttpResponse r;
        r.status = status;
        r.body = body;
        r.headers = std::move(headers);
        r.latencyMs = 5;
        return r;
    }
    // An OpenAI-shaped success.
    static HttpResponse openAiOk(const QString &text, int promptTokens = 10, int completionTokens = 5)
    {
        const QJsonObject o{
            {QStringLiteral("id"), QStringLiteral("chatcmpl-1")},
            {QStringLiteral("choices"),
             QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                    {QStringLiteral("message"),
                                     QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                 {QStringLiteral("content"), text}}},
                                    {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                                  {QStringLiteral("completion_tokens"), completionTokens}}}};
        return reply(200, QJsonDocument(o).toJson(QJsonDocument::Compact), {{"x-request-id", "req_test"}});
    }
    static HttpResponse failure(HttpResponse::Outcome outcome)
    {
        HttpResponse r;
        r.outcome = outcome;
        r.transportError = QStringLiteral("Connection reset by peer");
        return r;
    }

    QHash<QString, int> pools;
    QList<Sent> sent;
    int maxInFlight = 0;

private:
    struct Pending
    {
        Sent sent;
        Done done;
    };
    std::map<quint64, Pending> m_pending;
    quint64 m_next = 0;
};

} // namespace sift::test
