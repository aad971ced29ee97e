#include "httptransport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace sift {

namespace {
constexpr int ConnectWatchIntervalMs = 25;
}

QtHttpTransport::QtHttpTransport(QObject *parent) : HttpTransport(parent), m_connectWatch(new QTimer(this))
{
    m_elapsed.start();
    m_connectWatch->setInterval(ConnectWatchIntervalMs);
    connect(m_connectWatch, &QTimer::timeout, this, &QtHttpTransport::checkConnectDeadlines);
}

QtHttpTransport::~QtHttpTransport()
{
    // Replies still running are aborted without calling back into a client that may be gone.
    const QList<quint64> handles = m_active.keys();
    for (quint64 h : handles) {
        Active a = m_active.take(h);
        a.reply->disconnect(this);
        a.reply->abort();
        delete a.reply;
    }
}

void QtHttpTransport::configurePool(const QString &name, int concurrency)
{
    Pool &p = m_pools[name];
    const std::size_t wanted = std::size_t((std::max(1, concurrency) + ConnectionsPerManager - 1) / ConnectionsPerManager);
    while (p.managers.size() < wanted) {
        auto *manager = new QNetworkAccessManager(this);
        manager->setAutoDeleteReplies(false);
        p.managers.push_back(manager);
        p.load.push_back(0);
    }
}

int QtHttpTransport::managerCount(const QString &name) const
{
    return int(m_pools.value(name).managers.size());
}

QtHttpTransport::Pool &QtHttpTransport::pool(const QString &name)
{
    if (!m_pools.contains(name))
        configurePool(name, ConnectionsPerManager);
    return m_pools[name];
}

quint64 QtHttpTransport::send(const QString &poolName, const HttpRequestSpec &spec, const HttpTimeouts &timeouts, Done done)
{
    Pool &p = pool(poolName);
    const int index = int(std::min_element(p.load.begin(), p.load.end()) - p.load.begin());
    ++p.load[std::size_t(index)];

    QNetworkRequest request(spec.url);
    for (const auto &[name, value] : spec.headers)
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(timeouts.transferMs);

    QNetworkAccessManager *manager = p.managers[std::size_t(index)];
    QNetworkReply *reply = spec.method == "GET" ? manager->get(request)
                                                : manager->sendCustomRequest(request, spec.method, spec.body);
    const quint64 handle = ++m_nextHandle;
    const qint64 now = m_elapsed.elapsed();
    m_active.insert(handle, Active{reply, poolName, index, now, now + std::max(1, timeouts.connectMs), AbortReason::None,
                                   std::move(done)});
    // Qt has no connect timeout of its own: the deadline holds until the request has been sent.
    connect(reply, &QNetworkReply::requestSent, this, [this, handle] {
        const auto it = m_active.find(handle);
        if (it != m_active.end())
            it->connectDeadlineMs = 0;
    });
    connect(reply, &QNetworkReply::finished, this, [this, handle] { finish(handle); });
    if (!m_connectWatch->isActive())
        m_connectWatch->start();
    return handle;
}

void QtHttpTransport::checkConnectDeadlines()
{
    const qint64 now = m_elapsed.elapsed();
    QList<quint64> late;
    bool waiting = false;
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it) {
        if (it->connectDeadlineMs == 0)
            continue;
        if (it->connectDeadlineMs <= now)
            late.append(it.key());
        else
            waiting = true;
    }
    for (quint64 handle : late) {
        const auto it = m_active.find(handle);
        if (it == m_active.end())
            continue;
        it->aborted = AbortReason::ConnectTimeout;
        it->reply->abort();  // finish() runs from inside
    }
    if (!waiting)
        m_connectWatch->stop();
}

void QtHttpTransport::abort(quint64 handle)
{
    auto it = m_active.find(handle);
    if (it == m_active.end())
        return;
    it->aborted = AbortReason::Cancelled;
    it->reply->abort();  // emits finished() synchronously, which runs finish()
}

void QtHttpTransport::finish(quint64 handle)
{
    auto it = m_active.find(handle);
    if (it == m_active.end())
        return;
    Active a = std::move(*it);
    m_active.erase(it);
    Pool &p = m_pools[a.pool];
    --p.load[std::size_t(a.manager)];

    QNetworkReply *reply = a.reply;
    HttpResponse r;
    r.latencyMs = m_elapsed.elapsed() - a.startedMs;
    const QNetworkReply::NetworkError error = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (a.aborted == AbortReason::Cancelled) {
        r.outcome = HttpResponse::Outcome::Cancelled;
    } else if (a.aborted == AbortReason::ConnectTimeout) {
        r.outcome = HttpResponse::Outcome::ConnectTimeout;
    } else if (error == QNetworkReply::OperationCanceledError) {
        // Nobody here aborted it: Qt's transfer timeout did.
        r.outcome = HttpResponse::Outcome::TransferTimeout;
    } else if ((error > QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied) || status == 0) {
        // Connection, proxy and TLS failures, and bodies cut short: nothing trustworthy arrived.
        r.outcome = HttpResponse::Outcome::ConnectionFailed;
    }
    if (r.outcome != HttpResponse::Outcome::Received) {
        r.transportError = reply->errorString();
    } else {
        r.status = status;
        const auto pairs = reply->rawHeaderPairs();
        r.headers.reserve(pairs.size());
        for (const auto &[name, value] : pairs)
            r.headers.insert(name.toLower(), value);
        r.body = reply->readAll();
    }
    reply->disconnect(this);
    reply->deleteLater();
    a.done(r);
}

} // namespace sift
