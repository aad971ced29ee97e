// The fake provider server's insides: the state both threads share, and the QObject that owns the
// listening socket and the connections on the server thread.

#pragma once

#include "fakeprovider.h"
#include "fakeproviderbodies.h"
#include "fakeproviderhttp.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <map>
#include <memory>
#include <unordered_map>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace sift::test::detail {

// Everything both threads touch, behind one mutex.
struct SharedState
{
    mutable QMutex mutex;
    int latencyMs = 0;
    std::shared_ptr<const FakeProviderServer::Responder> responder; // null: the default
    QStringList knownModels;
    int geminiThoughtsTokens = 0;
    FinishReason finishReason = FinishReason::Stop;
    QList<ScriptedReply> script;
    QList<ReceivedRequest> requests;
    bool recordRequests = true;
    int received = 0;  // since the last clearRequests(), recorded or not
    int sequence = 0;
    int connectionIds = 0;
    int open = 0;
    int maxOpen = 0;
    int total = 0;
    int inFlight = 0;
    int maxInFlight = 0;
};

// What to do with one request once its delay has passed.
struct ReplyPlan
{
    enum class Action
    {
        Send,
        Reset,
        Hang,
        Truncate,
        Slow
    };
    Action action = Action::Send;
    QByteArray head;
    QByteArray body;
    int chunkMs = 0;
    qsizetype sent = 0; // Slow: body bytes written so far
};

struct Connection
{
    int id = 0;
    QTcpSocket *socket = nullptr;
    QByteArray in;
    bool busy = false; // a reply is pending; later pipelined requests wait so replies stay in order
    int inFlight = 0;
    bool closeAfterReply = false;
    bool continueSent = false; // "100 Continue" already sent for the request being read
};

// Lives on the server thread; only listen(), port() and shutdown() are called from outside, through
// blocking queued invocations.
class ServerCore : public QObject
{
public:
    explicit ServerCore(std::shared_ptr<SharedState> state);

    bool listen();
    quint16 port() const;
    void shutdown();

private:
    enum class CloseMode
    {
        ByPeer,   // the client closed; we are inside the socket's signal
        Graceful, // flush what was written, then FIN
        Reset,    // RST, nothing flushed
        Abort     // shutting down
    };

    struct Pending
    {
        int connection = 0;
        std::shared_ptr<ReplyPlan> plan;
    };

    Connection *find(int id);
    void onNewConnection();
    void onReadyRead(int id);
    void processInput(int id);
    void handle(Connection *c, HttpRequest &&http);
    void planScripted(ReplyPlan &plan, const ScriptedReply &s, const ReceivedRequest &r,
                      const std::shared_ptr<const FakeProviderServer::Responder> &responder,
                      FinishReason finish, int thoughts, bool close);
    void schedule(qint64 deadline, int id, std::shared_ptr<ReplyPlan> plan);
    void armTimer();
    void onTimer();
    void execute(Connection *c, const std::shared_ptr<ReplyPlan> &plan);
    void finishReply(Connection *c);
    void close(int id, CloseMode mode);

    std::shared_ptr<SharedState> m_state;
    QTcpServer *m_server = nullptr;
    QTimer *m_timer = nullptr;
    qint64 m_armedFor = 0; // the deadline the timer is set for while it is active
    QElapsedTimer m_clock;
    std::unordered_map<int, std::unique_ptr<Connection>> m_connections;
    std::multimap<qint64, Pending> m_pending; // by deadline; equal deadlines keep their order
};

} // namespace sift::test::detail
