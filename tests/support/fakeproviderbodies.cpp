#include "fakeproviderbodies.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace sift::test::detail {

namespace {

// A message's content is a string, or an array of blocks/parts each with an optional "text".
int wordsIn(const QJsonValue &content)
{
    if (content.isString())
        return countWords(content.toString());
    int n = 0;
    const QJsonArray blocks = content.toArray();
    for (const QJsonValue &b : blocks)
        n += countWords(b.toObject().value(QLatin1String("text")).toString());
    return n;
}

QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    const QJsonArray blocks = content.toArray();
    for (const QJsonValue &b : blocks) {
        const QJsonObject block = b.toObject();
        const QJsonValue type = block.value(QLatin1String("type"));
        if (type.isUndefined() || type.toString() == QLatin1String("text"))
            parts.append(block.value(QLatin1String("text")).toString());
    }
    return parts.join(QLatin1Char('\n'));
}

QString nowRfc3339()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

bool ollamaStreams(const ReceivedRequest &request)
{
    // The real server streams unless told "stream": false.
    const QJsonValue stream = request.json.value(QLatin1String("stream"));
    return !(stream.isBool() && !stream.toBool());
}

QByteArray ollamaStreamBody(const ReceivedRequest &request, const QString &text, FinishReason finish,
                            int prompt, int completion)
{
    const QString created = nowRfc3339();
    QByteArray out;
    // One line per word with its trailing whitespace, so the pieces concatenate back to the text.
    qsizetype start = 0;
    const qsizetype n = text.size();
    while (start < n) {
        qsizetype end = start;
        while (end < n && !text.at(end).isSpace())
            ++end;
        while (end < n && text.at(end).isSpace())
            ++end;
        const QJsonObject line{
            {QStringLiteral("model"), request.model},
            {QStringLiteral("created_at"), created},
            {QStringLiteral("message"),
             QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                         {QStringLiteral("content"), text.mid(start, end - start)}}},
            {QStringLiteral("done"), false},
        };
        out += compact(line);
        out += '\n';
        start = end;
    }
    const QJsonObject last{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("created_at"), created},
        {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                {QStringLiteral("content"), QString()}}},
        {QStringLiteral("done"), true},
        {QStringLiteral("done_reason"),
         finish == FinishReason::Length ? QStringLiteral("length") : QStringLiteral("stop")},
        {QStringLiteral("total_duration"), 1},
        {QStringLiteral("prompt_eval_count"), prompt},
        {QStringLiteral("eval_count"), completion},
    };
    out += compact(last);
    out += '\n';
    return out;
}

} // namespace

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject openAiError(const QString &message, const QString &type, const QJsonValue &code,
                        const QJsonValue &param)
{
    return QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                             {QStringLiteral("type"), type},
                                                             {QStringLiteral("param"), param},
                                                             {QStringLiteral("code"), code}}}};
}

QJsonObject anthropicError(const QString &type, const QString &message)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("message"), message}}}};
}

QJsonObject geminiError(int code, const QString &status, const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                             {QStringLiteral("message"), message},
                                                             {QStringLiteral("status"), status}}}};
}

QJsonObject ollamaError(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

HttpReply jsonReply(int status, const QJsonObject &body)
{
    HttpReply r;
    r.status = status;
    r.body = compact(body);
    return r;
}

int countWords(QStringView text)
{
    int n = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (!space && !inWord)
            ++n;
        inWord = !space;
    }
    return n;
}

int promptTokens(const ReceivedRequest &request)
{
    const QJsonObject &j = request.json;
    int n = 0;
    switch (request.dialect) {
    case Dialect::Gemini: {
        // The REST API accepts both spellings.
        QJsonValue system = j.value(QLatin1String("systemInstruction"));
        if (system.isUndefined())
            system = j.value(QLatin1String("system_instruction"));
        n += wordsIn(system.toObject().value(QLatin1String("parts")));
        const QJsonArray contents = j.value(QLatin1String("contents")).toArray();
        for (const QJsonValue &c : contents)
            n += wordsIn(c.toObject().value(QLatin1String("parts")));
        return n;
    }
    case Dialect::Anthropic:
        n += wordsIn(j.value(QLatin1String("system")));
        break;
    case Dialect::OpenAi:
    case Dialect::Ollama:
    case Dialect::Unknown:
        break;
    }
    const QJsonArray messages = j.value(QLatin1String("messages")).toArray();
    for (const QJsonValue &m : messages)
        n += wordsIn(m.toObject().value(QLatin1String("content")));
    return n;
}

QString lastUserText(const ReceivedRequest &request)
{
    const bool gemini = request.dialect == Dialect::Gemini;
    const QJsonArray turns =
        request.json.value(gemini ? QLatin1String("contents") : QLatin1String("messages")).toArray();
    for (qsizetype i = turns.size() - 1; i >= 0; --i) {
        const QJsonObject turn = turns.at(i).toObject();
        const QJsonValue role = turn.value(QLatin1String("role"));
        // Gemini lets the role of a user turn be omitted.
        if (role.toString() == QLatin1String("user") || (gemini && role.isUndefined()))
            return textOf(turn.value(gemini ? QLatin1String("parts") : QLatin1String("content")));
    }
    return QString();
}

