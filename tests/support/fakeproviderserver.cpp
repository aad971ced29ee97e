#include "fakeproviderserver.h"

#include <QJsonDocument>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <sys/socket.h>

namespace sift::test::detail {

namespace {

QByteArray buildHead(const HttpReply &reply, const HeaderList &extra, bool close)
{
    const auto overridden = [&extra](QByteArrayView name) {
        for (const auto &h : extra) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    QByteArray head;
    head.reserve(256 + 64 * (reply.headers.size() + extra.size()));
    head += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    const auto add = [&head](QByteArrayView name, QByteArrayView value) {
        head.append(name).append(": ").append(value).append("\r\n");
    };
    const bool check = !extra.isEmpty();
    if (!check || !overridden("content-type"))
        add("Content-Type", reply.contentType);
    if (!check || !overridden("content-length"))
        add("Content-Length", QByteArray::number(reply.body.size()));
    add("Connection", close ? QByteArrayView("close") : QByteArrayView("keep-alive"));
    for (const auto &h : reply.headers) {
        if (!check || !overridden(h.first))
            add(h.first, h.second);
    }
    for (const auto &h : extra)
        add(h.first, h.second);
    head += "\r\n";
    return head;
}

void setReply(ReplyPlan &plan, const HttpReply &reply, const HeaderList &extra, bool close)
{
    plan.action = ReplyPlan::Action::Send;
    plan.head = buildHead(reply, extra, close);
    plan.body = reply.body;
}

} // namespace

ServerCore::ServerCore(std::shared_ptr<SharedState> state) : m_state(std::move(state)) {}

bool ServerCore::listen()
{
    m_server = new QTcpServer(this);
    m_server->setListenBacklogSize(1024);
    QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { onNewConnection(); });
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_timer, &QTimer::timeout, this, [this] { onTimer(); });
    m_clock.start();
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ServerCore::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ServerCore::shutdown()
{
    if (m_timer)
        m_timer->stop();
    m_pending.clear();
    while (!m_connections.empty())
        close(m_connections.begin()->first, CloseMode::Abort);
    delete m_server; // takes sockets still finishing a graceful close with it
    m_server = nullptr;
    delete m_timer;
    m_timer = nullptr;
}

Connection *ServerCore::find(int id)
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

void ServerCore::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto c = std::make_unique<Connection>();
        c->socket = socket;
        {
            QMutexLocker lock(&m_state->mutex);
            c->id = ++m_state->connectionIds;
            ++m_state->total;
            m_state->maxOpen = qMax(m_state->maxOpen, ++m_state->open);
        }
        const int id = c->id;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, id] { onReadyRead(id); });
        QObject::connect(socket, &QTcpSocket::disconnected, this,
                         [this, id] { close(id, CloseMode::ByPeer); });
        m_connections.emplace(id, std::move(c));
        if (socket->bytesAvailable() > 0)
            onReadyRead(id);
    }
}

void ServerCore::onReadyRead(int id)
{
    Connection *c = find(id);
    if (!c)
        return;
    c->in.append(c->socket->readAll());
    processInput(id);
}

// Answers every complete request in the buffer, stopping at one whose reply is deferred.
void ServerCore::processInput(int id)
{
    qsizetype pos = 0;
    Connection *c = find(id);
    while (c && !c->busy) {
        HttpRequest http;
        const Parse p = parseRequest(c->in, pos, http);
        if (p == Parse::Incomplete) {
            // curl waits for this before sending a large body.
            if (!c->continueSent && http.headers.value(QByteArrayLiteral("expect"))
                                            .compare("100-continue", Qt::CaseInsensitive) == 0) {
                c->socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
                c->continueSent = true;
            }
            break;
        }
        c->continueSent = false;
        if (p == Parse::Bad) {
            HttpReply bad = errorReply(Dialect::Unknown, 400, QStringLiteral("Malformed HTTP request."));
            c->socket->write(buildHead(bad, {}, true) + bad.body);
            close(id, CloseMode::Graceful);
            return;
        }
        const QByteArray connection = http.headers.value(QByteArrayLiteral("connection")).toLower();
        c->closeAfterReply = connection.contains("close") ||
                             (http.version == "HTTP/1.0" && !connection.contains("keep-alive"));
        handle(c, std::move(http));
        c = find(id);
    }
    if (c && pos > 0)
        c->in.remove(0, pos);
}

