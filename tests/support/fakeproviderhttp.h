// HTTP/1.1 request framing and URL routing for the fake provider server. Hand-written rather than regex
// based: it runs for every request and must keep up with thousands per second.

#pragma once

#include "fakeprovider.h"

#include <QByteArray>
#include <QHash>

namespace sift::test::detail {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;
    QByteArray version;
    QHash<QByteArray, QByteArray> headers; // names lower-cased, repeats joined with ", "
    QByteArray body;                       // de-chunked
};

enum class Parse
{
    Incomplete,
    Complete,
    Bad
};

// Parses one request from buf at pos, advancing pos past it when complete.
Parse parseRequest(const QByteArray &buf, qsizetype &pos, HttpRequest &out);

enum class RouteKind
{
    Completion,
    Lookup,
    NotFound
};

// Fills in the request's dialect, model and modelLookup from its method, path, headers and body.
RouteKind route(ReceivedRequest &r);

} // namespace sift::test::detail