HeaderList requestIdHeaders(const ReceivedRequest &request)
{
    const QByteArray id = "req_" + QByteArray::number(request.sequence);
    switch (request.dialect) {
    case Dialect::OpenAi:
    case Dialect::Unknown:
        return {{QByteArrayLiteral("x-request-id"), id}};
    case Dialect::Anthropic:
        return {{QByteArrayLiteral("request-id"), id}};
    case Dialect::Gemini:
    case Dialect::Ollama:
        break;
    }
    return {};
}

HttpReply successReply(const ReceivedRequest &request, const QString &text, FinishReason finish,
                       int geminiThoughtsTokens)
{
    const int prompt = promptTokens(request);
    const int completion = countWords(text);
    const bool length = finish == FinishReason::Length;
    const QString n = QString::number(request.sequence);
    HttpReply r;
    r.headers = requestIdHeaders(request);
    switch (request.dialect) {
    case Dialect::OpenAi:
    case Dialect::Unknown: {
        const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                                  {QStringLiteral("content"), text}};
        const QJsonObject choice{
            {QStringLiteral("index"), 0},
            {QStringLiteral("message"), message},
            {QStringLiteral("finish_reason"), length ? QStringLiteral("length") : QStringLiteral("stop")}};
        const QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt},
                                {QStringLiteral("completion_tokens"), completion},
                                {QStringLiteral("total_tokens"), prompt + completion}};
        r.body = compact(QJsonObject{{QStringLiteral("id"), QStringLiteral("chatcmpl-") + n},
                                     {QStringLiteral("object"), QStringLiteral("chat.completion")},
                                     {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                                     {QStringLiteral("model"), request.model},
                                     {QStringLiteral("choices"), QJsonArray{choice}},
                                     {QStringLiteral("usage"), usage}});
        const QByteArray remaining = QByteArray::number(qMax(0, 10000 - request.sequence));
        r.headers += {{QByteArrayLiteral("x-ratelimit-limit-requests"), QByteArrayLiteral("10000")},
                      {QByteArrayLiteral("x-ratelimit-remaining-requests"), remaining},
                      {QByteArrayLiteral("x-ratelimit-reset-requests"), QByteArrayLiteral("6m0s")},
                      {QByteArrayLiteral("x-ratelimit-limit-tokens"), QByteArrayLiteral("2000000")},
                      {QByteArrayLiteral("x-ratelimit-remaining-tokens"), QByteArrayLiteral("1999000")},
                      {QByteArrayLiteral("x-ratelimit-reset-tokens"), QByteArrayLiteral("30ms")}};
        return r;
    }
    case Dialect::Anthropic: {
        const QJsonObject block{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), text}};
        r.body = compact(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("msg_") + n},
            {QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("model"), request.model},
            {QStringLiteral("content"), QJsonArray{block}},
            {QStringLiteral("stop_reason"),
             length ? QStringLiteral("max_tokens") : QStringLiteral("end_turn")},
            {QStringLiteral("stop_sequence"), QJsonValue::Null},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), prompt},
                                                  {QStringLiteral("output_tokens"), completion}}}});
        r.headers +=
            {{QByteArrayLiteral("anthropic-ratelimit-requests-limit"), QByteArrayLiteral("4000")},
             {QByteArrayLiteral("anthropic-ratelimit-requests-remaining"), QByteArrayLiteral("3999")},
             {QByteArrayLiteral("anthropic-ratelimit-requests-reset"),
              QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::ISODate).toLatin1()}};
        return r;
    }
    case Dialect::Gemini: {
        const QJsonObject content{
            {QStringLiteral("role"), QStringLiteral("model")},
            {QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), text}}}}};
        const QJsonObject candidate{
            {QStringLiteral("content"), content},
            {QStringLiteral("finishReason"), length ? QStringLiteral("MAX_TOKENS") : QStringLiteral("STOP")},
            {QStringLiteral("index"), 0}};
        QJsonObject usage{{QStringLiteral("promptTokenCount"), prompt},
                          {QStringLiteral("candidatesTokenCount"), completion},
                          {QStringLiteral("totalTokenCount"), prompt + completion + geminiThoughtsTokens}};
        // The API leaves the field out for models that did not think.
        if (geminiThoughtsTokens != 0)
            usage.insert(QStringLiteral("thoughtsTokenCount"), geminiThoughtsTokens);
        r.body = compact(QJsonObject{{QStringLiteral("candidates"), QJsonArray{candidate}},
                                     {QStringLiteral("usageMetadata"), usage},
                                     {QStringLiteral("modelVersion"), request.model},
                                     {QStringLiteral("responseId"), QStringLiteral("req_") + n}});
        return r;
    }
    case Dialect::Ollama:
        if (ollamaStreams(request)) {
            r.contentType = QByteArrayLiteral("application/x-ndjson");
            r.body = ollamaStreamBody(request, text, finish, prompt, completion);
            return r;
        }
        r.body = compact(QJsonObject{
            {QStringLiteral("model"), request.model},
            {QStringLiteral("created_at"), nowRfc3339()},
            {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                    {QStringLiteral("content"), text}}},
            {QStringLiteral("done"), true},
            {QStringLiteral("done_reason"), length ? QStringLiteral("length") : QStringLiteral("stop")},
            {QStringLiteral("total_duration"), 1},
            {QStringLiteral("prompt_eval_count"), prompt},
            {QStringLiteral("eval_count"), completion}});
        return r;
    }
    return r;
}