void ServerCore::handle(Connection *c, HttpRequest &&http)
{
    ReceivedRequest r;
    r.method = std::move(http.method);
    const qsizetype q = http.target.indexOf('?');
    r.path = q < 0 ? std::move(http.target) : http.target.first(q);
    if (q >= 0)
        r.query = http.target.sliced(q + 1);
    r.headers = std::move(http.headers);
    r.body = std::move(http.body);
    if (r.body.startsWith('{'))
        r.json = QJsonDocument::fromJson(r.body).object();
    r.connection = c->id;
    const RouteKind kind = route(r);
    const std::optional<HttpReply> invalid =
        kind == RouteKind::Completion ? validationError(r) : std::nullopt;

    std::optional<ScriptedReply> scripted;
    std::shared_ptr<const FakeProviderServer::Responder> responder;
    int latency = 0;
    int thoughts = 0;
    bool known = true;
    QStringList listed;
    FinishReason finish = FinishReason::Stop;
    {
        QMutexLocker lock(&m_state->mutex);
        r.sequence = ++m_state->sequence;
        ++m_state->received;
        if (m_state->recordRequests)
            m_state->requests.append(r);
        m_state->maxInFlight = qMax(m_state->maxInFlight, ++m_state->inFlight);
        // A request the real API would reject does not use up a scripted reply.
        if (kind == RouteKind::Completion && !invalid && !m_state->script.isEmpty())
            scripted = m_state->script.takeFirst();
        responder = m_state->responder;
        latency = m_state->latencyMs;
        thoughts = m_state->geminiThoughtsTokens;
        finish = m_state->finishReason;
        known = m_state->knownModels.isEmpty() || m_state->knownModels.contains(r.model);
        listed = m_state->knownModels;
    }
    ++c->inFlight;
    c->busy = true;

    auto plan = std::make_shared<ReplyPlan>();
    int delay = latency;
    switch (kind) {
    case RouteKind::NotFound:
        setReply(*plan, notFoundReply(r), {}, c->closeAfterReply);
        break;
    case RouteKind::Lookup:
        setReply(*plan, lookupReply(r, known, listed), {}, c->closeAfterReply);
        break;
    case RouteKind::Completion:
        if (invalid) {
            HttpReply reply = *invalid;
            reply.headers += requestIdHeaders(r);
            setReply(*plan, reply, {}, c->closeAfterReply);
        } else {
            const ScriptedReply s = scripted.value_or(ScriptedReply());
            if (s.delayMs >= 0)
                delay = s.delayMs;
            planScripted(*plan, s, r, responder, finish, thoughts, c->closeAfterReply);
        }
        break;
    }

    if (delay <= 0) {
        execute(c, plan);
        return;
    }
    schedule(m_clock.elapsed() + delay, c->id, std::move(plan));
}

void ServerCore::planScripted(ReplyPlan &plan, const ScriptedReply &s, const ReceivedRequest &r,
                              const std::shared_ptr<const FakeProviderServer::Responder> &responder,
                              FinishReason finish, int thoughts, bool close)
{
    const auto assistantText = [&] {
        if (s.text)
            return *s.text;
        return responder ? (*responder)(r) : FakeProviderServer::defaultReply(r);
    };
    const FinishReason f = s.finishReason.value_or(finish);
    const HeaderList ids = requestIdHeaders(r);
    switch (s.kind) {
    case ScriptedReply::Kind::Ok:
        setReply(plan, successReply(r, assistantText(), f, thoughts), s.headers, close);
        return;
    case ScriptedReply::Kind::Status: {
        HttpReply reply = s.body.isEmpty() ? errorReply(r.dialect, s.statusCode) : HttpReply();
        reply.status = s.statusCode;
        if (!s.body.isEmpty())
            reply.body = s.body;
        reply.headers += ids;
        setReply(plan, reply, s.headers, close);
        return;
    }
    case ScriptedReply::Kind::ResetConnection:
        plan.action = ReplyPlan::Action::Reset;
        return;
    case ScriptedReply::Kind::Hang:
        plan.action = ReplyPlan::Action::Hang;
        return;
    case ScriptedReply::Kind::TruncatedBody:
        setReply(plan, successReply(r, assistantText(), f, thoughts), s.headers, false);
        plan.action = ReplyPlan::Action::Truncate;
        plan.body.truncate(plan.body.size() / 2);
        return;
    case ScriptedReply::Kind::InvalidJson: {
        HttpReply reply = invalidJsonReply();
        reply.headers += ids;
        setReply(plan, reply, s.headers, close);
        return;
    }
    case ScriptedReply::Kind::SchemaInvalid:
        setReply(plan, successReply(r, schemaViolatingText(r), f, thoughts), s.headers, close);
        return;
    case ScriptedReply::Kind::SlowBody:
        setReply(plan, successReply(r, assistantText(), f, thoughts), s.headers, close);
        plan.action = ReplyPlan::Action::Slow;
        plan.chunkMs = s.chunkMs;
        return;
    case ScriptedReply::Kind::OllamaErrorInStream:
        setReply(plan, ollamaStreamErrorReply(s.text.value_or(QString())), s.headers, close);
        return;
    }
}

