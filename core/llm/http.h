#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QHash>
#include <QList>
#include <QPair>
#include <QUrl>

namespace sift {

// One HTTP request as a provider builds it. The headers may hold the API key: this value stays in
// memory, is never logged, stored or put into an error message.
struct HttpRequestSpec
{
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// What came back for one attempt, or why nothing usable did.
struct HttpResponse
{
    enum class Outcome {
        Received,          // a complete response with a status line (any status)
        ConnectTimeout,    // no connection within connect_timeout_s
        TransferTimeout,   // the connection went silent for timeout_s
        ConnectionFailed,  // refused, reset, closed early (a truncated body lands here), DNS, TLS
        Cancelled,
    };

    Outcome outcome = Outcome::Received;
    QString transportError;  // Qt's description when outcome is not Received
    int status = 0;
    QHash<QByteArray, QByteArray> headers;  // names lower-cased
    QByteArray body;
    qint64 latencyMs = 0;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
};

// Connect and transfer timeouts of one attempt, in milliseconds.
struct HttpTimeouts
{
    int connectMs = 10000;
    int transferMs = 120000;
};

} // namespace sift

Q_DECLARE_METATYPE(sift::HttpResponse)