HttpReply lookupReply(const ReceivedRequest &request, bool known, const QStringList &listed)
{
    const QString &model = request.model;
    switch (request.dialect) {
    case Dialect::OpenAi:
    case Dialect::Unknown:
        if (model.isEmpty()) {
            QJsonArray data;
            for (const QString &id : listed.isEmpty() ? QStringList{QStringLiteral("any-model")} : listed)
                data.append(QJsonObject{{QStringLiteral("id"), id},
                                        {QStringLiteral("object"), QStringLiteral("model")},
                                        {QStringLiteral("created"), 1686935002},
                                        {QStringLiteral("owned_by"), QStringLiteral("organization-owner")}});
            return jsonReply(200, QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
        }
        if (known)
            return jsonReply(200,
                             QJsonObject{{QStringLiteral("id"), model},
                                         {QStringLiteral("object"), QStringLiteral("model")},
                                         {QStringLiteral("created"), 1686935002},
                                         {QStringLiteral("owned_by"), QStringLiteral("organization-owner")}});
        return jsonReply(404, openAiError(QStringLiteral("The model '%1' does not exist").arg(model),
                                          QStringLiteral("invalid_request_error"),
                                          QStringLiteral("model_not_found"), QStringLiteral("model")));
    case Dialect::Anthropic:
        if (known)
            return jsonReply(
                200, QJsonObject{{QStringLiteral("type"), QStringLiteral("model")},
                                 {QStringLiteral("id"), model},
                                 {QStringLiteral("display_name"), model},
                                 {QStringLiteral("created_at"), QStringLiteral("2025-02-19T00:00:00Z")}});
        return jsonReply(
            404, anthropicError(QStringLiteral("not_found_error"), QStringLiteral("model: ") + model));
    case Dialect::Gemini:
        if (known)
            return jsonReply(200, QJsonObject{{QStringLiteral("name"), QStringLiteral("models/") + model},
                                              {QStringLiteral("version"), QStringLiteral("001")},
                                              {QStringLiteral("displayName"), model},
                                              {QStringLiteral("inputTokenLimit"), 1048576},
                                              {QStringLiteral("outputTokenLimit"), 8192},
                                              {QStringLiteral("supportedGenerationMethods"),
                                               QJsonArray{QStringLiteral("generateContent"),
                                                          QStringLiteral("countTokens")}}});
        return jsonReply(
            404, geminiError(404, QStringLiteral("NOT_FOUND"),
                             QStringLiteral("models/%1 is not found for API version v1beta, or is not "
                                            "supported for generateContent. Call ListModels to see the "
                                            "list of available models and their supported methods.")
                                 .arg(model)));
    case Dialect::Ollama:
        if (known)
            return jsonReply(
                200,
                QJsonObject{{QStringLiteral("modelfile"), QStringLiteral("FROM ") + model},
                            {QStringLiteral("parameters"), QString()},
                            {QStringLiteral("template"), QStringLiteral("{{ .Prompt }}")},
                            {QStringLiteral("details"),
                             QJsonObject{{QStringLiteral("format"), QStringLiteral("gguf")},
                                         {QStringLiteral("family"), QStringLiteral("llama")},
                                         {QStringLiteral("parameter_size"), QStringLiteral("8.0B")},
                                         {QStringLiteral("quantization_level"), QStringLiteral("Q4_K_M")}}},
                            {QStringLiteral("model_info"), QJsonObject{}},
                            {QStringLiteral("capabilities"), QJsonArray{QStringLiteral("completion")}}});
        return jsonReply(404, ollamaError(QStringLiteral("model '%1' not found").arg(model)));
    }
    return jsonReply(404, ollamaError(QStringLiteral("not found")));
}

HttpReply notFoundReply(const ReceivedRequest &request)
{
    return jsonReply(
        404, openAiError(QStringLiteral("Unknown request URL: %1 %2")
                             .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path)),
                         QStringLiteral("invalid_request_error"), QStringLiteral("unknown_url")));
}

HttpReply invalidJsonReply()
{
    HttpReply r;
    // What a proxy in front of the provider sends when it garbles a reply: it starts like JSON.
    r.body =
        QByteArrayLiteral("{\"choices\": [{\"index\": 0, \"message\": <html><body>502 Bad Gateway</body>");
    return r;
}

HttpReply ollamaStreamErrorReply(const QString &message)
{
    HttpReply r;
    r.contentType = QByteArrayLiteral("application/x-ndjson");
    r.body = compact(ollamaError(message)) + '\n';
    return r;
}

} // namespace sift::test::detail
