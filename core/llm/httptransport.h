#pragma once

#include "http.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace sift {

// Sends HTTP requests for the LLM layer. An interface, so the client can be driven by something
// other than the network; used from the thread that owns it.
class HttpTransport : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const HttpResponse &)>;
    using QObject::QObject;

    // Prepares a pool of connections (one per backend) for `concurrency` simultaneous requests.
    virtual void configurePool(const QString &pool, int concurrency) = 0;
    // Sends `request` on `pool`; `done` runs exactly once on this thread, possibly from inside
    // abort(). Returns a handle for abort().
    virtual quint64 send(const QString &pool, const HttpRequestSpec &request, const HttpTimeouts &timeouts, Done done) = 0;
    // Ends a request at once; its `done` sees Outcome::Cancelled.
    virtual void abort(quint64 handle) = 0;
};

// The real transport over QNetworkAccessManager. A manager opens at most six HTTP/1.1 connections
// per host, so a pool holds ceil(concurrency / 6) managers and gives each request to the least
// busy one; HTTP/2 is allowed wherever the server offers it.
class QtHttpTransport final : public HttpTransport
{
    Q_OBJECT
public:
    static constexpr int ConnectionsPerManager = 6;

    explicit QtHttpTransport(QObject *parent = nullptr);
    ~QtHttpTransport() override;

    void configurePool(const QString &pool, int concurrency) override;
    quint64 send(const QString &pool, const HttpRequestSpec &request, const HttpTimeouts &timeouts, Done done) override;
    void abort(quint64 handle) override;

    int managerCount(const QString &pool) const;

private:
    enum class AbortReason { None, Cancelled, ConnectTimeout };
    struct Pool
    {
        std::vector<QNetworkAccessManager *> managers;
        std::vector<int> load;
    };
    struct Active
    {
        QNetworkReply *reply = nullptr;
        QString pool;
        int manager = 0;
        qint64 startedMs = 0;
        qint64 connectDeadlineMs = 0;  // until the request has left; 0 once it has
        AbortReason aborted = AbortReason::None;
        Done done;
    };

    Pool &pool(const QString &name);
    void finish(quint64 handle);
    void checkConnectDeadlines();

    QHash<QString, Pool> m_pools;
    QHash<quint64, Active> m_active;
    quint64 m_nextHandle = 0;
    QElapsedTimer m_elapsed;
    // One timer for every connect deadline: a timer object per request costs more than the request.
    QTimer *m_connectWatch;
};

} // namespace sift
