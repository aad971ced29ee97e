#include "fakeproviderhttp.h"

namespace sift::test::detail {

namespace {

constexpr qsizetype MaxHeaderBytes = 1 << 20;

// Parses a chunked body starting at pos; on success sets end to just past the final CRLF.
Parse parseChunked(const QByteArray &buf, qsizetype pos, QByteArray &body, qsizetype &end)
{
    body.clear();
    for (;;) {
        const qsizetype lineEnd = buf.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return Parse::Incomplete;
        QByteArrayView sizeField = QByteArrayView(buf).sliced(pos, lineEnd - pos);
        if (const qsizetype semi = sizeField.indexOf(';'); semi >= 0)
            sizeField = sizeField.first(semi);
        bool ok = false;
        const qlonglong size = sizeField.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return Parse::Bad;
        pos = lineEnd + 2;
        if (size == 0) {
            // Skip trailer fields up to the empty line.
            for (;;) {
                const qsizetype e = buf.indexOf("\r\n", pos);
                if (e < 0)
                    return Parse::Incomplete;
                if (e == pos) {
                    end = e + 2;
                    return Parse::Complete;
                }
                pos = e + 2;
            }
        }
        if (buf.size() < pos + size + 2)
            return Parse::Incomplete;
        body.append(buf.constData() + pos, size);
        pos += size + 2;
    }
}

} // namespace

Parse parseRequest(const QByteArray &buf, qsizetype &pos, HttpRequest &out)
{
    qsizetype start = pos;
    // A client may send a stray CRLF between pipelined requests.
    while (start + 1 < buf.size() && buf.at(start) == '\r' && buf.at(start + 1) == '\n')
        start += 2;
    const qsizetype headerEnd = buf.indexOf("\r\n\r\n", start);
    if (headerEnd < 0)
        return buf.size() - start > MaxHeaderBytes ? Parse::Bad : Parse::Incomplete;

    const QByteArrayView head = QByteArrayView(buf).sliced(start, headerEnd - start);
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1)
        return Parse::Bad;
    out.method = requestLine.first(sp1).toByteArray();
    out.target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1).toByteArray();
    out.version = requestLine.sliced(sp2 + 1).toByteArray();
    if (!out.version.startsWith("HTTP/1."))
        return Parse::Bad;

    out.headers.clear();
    qsizetype linePos = lineEnd < 0 ? head.size() : lineEnd + 2;
    while (linePos < head.size()) {
        lineEnd = head.indexOf("\r\n", linePos);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(linePos, lineEnd - linePos);
        linePos = lineEnd + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Parse::Bad;
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        auto it = out.headers.find(name);
        if (it == out.headers.end())
            out.headers.insert(name, value);
        else
            *it += ", " + value;
    }

    const qsizetype bodyStart = headerEnd + 4;
    const QByteArray transferEncoding = out.headers.value(QByteArrayLiteral("transfer-encoding")).toLower();
    if (transferEncoding.contains("chunked")) {
        qsizetype end = 0;
        const Parse p = parseChunked(buf, bodyStart, out.body, end);
        if (p == Parse::Complete)
            pos = end;
        return p;
    }
    qlonglong length = 0;
    const auto cl = out.headers.constFind(QByteArrayLiteral("content-length"));
    if (cl != out.headers.cend()) {
        bool ok = false;
        length = cl->toLongLong(&ok);
        if (!ok || length < 0)
            return Parse::Bad;
    }
    if (buf.size() - bodyStart < length)
        return Parse::Incomplete;
    out.body = buf.mid(bodyStart, length);
    pos = bodyStart + length;
    return Parse::Complete;
}

RouteKind route(ReceivedRequest &r)
{
    const QByteArray &p = r.path;
    const bool post = r.method == "POST";
    const auto modelFromBody = [&r] {
        r.model = r.json.value(QLatin1String("model")).toString();
        // Older Ollama clients send "name" to /api/show.
        if (r.model.isEmpty())
            r.model = r.json.value(QLatin1String("name")).toString();
    };
    if (post) {
        if (p.endsWith("/chat/completions")) {
            r.dialect = Dialect::OpenAi;
            modelFromBody();
            return RouteKind::Completion;
        }
        if (p == "/v1/messages") {
            r.dialect = Dialect::Anthropic;
            modelFromBody();
            return RouteKind::Completion;
        }
        if (p == "/api/chat") {
            r.dialect = Dialect::Ollama;
            modelFromBody();
            return RouteKind::Completion;
        }
        if (p == "/api/show") {
            r.dialect = Dialect::Ollama;
            r.modelLookup = true;
            modelFromBody();
            return RouteKind::Lookup;
        }
        static constexpr QByteArrayView generate(":generateContent");
        for (const QByteArrayView prefix :
             {QByteArrayView("/v1beta/models/"), QByteArrayView("/v1/models/")}) {
            if (p.startsWith(prefix) && p.endsWith(generate) && p.size() > prefix.size() + generate.size()) {
                r.dialect = Dialect::Gemini;
                r.model = QString::fromUtf8(QByteArray::fromPercentEncoding(
                    p.sliced(prefix.size(), p.size() - prefix.size() - generate.size())));
                return RouteKind::Completion;
            }
        }
        return RouteKind::NotFound;
    }
    if (r.method == "GET") {
        static constexpr QByteArrayView gemini("/v1beta/models/");
        if (p.startsWith(gemini) && p.size() > gemini.size() && !p.contains(':')) {
            r.dialect = Dialect::Gemini;
            r.modelLookup = true;
            r.model = QString::fromUtf8(QByteArray::fromPercentEncoding(p.sliced(gemini.size())));
            return RouteKind::Lookup;
        }
        // The OpenAI-compatible model list, the route every compatible server offers.
        if (p.endsWith(QByteArrayView("/v1/models"))) {
            r.dialect = Dialect::OpenAi;
            r.modelLookup = true;
            return RouteKind::Lookup;
        }
        // OpenAI-compatible base URLs may carry a prefix before /v1 (e.g. /openai/v1/models/x).
        static constexpr QByteArrayView models("/v1/models/");
        const qsizetype at = p.indexOf(models);
        if (at >= 0 && p.size() > at + models.size() && !p.contains(':')) {
            r.dialect = r.headers.contains(QByteArrayLiteral("anthropic-version")) ? Dialect::Anthropic
                                                                                   : Dialect::OpenAi;
            r.modelLookup = true;
            r.model = QString::fromUtf8(QByteArray::fromPercentEncoding(p.sliced(at + models.size())));
            return RouteKind::Lookup;
        }
    }
    return RouteKind::NotFound;
}

} // namespace sift::test::detail