void ServerCore::schedule(qint64 deadline, int id, std::shared_ptr<ReplyPlan> plan)
{
    // One sorted queue and one timer, however many replies are waiting.
    m_pending.emplace(deadline, Pending{id, std::move(plan)});
    // Re-arming costs a timer registration; skip it when the timer already fires early enough.
    if (m_timer->isActive() && deadline >= m_armedFor)
        return;
    armTimer();
}

void ServerCore::armTimer()
{
    if (m_pending.empty()) {
        m_timer->stop();
        return;
    }
    m_armedFor = m_pending.begin()->first;
    m_timer->start(static_cast<int>(qMax<qint64>(0, m_armedFor - m_clock.elapsed())));
}

void ServerCore::onTimer()
{
    const qint64 now = m_clock.elapsed();
    while (!m_pending.empty() && m_pending.begin()->first <= now) {
        Pending p = std::move(m_pending.begin()->second);
        m_pending.erase(m_pending.begin());
        Connection *c = find(p.connection);
        if (!c)
            continue; // the client went away while the reply waited
        execute(c, p.plan);
        if (find(p.connection) && !c->busy)
            processInput(p.connection);
    }
    armTimer();
}

void ServerCore::execute(Connection *c, const std::shared_ptr<ReplyPlan> &plan)
{
    switch (plan->action) {
    case ReplyPlan::Action::Send:
        c->socket->write(plan->head + plan->body);
        finishReply(c);
        return;
    case ReplyPlan::Action::Hang:
        return; // stays busy and in flight until the client closes
    case ReplyPlan::Action::Reset:
        close(c->id, CloseMode::Reset);
        return;
    case ReplyPlan::Action::Truncate:
        c->socket->write(plan->head + plan->body);
        close(c->id, CloseMode::Graceful);
        return;
    case ReplyPlan::Action::Slow: {
        if (plan->sent == 0 && !plan->head.isEmpty()) {
            c->socket->write(plan->head);
            plan->head.clear();
        }
        constexpr qsizetype ChunkBytes = 16;
        const qsizetype n = qMin(ChunkBytes, plan->body.size() - plan->sent);
        c->socket->write(plan->body.constData() + plan->sent, n);
        plan->sent += n;
        if (plan->sent >= plan->body.size()) {
            finishReply(c);
            return;
        }
        schedule(m_clock.elapsed() + plan->chunkMs, c->id, plan);
        return;
    }
    }
}

void ServerCore::finishReply(Connection *c)
{
    c->busy = false;
    --c->inFlight;
    {
        QMutexLocker lock(&m_state->mutex);
        --m_state->inFlight;
    }
    if (c->closeAfterReply)
        close(c->id, CloseMode::Graceful);
}

void ServerCore::close(int id, CloseMode mode)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    const std::unique_ptr<Connection> c = std::move(it->second);
    m_connections.erase(it);
    {
        QMutexLocker lock(&m_state->mutex);
        --m_state->open;
        m_state->inFlight -= c->inFlight;
    }
    QTcpSocket *socket = c->socket;
    QObject::disconnect(socket, nullptr, this, nullptr);
    switch (mode) {
    case CloseMode::ByPeer:
        socket->deleteLater();
        return;
    case CloseMode::Graceful:
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
        return;
    case CloseMode::Reset: {
        // Zero linger makes close() send RST instead of FIN, like a crashed or load-balanced peer.
        const struct linger hard
        {
            1, 0
        };
        ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        socket->abort();
        socket->deleteLater();
        return;
    }
    case CloseMode::Abort:
        socket->abort();
        delete socket;
        return;
    }
}

} // namespace sift::test::detail
