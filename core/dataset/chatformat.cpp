#include "chatformat.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sift {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sift::ChatFormat", text);
}

// Jinja's trim, as the models' chat templates run it (Python's str.strip): White_Space and the four
// information separators U+001C..U+001F. All of them are in the BMP.
bool isStripSpace(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x09 && u <= 0x0D) || (u >= 0x1C && u <= 0x20) || u == 0x85 || u == 0xA0 || u == 0x1680 ||
           (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 || u == 0x202F || u == 0x205F ||
           u == 0x3000;
}

QString trimmed(const QString &s)
{
    qsizetype begin = 0, end = s.size();
    while (begin < end && isStripSpace(s[begin]))
        ++begin;
    while (end > begin && isStripSpace(s[end - 1]))
        --end;
    return s.mid(begin, end - begin);
}

QString gemma(const QList<ChatMessage> &messages)
{
    QString out = QStringLiteral("<bos>");
    QString prefix;
    qsizetype first = 0;
    if (!messages.isEmpty() && messages.first().role == QLatin1String("system")) {
        prefix = messages.first().content + QStringLiteral("\n\n");
        first = 1;
    }
    if (first == messages.size() && first == 1) // a lone system message still reaches the model
        return out + QStringLiteral("<start_of_turn>user\n") + prefix + QStringLiteral("<end_of_turn>\n");
    for (qsizetype i = first; i < messages.size(); ++i) {
        const ChatMessage &m = messages[i];
        const QString role = m.role == QLatin1String("assistant") ? QStringLiteral("model") : m.role;
        out += QStringLiteral("<start_of_turn>") + role + QLatin1Char('\n') +
               (i == first ? prefix : QString()) + trimmed(m.content) + QStringLiteral("<end_of_turn>\n");
    }
    return out;
}

} // namespace

QStringList chatFormatNames()
{
    return {QStringLiteral("chatml"), QStringLiteral("llama3"), QStringLiteral("gemma"),
            QStringLiteral("plain"), QStringLiteral("openai")};
}

std::optional<ChatFormat> chatFormatFromName(const QString &name)
{
    static const ChatFormat formats[] = {ChatFormat::ChatMl, ChatFormat::Llama3, ChatFormat::Gemma,
                                         ChatFormat::Plain, ChatFormat::OpenAi};
    const QStringList names = chatFormatNames();
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return formats[i];
    }
    return std::nullopt;
}

QString chatFormatName(ChatFormat format)
{
    switch (format) {
    case ChatFormat::ChatMl:
        return QStringLiteral("chatml");
    case ChatFormat::Llama3:
        return QStringLiteral("llama3");
    case ChatFormat::Gemma:
        return QStringLiteral("gemma");
    case ChatFormat::Plain:
        return QStringLiteral("plain");
    case ChatFormat::OpenAi:
        return QStringLiteral("openai");
    }
    return QString();
}

QString formatConversation(const QList<ChatMessage> &messages, ChatFormat format)
{
    QString out;
    switch (format) {
    case ChatFormat::ChatMl:
    case ChatFormat::OpenAi:
        for (const ChatMessage &m : messages)
            out += QStringLiteral("<|im_start|>") + m.role + QLatin1Char('\n') + m.content +
                   QStringLiteral("<|im_end|>\n");
        return out;
    case ChatFormat::Llama3:
        out = QStringLiteral("<|begin_of_text|>");
        for (const ChatMessage &m : messages)
            out += QStringLiteral("<|start_header_id|>") + m.role + QStringLiteral("<|end_header_id|>\n\n") +
                   trimmed(m.content) + QStringLiteral("<|eot_id|>");
        return out;
    case ChatFormat::Gemma:
        return gemma(messages);
    case ChatFormat::Plain:
        for (qsizetype i = 0; i < messages.size(); ++i)
            out += (i ? QStringLiteral("\n\n") : QString()) + messages[i].content;
        return out;
    }
    return out;
}

qint64 countConversationTokens(const Tokenizer &tokenizer, const QList<ChatMessage> &messages,
                               ChatFormat format)
{
    if (format == ChatFormat::OpenAi) {
        qint64 n = 3; // every reply is primed with <|start|>assistant<|message|>
        for (const ChatMessage &m : messages)
            n += 3 + tokenizer.count(m.role) + tokenizer.count(m.content);
        return n;
    }
    return tokenizer.count(formatConversation(messages, format));
}

Result<QList<ChatMessage>> parseConversation(const QByteArray &json, const QString &file, int line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Diagnostic::error(
            file, line, error.offset + 1, tr("not valid JSON: %1").arg(error.errorString()),
            tr("give a JSON list of {\"role\", \"content\"} messages or {\"messages\": [...]}"));
    QJsonArray array;
    if (doc.isArray())
        array = doc.array();
    else if (doc.isObject() && doc.object().value(QStringLiteral("messages")).isArray())
        array = doc.object().value(QStringLiteral("messages")).toArray();
    else
        return Diagnostic::error(
            file, line, 1, tr("expected a list of messages or an object with \"messages\""),
            tr("give a JSON list of {\"role\", \"content\"} messages or {\"messages\": [...]}"));
    QList<ChatMessage> messages;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject m = array[i].toObject();
        const QJsonValue role = m.value(QStringLiteral("role"));
        const QJsonValue content = m.value(QStringLiteral("content"));
        if (!array[i].isObject() || !role.isString())
            return Diagnostic::error(file, line, 1, tr("message %1 has no \"role\"").arg(i + 1),
                                     tr("each message is {\"role\": \"user\", \"content\": \"...\"}"));
        ChatMessage message{role.toString(), QString()};
        if (content.isString()) {
            message.content = content.toString();
        } else if (content.isArray()) {
            // Content parts: the text parts are what the tokenizer sees.
            for (const QJsonValue &part : content.toArray())
                message.content += part.toObject().value(QStringLiteral("text")).toString();
        } else if (!content.isNull() && !content.isUndefined()) {
            return Diagnostic::error(file, line, 1, tr("message %1 has content that is not text").arg(i + 1),
                                     tr("\"content\" must be a string"));
        }
        messages.append(message);
    }
    return messages;
}

} // namespace sift
